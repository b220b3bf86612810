"""Keyboards and callback payloads: verify (part of `bot.keyboards`)."""

from __future__ import annotations
