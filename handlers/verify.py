"""Handlers: verify."""

from __future__ import annotations

from maxapi import Router

router = Router("verify")
