"""Keyboards and callback payloads: kpi (part of `bot.keyboards`)."""

from __future__ import annotations
