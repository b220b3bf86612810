"""Russian texts: kpi (part of the one catalogue, `bot.texts`)."""

from __future__ import annotations
