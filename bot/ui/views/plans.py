"""Views: the authority's roadmap (`/plan`, a plan file's check and preview, the buttons)."""

from __future__ import annotations

from bot.services.plans import DraftOutcome, DraftResult, PlanSummary, Upload, UploadOutcome
from bot.ui.keyboards import Rows
from bot.ui.keyboards.plans import preview_keyboard
from bot.ui.texts import plans as t


def current(summary: PlanSummary) -> str:
    return t.current(summary.name, summary.items, summary.own)


def uploaded(result: Upload, person_id: int) -> tuple[str, Rows | None]:
    """The answer to a plan file: its problems, or the preview with the buttons."""
    if result.outcome is UploadOutcome.TOO_BIG:
        return t.TOO_BIG, None
    if result.outcome is UploadOutcome.NOT_TEXT:
        return t.NOT_TEXT, None
    if result.outcome is UploadOutcome.INVALID or result.preview is None:
        return t.problems(result.problems), None
    p = result.preview
    text = t.preview(p.name, p.current, p.added, p.removed, p.kept)
    return text, preview_keyboard(person_id, p.draft, p.plan)


def pressed(result: DraftResult) -> tuple[str | None, str | None]:
    """(toast, new text of the preview) after «Заменить план» or «Отмена»."""
    if result.outcome is DraftOutcome.REPLACED and result.change is not None:
        change = result.change
        return None, t.replaced(
            change.name, len(change.added), len(change.removed), len(change.kept)
        )
    if result.outcome is DraftOutcome.CANCELLED:
        return None, t.CANCELLED
    if result.outcome is DraftOutcome.ALREADY:
        return t.ALREADY, None
    return t.STALE, None
