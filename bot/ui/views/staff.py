"""Views: the staff overview (`/staff`, a person's page) and «remind now» (`/remind`)."""

from __future__ import annotations

from bot.rules.checklist import local_today
from bot.rules.staff import ALL, FILTERS, NOT_JOINED, OVERDUE
from bot.services.checklist import ChecklistView
from bot.services.staff import RemindResult, StaffPage
from bot.ui.keyboards import staff as kb
from bot.ui.texts import item_title
from bot.ui.texts import staff as t
from bot.ui.views import Rendered


def staff_message(result: StaffPage, school: str) -> Rendered:
    """A page of the school's people under a status filter, with the filter buttons."""
    pg = result.page
    text = t.staff_list(
        school,
        result.status_filter,
        result.counts,
        [(r.status, r.name, r.role, r.class_label, r.position) for r in result.rows],
        result.kind,
        pg.total,
        pg.number,
        pg.pages,
    )
    people = [
        (r.person_id, t.person_button(r.status, r.name))
        for r in result.rows
        if r.person_id is not None
    ]
    everyone = sum(n for s, n in result.counts.items() if s != NOT_JOINED)
    filters = [(f, everyone if f == ALL else result.counts.get(f, 0)) for f in FILTERS]
    rows = kb.staff_list(
        people, filters, result.status_filter, pg.number, pg.has_prev, pg.has_next,
        can_remind=result.counts.get(OVERDUE, 0) > 0,
    )  # fmt: skip
    return text, rows


def person_page(view: ChecklistView, status: str, status_filter: str, page: int) -> Rendered:
    """A person's items; the button leads back to the list page they were picked from (an
    unknown filter leads to the whole list)."""
    target = view.person
    unreachable = target.unreachable_at
    text = t.person_card(
        target.name,
        target.role,
        view.school.kind,
        target.class_label,
        status,
        target.paused_until,
        local_today(unreachable, view.school.tz) if unreachable else None,
        [
            (s.status, s.overdue(view.today), item_title(s.item.title, s.class_label), s.due)
            for s in view.states
        ],
    )
    back = status_filter if status_filter in FILTERS else ALL
    return text, kb.back_to_staff(back, page)


def remind_text(result: RemindResult) -> str:
    return t.remind_result(
        result.now, result.morning, result.already, result.skipped, result.sends_at
    )
