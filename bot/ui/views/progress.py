"""Views: progress — a school's `/progress` summary."""

from __future__ import annotations

from datetime import date

from bot.rules.progress import SchoolProgress
from bot.services.progress import SchoolReport
from bot.ui.texts import chats as chat_texts
from bot.ui.texts import progress as t


def school_report_text(name: str, report: SchoolReport, today: date) -> str:
    """`/progress` of a school: its people's progress, then its class chats."""
    chats = chat_texts.class_table(report.chats.figures, report.chats.school)
    return "\n\n".join([school_progress_text(name, report.progress, today), "\n".join(chats)])


def school_progress_text(name: str, progress: SchoolProgress, today: date) -> str:
    return t.school_progress(
        name,
        progress.people,
        progress.finished_people,
        progress.percent,
        [
            (f.title, f.school_level, f.done, f.counted, f.help, f.tally if f.checkable else None)
            for f in progress.items
        ],
        progress.overdue,
        progress.paused,
        today,
        progress.checked,
    )
