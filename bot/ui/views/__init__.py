"""Turn service results into (text, keyboard) pairs. No I/O; texts and keyboards only.

One module per feature (`views/checklist.py`, `views/pause.py`, …); `Rendered` is shared.
"""

from __future__ import annotations

from typing import Any

from bot.rules.progress import SchoolProgress
from bot.services.announce import Draft, DraftOutcome
from bot.ui import texts
from bot.ui.keyboards import Rows
from bot.ui.keyboards import console as console_keyboards
from bot.ui.texts import common as common_texts
from bot.ui.texts import console as console_texts

Rendered = tuple[str, Rows]


def school_progress_text(name: str, progress: SchoolProgress, today: Any) -> str:
    return texts.school_progress(
        name,
        progress.people,
        progress.finished_people,
        progress.percent,
        [(f.title, f.school_level, f.done, f.counted, f.help) for f in progress.items],
        progress.overdue,
        progress.paused,
        today,
    )


def announce_draft(draft: Draft) -> Rendered:
    """The reply to the typed text of an announcement: a preview, or what is wrong."""
    if draft.outcome is DraftOutcome.PREVIEW:
        a = draft.announcement
        return (
            console_texts.announce_preview(a.text, a.audience, draft.count),
            console_keyboards.preview_keyboard(a.id, draft.count),
        )
    problem = {
        DraftOutcome.EMPTY: console_texts.ANNOUNCE_EMPTY,
        DraftOutcome.TOO_LONG: console_texts.ANNOUNCE_TOO_LONG,
    }.get(draft.outcome, common_texts.HINT)
    return problem, []
