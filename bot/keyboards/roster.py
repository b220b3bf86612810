"""Keyboards and callback payloads: roster (part of `bot.keyboards`)."""

from __future__ import annotations
