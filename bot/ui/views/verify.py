"""Views: verify — the replies to a screenshot and to the administrator's review buttons."""

from __future__ import annotations

from bot.services.verify import ReviewOutcome, ReviewResult, SubmitOutcome, SubmitResult
from bot.ui import texts
from bot.ui.keyboards import verify as kb
from bot.ui.texts import verify as t
from bot.ui.views import Rendered
from bot.ui.views.checklist import next_message

_NOT_SUBMITTED = {
    SubmitOutcome.NOT_EXPECTED: t.EVIDENCE_NOT_EXPECTED,
    SubmitOutcome.FETCH_FAILED: t.EVIDENCE_FETCH_FAILED,
}

_REVIEW_REFUSALS = {
    ReviewOutcome.ALREADY_APPROVED: t.EVIDENCE_ALREADY_APPROVED,
    ReviewOutcome.ALREADY_RETURNED: t.EVIDENCE_ALREADY_RETURNED,
    ReviewOutcome.REPLACED: t.EVIDENCE_REPLACED,
    ReviewOutcome.OWN: t.EVIDENCE_OWN,
    ReviewOutcome.FORBIDDEN: texts.FORBIDDEN_OBJECT,
    ReviewOutcome.UNKNOWN: texts.UNKNOWN_BUTTON,
}


def not_submitted(outcome: SubmitOutcome) -> str:
    """Why a photo was not taken (NOT_EXPECTED, FETCH_FAILED)."""
    return _NOT_SUBMITTED[outcome]


def submitted(result: SubmitResult) -> list[Rendered]:
    """The messages after a photo was taken: where it went, then the next step."""
    if result.outcome is SubmitOutcome.SENT:
        first = t.EVIDENCE_SENT
    else:
        first = t.evidence_no_reviewer(result.title or "")
    view = result.view
    assert view is not None  # SENT and NO_REVIEWER carry the checklist
    return [(first, []), next_message(view, view.first_open())]


def ask_reason(result: ReviewResult) -> Rendered:
    assert result.name is not None and result.title is not None
    assert result.evidence_id is not None
    return t.return_ask_reason(result.name, result.title), kb.reasons_keyboard(result.evidence_id)


def approved(result: ReviewResult) -> str:
    assert result.name is not None and result.title is not None
    return t.evidence_approved_for_admin(result.name, result.title)


def returned(result: ReviewResult) -> str:
    assert result.name is not None and result.title is not None and result.reason is not None
    return t.evidence_returned_for_admin(result.name, result.title, result.reason)


def refused(outcome: ReviewOutcome) -> str:
    """The toast for a review that changed nothing."""
    return _REVIEW_REFUSALS[outcome]
