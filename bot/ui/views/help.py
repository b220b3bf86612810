"""Views: help — the answers to «Вопрос решён»."""

from __future__ import annotations

from bot.services.help import HandleOutcome
from bot.ui import texts
from bot.ui.texts import help as t

_REFUSALS = {
    HandleOutcome.ALREADY: t.HELP_ALREADY_HANDLED,
    HandleOutcome.FORBIDDEN: t.HELP_NOT_YOURS,
    HandleOutcome.UNKNOWN: texts.UNKNOWN_BUTTON,
}


def refused(outcome: HandleOutcome) -> str:
    """The toast for a press that handled nothing."""
    return _REFUSALS[outcome]
