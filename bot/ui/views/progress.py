"""Views: progress — a school's `/progress` summary."""

from __future__ import annotations

from datetime import date

from bot.rules import standing
from bot.rules.progress import SchoolProgress
from bot.rules.text import pages_by_size
from bot.services.progress import SchoolReport
from bot.ui.keyboards import progress as kb
from bot.ui.keyboards.staff import to_staff_keyboard
from bot.ui.texts import chats as chat_texts
from bot.ui.texts import progress as t
from bot.ui.views import Rendered


def school_report_text(name: str, report: SchoolReport, today: date) -> str:
    """`/progress` of a school: its people's progress, then its class chats."""
    chats = chat_texts.class_table(report.chats.figures, report.chats.school)
    return "\n\n".join(
        [school_progress_text(name, report.progress, today, report.declared), "\n".join(chats)]
    )


def school_progress_text(
    name: str, progress: SchoolProgress, today: date, declared: int | None = None
) -> str:
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
        declared,
        standing.school_share(progress, declared),
        [standing.item_share(f, progress.people, declared) for f in progress.items],
    )


PAGE_BUDGET = 3000  # characters of rows on a page of a list: with its header, one message


def _pages(lines: list[str]) -> list[tuple[int, int]]:
    return pages_by_size([len(line) for line in lines], PAGE_BUDGET, t.LIST_PAGE)


def school_report_message(person_id: int, name: str, report: SchoolReport, today: date) -> Rendered:
    """`/progress` of a school with «Дальше ▶» to the overdue people after the first page,
    and on to `/staff`."""
    overdue = report.progress.overdue
    pages = len(_pages(t.overdue_lines(overdue)))
    rows = kb.pager(person_id, kb.OVERDUE, 1, pages, len(overdue), fresh=1)
    return school_report_text(name, report, today), [*rows, *to_staff_keyboard()]


def _page(number: int, pages: list[tuple[int, int]]) -> tuple[int, int, int]:
    """The page shown for `number` (clamped: a list that shrank shows its last page)."""
    shown = min(max(number, 1), len(pages))
    start, stop = pages[shown - 1]
    return shown, start, stop


def overdue_message(
    person_id: int, school: str, overdue: list[tuple[str, list[str]]], number: int
) -> Rendered:
    """A page of a school's people with overdue items, with «◀ Назад» / «Дальше ▶»."""
    pages = _pages(t.overdue_lines(overdue))
    shown, start, stop = _page(number, pages)
    text = t.overdue_page(school, overdue[start:stop], shown, len(pages), len(overdue))
    return text, kb.pager(person_id, kb.OVERDUE, shown, len(pages), len(overdue))


def help_message(
    person_id: int, school: str, requests: list[tuple[str, str, str | None]], number: int
) -> Rendered:
    """A page of a school's open help requests, with «◀ Назад» / «Дальше ▶»."""
    pages = _pages(t.help_lines(requests))
    shown, start, stop = _page(number, pages)
    text = t.help_page(school, requests[start:stop], shown, len(pages), len(requests))
    return text, kb.pager(person_id, kb.HELP, shown, len(pages), len(requests))
