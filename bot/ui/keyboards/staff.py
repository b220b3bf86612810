"""Keyboards and callback payloads: the staff overview and «remind now» (part of
`bot.ui.keyboards`). Prefixes: st (a page of `/staff`), stp (a person's page), rm (remind).
"""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import staff as t


class StaffCb(CallbackPayload, prefix="st"):
    """A page of the staff list under a status filter (bot.rules.staff.FILTERS)."""

    status_filter: str
    page: int = 1


class StaffPersonCb(CallbackPayload, prefix="stp"):
    """One person's items; status_filter and page lead back to the list they were picked
    from."""

    person_id: int
    status_filter: str
    page: int = 1


class RemindCb(CallbackPayload, prefix="rm"):
    """act: "go" — remind everyone with overdue items now (as /remind)."""

    act: str


def _grid(buttons: list[dict[str, str]], width: int) -> Rows:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def staff_list(
    people: list[tuple[int, str]],
    filters: list[tuple[str, int]],
    current: str,
    page: int,
    has_prev: bool,
    has_next: bool,
    can_remind: bool,
) -> Rows:
    """people: (person id, button label) on this page; filters: (filter, count) in order."""
    rows = [
        [button(label, StaffPersonCb(person_id=person_id, status_filter=current, page=page))]
        for person_id, label in people
    ]
    nav = []
    if has_prev:
        nav.append(button(t.BTN_PREV, StaffCb(status_filter=current, page=page - 1)))
    if has_next:
        nav.append(button(t.BTN_NEXT, StaffCb(status_filter=current, page=page + 1)))
    if nav:
        rows.append(nav)
    rows += _grid(
        [
            button(t.filter_button(f, count, f == current), StaffCb(status_filter=f, page=1))
            for f, count in filters
        ],
        2,
    )
    if can_remind:
        rows.append([button(t.BTN_REMIND, RemindCb(act="go"))])
    return rows


def back_to_staff(status_filter: str, page: int) -> Rows:
    return [[button(t.BTN_BACK_TO_LIST, StaffCb(status_filter=status_filter, page=page))]]
