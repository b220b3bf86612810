"""Handlers: schools."""

from __future__ import annotations

from maxapi import Router

router = Router("schools")
