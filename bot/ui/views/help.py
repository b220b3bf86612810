"""Views: help — a helper's buttons on a request (answer, solved, pass on) and the typed
answer."""

from __future__ import annotations

from bot.services.help import AnswerResult, HandleOutcome
from bot.ui import texts
from bot.ui.keyboards import help as kb
from bot.ui.texts import help as t
from bot.ui.views import Rendered

_REFUSALS = {
    HandleOutcome.ALREADY: t.HELP_ALREADY_HANDLED,
    HandleOutcome.ALREADY_PASSED: t.HELP_ALREADY_PASSED,
    HandleOutcome.NOBODY: t.HELP_NOBODY_IN_AUTHORITY,
    HandleOutcome.OWN: t.HELP_OWN_REQUEST,
    HandleOutcome.FORBIDDEN: t.HELP_NOT_YOURS,
    HandleOutcome.UNKNOWN: texts.UNKNOWN_BUTTON,
}


def refused(outcome: HandleOutcome) -> str:
    """The toast for a press that did nothing."""
    return _REFUSALS.get(outcome, texts.UNKNOWN_BUTTON)


def ask_answer(text: str, request_id: int) -> Rendered:
    return text, kb.answering_keyboard(request_id)


def not_now(text: str, request_id: int) -> Rendered:
    return text, kb.help_request_keyboard(request_id)


def answered(result: AnswerResult) -> Rendered:
    """The reply to a helper's typed answer: sent (with «Вопрос решён»), or what is wrong."""
    if result.refused is not None:
        return refused(result.refused), []
    return result.text, result.rows
