"""Views: authority — the rating of schools (a page at a time), one school's progress, the
overdue list across schools."""

from __future__ import annotations

import math

from bot.services.authority import OpenedSchool, OverduePage, Ranking, WriteOutcome, WriteResult
from bot.ui.keyboards import authority as kb
from bot.ui.keyboards.common import next_steps
from bot.ui.texts import authority as t
from bot.ui.views import Rendered
from bot.ui.views.progress import school_report_text


def rating_message(r: Ranking, page: int) -> Rendered:
    """Page `page` (clamped) of the rating, with a button per school and the page buttons."""
    pages = max(1, math.ceil(len(r.schools) / kb.RATING_PAGE))
    page = min(max(page, 0), pages - 1)
    first, last = page * kb.RATING_PAGE, (page + 1) * kb.RATING_PAGE
    buttons = [
        (s.school.id, t.school_button(n, s.school.name))
        for n, s in enumerate(r.schools[first:last], first + 1)
    ]
    return t.rating(r, first, last), kb.rating_keyboard(buttons, page, pages)


def overdue_message(page: OverduePage) -> Rendered:
    return t.overdue(page), kb.overdue_keyboard(page.page, page.pages)


def school_message(opened: OpenedSchool) -> Rendered:
    """An opened school's progress (the caller checked the access)."""
    assert opened.school is not None and opened.report is not None
    assert opened.today is not None
    text = school_report_text(opened.school.name, opened.report, opened.today)
    return text, kb.back_to_rating_keyboard()


def write_message(result: WriteResult, school_id: int, person_id: int) -> Rendered:
    """«✉️ Написать администраторам»: the prompt, or why not, or what was sent (a message of
    its own; the digest stays)."""
    after = next_steps(person_id, checklist=False, authority=True)
    if result.outcome is WriteOutcome.ASKED:
        return t.ask_write(result.school), kb.write_keyboard(school_id)
    if result.outcome is WriteOutcome.NOBODY:
        return t.write_nobody(result.school), after
    if result.outcome is WriteOutcome.SENT:
        return t.write_sent(result.school, result.sent), after
    if result.outcome is WriteOutcome.EMPTY:
        return t.WRITE_EMPTY, kb.write_keyboard(school_id)
    if result.outcome is WriteOutcome.TOO_LONG:
        return t.WRITE_TOO_LONG, kb.write_keyboard(school_id)
    if result.outcome is WriteOutcome.CANCELLED:
        return t.WRITE_CANCELLED, after
    if result.outcome is WriteOutcome.EXPIRED:
        return t.WRITE_EXPIRED, after
    return t.WRITE_FORBIDDEN, after
