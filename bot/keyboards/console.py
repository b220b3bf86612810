"""Keyboards and callback payloads: console (part of `bot.keyboards`)."""

from __future__ import annotations
