"""Keyboards and callback payloads: invites (part of `bot.keyboards`)."""

from __future__ import annotations
