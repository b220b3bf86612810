"""Keyboards and callback payloads: roster (part of `bot.ui.keyboards`)."""

from __future__ import annotations
