"""Keyboards and callback payloads: invites, the staff overview, «remind now» (part of
`bot.ui.keyboards`). Prefixes: i, il (invites), st, stp (staff), rm (remind).

The `/invite` wizard keeps its whole state in the payload of each button (role, class, days),
so nothing is stored between presses. The caller's role and school always come from the
database, never from a payload.
"""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import invites as t


class InviteCb(CallbackPayload, prefix="i"):
    """A wizard step. act: "r" role chosen, "o" other class (grades), "g" grade chosen
    (cls = the grade), "c" class chosen, "d" days chosen, "u" uses chosen (create), "x" cancel.
    uses 0 = no limit."""

    act: str
    role: str | None = None
    cls: str | None = None
    days: int | None = None
    uses: int | None = None


class InviteListCb(CallbackPayload, prefix="il"):
    """act: "page" (show page), "rev" (revoke invite iid), "all" (ask to revoke all unused),
    "allok" (confirmed)."""

    act: str
    page: int = 1
    iid: int | None = None


class StaffCb(CallbackPayload, prefix="st"):
    """A page of the staff list under a status filter (bot.rules.staff.FILTERS)."""

    f: str
    page: int = 1


class StaffPersonCb(CallbackPayload, prefix="stp"):
    """One person's items; f and page lead back to the list they were picked from."""

    pid: int
    f: str
    page: int = 1


class RemindCb(CallbackPayload, prefix="rm"):
    """act: "go" — remind everyone with overdue items now (as /remind)."""

    act: str


def _cancel() -> list[dict[str, str]]:
    return [button(t.BTN_CANCEL, InviteCb(act="x"))]


def _grid(buttons: list[dict[str, str]], width: int) -> Rows:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def invite_roles(roles: tuple[str, ...], kind: str) -> Rows:
    rows = [[button(t.role_button(r, kind), InviteCb(act="r", role=r))] for r in roles]
    return [*rows, _cancel()]


def invite_classes(role: str, known: list[str], kind: str) -> Rows:
    """Known classes (groups) of the school, then «other class» (a grade/letter grid) —
    or, in a preschool, a link without a group."""
    rows = _grid([button(t.class_button(c), InviteCb(act="c", role=role, cls=c)) for c in known], 4)
    if kind == "preschool":
        rows.append([button(t.BTN_NO_GROUP, InviteCb(act="c", role=role))])
    else:
        rows.append([button(t.BTN_OTHER_CLASS, InviteCb(act="o", role=role))])
    return [*rows, _cancel()]


def invite_grades(role: str, grades: tuple[int, ...]) -> Rows:
    buttons = [button(str(g), InviteCb(act="g", role=role, cls=str(g))) for g in grades]
    return [*_grid(buttons, 4), _cancel()]


def invite_letters(role: str, grade: str, letters: tuple[str, ...]) -> Rows:
    buttons = [
        button(f"{grade}{x}", InviteCb(act="c", role=role, cls=f"{grade}{x}")) for x in letters
    ]
    return [buttons, _cancel()]


def invite_days(role: str, cls: str | None, options: tuple[int, ...]) -> Rows:
    row = [button(t.days_button(d), InviteCb(act="d", role=role, cls=cls, days=d)) for d in options]
    return [row, _cancel()]


def invite_uses(role: str, cls: str | None, days: int, options: tuple[int, ...]) -> Rows:
    rows = [
        [button(t.uses_button(u), InviteCb(act="u", role=role, cls=cls, days=days, uses=u))]
        for u in options
    ]
    return [*rows, _cancel()]


def invite_list(
    numbers: list[tuple[int, int]], page: int, has_prev: bool, has_next: bool, unused: int
) -> Rows:
    """numbers: (position in the list, invite id) on this page."""
    rows = _grid(
        [
            button(t.revoke_button(n), InviteListCb(act="rev", page=page, iid=iid), "negative")
            for n, iid in numbers
        ],
        2,
    )
    nav = []
    if has_prev:
        nav.append(button(t.BTN_PREV, InviteListCb(act="page", page=page - 1)))
    if has_next:
        nav.append(button(t.BTN_NEXT, InviteListCb(act="page", page=page + 1)))
    if nav:
        rows.append(nav)
    if unused:
        rows.append(
            [button(t.revoke_unused_button(unused), InviteListCb(act="all", page=page), "negative")]
        )
    return rows


def revoke_unused_confirm(page: int) -> Rows:
    return [
        [button(t.BTN_REVOKE_YES, InviteListCb(act="allok", page=page), "negative")],
        [button(t.BTN_CANCEL, InviteListCb(act="page", page=page))],
    ]


def back_to_invites() -> Rows:
    return [[button(t.BTN_BACK_TO_LIST, InviteListCb(act="page", page=1))]]


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
    rows = [[button(label, StaffPersonCb(pid=pid, f=current, page=page))] for pid, label in people]
    nav = []
    if has_prev:
        nav.append(button(t.BTN_PREV, StaffCb(f=current, page=page - 1)))
    if has_next:
        nav.append(button(t.BTN_NEXT, StaffCb(f=current, page=page + 1)))
    if nav:
        rows.append(nav)
    rows += _grid(
        [
            button(t.filter_button(f, count, f == current), StaffCb(f=f, page=1))
            for f, count in filters
        ],
        2,
    )
    if can_remind:
        rows.append([button(t.BTN_REMIND, RemindCb(act="go"))])
    return rows


def back_to_staff(status_filter: str, page: int) -> Rows:
    return [[button(t.BTN_BACK_TO_LIST, StaffCb(f=status_filter, page=page))]]
