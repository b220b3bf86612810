"""Keyboards and callback payloads: the staff overview and «remind now» (part of
`bot.ui.keyboards`). Prefixes: st (a page of `/staff`), stp (a person's page), stl (a person
no longer working at the school: ask, confirm, cancel, undo), stt (change a declared total),
rm (remind).
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


class StaffLeaveCb(CallbackPayload, prefix="stl"):
    """«Больше не работает в школе» and «Вернуть» on a person's page. admin_id: the
    administrator it was drawn for; act: "ask", "yes", "no", "back"; seen: the person's state
    when drawn ("w" working, "l" left: bot.services.staff.seen_state)."""

    admin_id: int
    person_id: int
    act: str
    seen: str
    status_filter: str
    page: int = 1


class StaffTotalCb(CallbackPayload, prefix="stt"):
    """Type the school's declared staff or students: what is "staff" or "students"."""

    person_id: int
    what: str


def total_buttons(person_id: int) -> Rows:
    return [[
        button(t.BTN_TOTAL_STAFF, StaffTotalCb(person_id=person_id, what="staff")),
        button(t.BTN_TOTAL_STUDENTS, StaffTotalCb(person_id=person_id, what="students")),
    ]]  # fmt: skip


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
    admin_id: int = 0,
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
    if admin_id:
        rows += total_buttons(admin_id)
    return rows


def back_to_staff(status_filter: str, page: int) -> Rows:
    return [[button(t.BTN_BACK_TO_LIST, StaffCb(status_filter=status_filter, page=page))]]


def person_keyboard(
    admin_id: int, person_id: int, seen: str | None, status_filter: str, page: int
) -> Rows:
    """A person's page: «Больше не работает в школе» (seen "w") or «Вернуть» (seen "l"); none
    on the administrator's own page (seen None); then back to the list."""
    rows: Rows = []
    if seen is not None:
        act, label = ("back", t.BTN_BACK_TO_WORK) if seen == "l" else ("ask", t.BTN_LEFT)
        rows.append([button(label, StaffLeaveCb(
            admin_id=admin_id, person_id=person_id, act=act, seen=seen,
            status_filter=status_filter, page=page,
        ))])  # fmt: skip
    return rows + back_to_staff(status_filter, page)


def leave_confirm(admin_id: int, person_id: int, status_filter: str, page: int) -> Rows:
    def cb(act: str) -> StaffLeaveCb:
        return StaffLeaveCb(admin_id=admin_id, person_id=person_id, act=act, seen="w",
                            status_filter=status_filter, page=page)  # fmt: skip

    return [[button(t.BTN_LEFT_YES, cb("yes"), "negative")], [button(t.BTN_LEFT_NO, cb("no"))]]


def to_staff_keyboard() -> Rows:
    """On to `/staff` (under `/progress` and a reminder's result)."""
    return [[button(t.BTN_STAFF, StaffCb(status_filter="all", page=1))]]
