"""Keyboards and callback payloads: invites (part of `bot.ui.keyboards`). Prefixes: i (the
`/invite` wizard), il (the `/invites` list).

The `/invite` wizard keeps its whole state in the payload of each button (role, class, days),
so nothing is stored between presses. The caller's role and school always come from the
database, never from a payload.
"""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import invites as t
from bot.vocab import Kind, Role


class InviteCb(Payload, prefix="i"):
    """A wizard step. act: "role" role chosen, "other" other class (grades), "grade" grade
    chosen (class_label = the grade), "class" class chosen, "days" days chosen, "uses" uses
    chosen (create), "cancel". uses 0 = no limit."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "act": {
            "role": "r",
            "other": "o",
            "grade": "g",
            "class": "c",
            "days": "d",
            "uses": "u",
            "cancel": "x",
        }
    }

    act: str
    role: str | None = None
    class_label: str | None = None
    days: int | None = None
    uses: int | None = None


class InviteListCb(Payload, prefix="il"):
    """act: "page" (show page), "revoke" (ask to revoke invite_id), "revoke_ok" (confirmed),
    "unused" (ask to revoke all unused), "unused_ok" (confirmed)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "act": {"revoke": "rev", "revoke_ok": "revok", "unused": "all", "unused_ok": "allok"}
    }

    act: str
    page: int = 1
    invite_id: int | None = None


def _cancel() -> list[dict[str, str]]:
    return [button(t.BTN_CANCEL, InviteCb(act="cancel"))]


def _grid(buttons: list[dict[str, str]], width: int) -> Rows:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def invite_roles(roles: tuple[Role, ...], kind: str) -> Rows:
    rows = [[button(t.role_button(r, kind), InviteCb(act="role", role=r))] for r in roles]
    return [*rows, _cancel()]


def invite_classes(role: str, known: list[str], kind: str) -> Rows:
    """Known classes (groups) of the school, then «other class» (a grade/letter grid) —
    or, in a preschool, a link without a group."""
    rows = _grid(
        [button(t.class_button(c), InviteCb(act="class", role=role, class_label=c)) for c in known],
        4,
    )
    if kind == Kind.PRESCHOOL:
        rows.append([button(t.BTN_NO_GROUP, InviteCb(act="class", role=role))])
    else:
        rows.append([button(t.BTN_OTHER_CLASS, InviteCb(act="other", role=role))])
    return [*rows, _cancel()]


def invite_grades(role: str, grades: tuple[int, ...]) -> Rows:
    buttons = [button(str(g), InviteCb(act="grade", role=role, class_label=str(g))) for g in grades]
    return [*_grid(buttons, 4), _cancel()]


def invite_letters(role: str, grade: str, letters: tuple[str, ...]) -> Rows:
    buttons = [
        button(f"{grade}{x}", InviteCb(act="class", role=role, class_label=f"{grade}{x}"))
        for x in letters
    ]
    return [buttons, _cancel()]


def invite_days(role: str, class_label: str | None, options: tuple[int, ...]) -> Rows:
    row = [
        button(t.days_button(d), InviteCb(act="days", role=role, class_label=class_label, days=d))
        for d in options
    ]
    return [row, _cancel()]


def invite_uses(role: str, class_label: str | None, days: int, options: tuple[int, ...]) -> Rows:
    rows = [
        [
            button(
                t.uses_button(u),
                InviteCb(act="uses", role=role, class_label=class_label, days=days, uses=u),
            )
        ]
        for u in options
    ]
    return [*rows, _cancel()]


def invite_list(
    numbers: list[tuple[int, int]], page: int, has_prev: bool, has_next: bool, unused: int
) -> Rows:
    """numbers: (the link's stable label number, invite id) on this page."""
    rows = _grid(
        [
            button(
                t.revoke_button(n),
                InviteListCb(act="revoke", page=page, invite_id=invite_id),
                "negative",
            )
            for n, invite_id in numbers
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
            [
                button(
                    t.revoke_unused_button(unused),
                    InviteListCb(act="unused", page=page),
                    "negative",
                )
            ]
        )
    return rows


def revoke_unused_confirm(page: int) -> Rows:
    return [
        [button(t.BTN_REVOKE_YES, InviteListCb(act="unused_ok", page=page), "negative")],
        [button(t.BTN_CANCEL, InviteListCb(act="page", page=page))],
    ]


def revoke_confirm(page: int, invite_id: int) -> Rows:
    return [
        [
            button(
                t.BTN_REVOKE_YES,
                InviteListCb(act="revoke_ok", page=page, invite_id=invite_id),
                "negative",
            ),
            button(t.BTN_REVOKE_NO, InviteListCb(act="page", page=page)),
        ]
    ]


def created_keyboard() -> Rows:
    """Under a new link: on to the list of links."""
    return [[button(t.BTN_ALL_LINKS, InviteListCb(act="page", page=1))]]
