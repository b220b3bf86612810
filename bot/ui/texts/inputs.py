"""Typed answers the bot waits for (a help comment, a pause date) and the way out of them."""

from __future__ import annotations

BTN_SKIP = "➡️ Пропустить"
INPUT_SKIPPED = "Хорошо, продолжим."
