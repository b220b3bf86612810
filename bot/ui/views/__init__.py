"""Turn service results into (text, keyboard) pairs. No I/O; texts and keyboards only.

One module per feature (`views/checklist.py`, `views/pause.py`, `views/staff.py`, …);
`Rendered` is shared.
"""

from __future__ import annotations

from typing import Any

from bot.rules.progress import SchoolProgress
from bot.ui import texts
from bot.ui.keyboards import Rows

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
