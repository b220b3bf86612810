"""The demo (bot.demo): its fixed start."""

from __future__ import annotations

from datetime import UTC, datetime

DEMO_START = datetime(2026, 1, 11, 9, 0, tzinfo=UTC)  # Sunday 12:00 in Moscow: nobody is messaged
