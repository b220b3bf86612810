"""Views: progress — a school's `/progress` summary."""

from __future__ import annotations

from datetime import date

from bot.rules.progress import SchoolProgress
from bot.rules.staff import page_of
from bot.services.progress import SchoolReport
from bot.ui.keyboards import progress as kb
from bot.ui.texts import chats as chat_texts
from bot.ui.texts import progress as t
from bot.ui.views import Rendered


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


def school_report_message(person_id: int, name: str, report: SchoolReport, today: date) -> Rendered:
    """`/progress` of a school with «Дальше ▶» to the overdue people after the first page."""
    overdue = len(report.progress.overdue)
    pages = page_of(overdue, 1, t.LIST_PAGE).pages
    rows = kb.pager(person_id, kb.OVERDUE, 1, pages, overdue, fresh=1)
    return school_report_text(name, report, today), rows


def overdue_message(person_id: int, school: str, overdue: list[tuple[str, list[str]]],
                    number: int) -> Rendered:  # fmt: skip
    """A page of a school's people with overdue items, with «◀ Назад» / «Дальше ▶»."""
    page = page_of(len(overdue), number, t.LIST_PAGE)
    text = t.overdue_page(school, overdue[page.start : page.stop], page.number, page.pages,
                          page.total)  # fmt: skip
    return text, kb.pager(person_id, kb.OVERDUE, page.number, page.pages, page.total)


def help_message(person_id: int, school: str, requests: list[tuple[str, str, str | None]],
                 number: int) -> Rendered:  # fmt: skip
    """A page of a school's open help requests, with «◀ Назад» / «Дальше ▶»."""
    page = page_of(len(requests), number, t.LIST_PAGE)
    text = t.help_page(school, requests[page.start : page.stop], page.number, page.pages,
                       page.total)  # fmt: skip
    return text, kb.pager(person_id, kb.HELP, page.number, page.pages, page.total)
