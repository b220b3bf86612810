"""Views: the staff overview (`/staff`, a person's page) and «remind now» (`/remind`)."""

from __future__ import annotations

from datetime import date

from bot.rules.checklist import ItemState, local_today
from bot.rules.staff import ALL, FILTERS, OUTSIDE, OVERDUE
from bot.rules.verify import CHECKABLE, tally
from bot.services.checklist import ChecklistView
from bot.services.staff import (
    LeaveOutcome,
    LeaveResult,
    PersonDetail,
    RemindResult,
    StaffPage,
    seen_state,
)
from bot.ui.keyboards import staff as kb
from bot.ui.texts import staff as t
from bot.ui.texts import verify as vt
from bot.ui.views import Rendered
from bot.ui.views.checklist import icon_of, title_of


def staff_message(result: StaffPage, school: str, admin_id: int = 0) -> Rendered:
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
        t.declared_line(result.declared_staff, result.declared_students),
    )
    people = [
        (r.person_id, t.person_button(r.status, r.name))
        for r in result.rows
        if r.person_id is not None
    ]
    everyone = sum(n for s, n in result.counts.items() if s not in OUTSIDE)
    filters = [(f, everyone if f == ALL else result.counts.get(f, 0)) for f in FILTERS]
    rows = kb.staff_list(
        people, filters, result.status_filter, pg.number, pg.has_prev, pg.has_next,
        can_remind=result.counts.get(OVERDUE, 0) > 0, admin_id=admin_id,
    )  # fmt: skip
    return text, rows


def person_page(detail: PersonDetail, status_filter: str, page: int) -> Rendered:
    """A person's items; «Больше не работает в школе» (or «Вернуть»), and the button back to
    the list page they were picked from (an unknown filter leads to the whole list)."""
    view, status = detail.view, detail.status
    assert view is not None and status is not None
    target = view.person
    unreachable = target.unreachable_at
    text = t.person_card(
        target.name,
        target.role,
        view.school.kind,
        ", ".join(sorted({s.class_label for s in view.states if s.class_label})) or None,
        status,
        target.paused_until,
        local_today(unreachable, view.school.tz) if unreachable else None,
        [_item_line(view, s) for s in view.states],
        _checked(view.states),
    )
    back = status_filter if status_filter in FILTERS else ALL
    seen = None if target.id == detail.admin_id else seen_state(target)
    return text, kb.person_keyboard(detail.admin_id, target.id, seen, back, page)


def _item_line(
    view: ChecklistView, s: ItemState
) -> tuple[str, str | None, bool, str, date | None, str | None]:
    checkable = s.item.evidence in CHECKABLE
    note = vt.mark_note(s.mark, checkable, view.returned_reason(s) is not None)
    return icon_of(view, s), s.status, s.overdue(view.today), title_of(s), s.due, note


def _checked(states: list[ItemState]) -> tuple[int, int, int]:
    """(verified, self-reported, pending) of the items that can be confirmed."""
    marks = tally(s.mark for s in states if s.item.evidence in CHECKABLE)
    return marks.verified, marks.self_reported, marks.pending


LEAVE_TOASTS = {
    LeaveOutcome.SELF: t.LEFT_SELF,
    LeaveOutcome.LAST_ADMIN: t.LEFT_LAST_ADMIN,
    LeaveOutcome.STALE: t.LEFT_STALE,
}


def leave_message(result: LeaveResult, admin_id: int, status_filter: str, page: int) -> Rendered:
    """The person's page after a leave button (ASK: the confirmation instead); the toasts of
    the refusals are LEAVE_TOASTS, FORBIDDEN and UNKNOWN the handler's."""
    person, back = result.person, status_filter if status_filter in FILTERS else ALL
    assert person is not None
    if result.outcome is LeaveOutcome.ASK:
        return t.leave_confirm(person.name), kb.leave_confirm(admin_id, person.id, back, page)
    assert result.detail is not None
    text, rows = person_page(result.detail, back, page)
    note = {
        LeaveOutcome.LEFT: t.left_done(person.name),
        LeaveOutcome.BACK: t.back_done(person.name),
        LeaveOutcome.CANCELLED: t.LEFT_CANCELLED,
    }.get(result.outcome)
    return (f"{note}\n\n{text}" if note else text), rows


def remind_text(result: RemindResult) -> str:
    return t.remind_result(
        result.now, result.morning, result.already, result.skipped, result.sends_at
    )
