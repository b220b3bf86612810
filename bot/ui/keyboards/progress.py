"""Keyboards and callback payloads: progress (part of `bot.ui.keyboards`) — the digest's buttons
to the details and the pages of a school's overdue people and open help requests.

Prefix: "pg".
"""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import progress as t

ALL, OVERDUE, HELP = "all", "overdue", "help"  # the whole report, the overdue, help requests
KPI = "kpi"  # the week's KPI figures (/kpi), with the keypad to enter them


class ProgressCb(Payload, prefix="pg"):
    """A part of a school's `/progress`: part ALL (the whole report, as `/progress`), OVERDUE
    (a page of the people with overdue items), HELP (a page of the open help requests) or KPI
    (the week's figures, as `/kpi`).
    person_id: the administrator it was drawn for; seen: how many the list held when drawn
    (a list that changed since is shown afresh from its first page); fresh: 1 on a button
    under another message (the digest, `/progress`): the page comes as a message of its own,
    0 on a page's own «◀ Назад» / «Дальше ▶», which turn that message's page."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "part": {ALL: "a", OVERDUE: "o", HELP: "h", KPI: "k"}
    }

    person_id: int
    part: str
    page: int = 1
    seen: int = 0
    fresh: int = 0


def digest_keyboard(
    person_id: int, overdue: int, help_requests: int, kpi_missing: bool = False
) -> Rows:
    """Under the digest's summary: the details, the overdue people, the open help requests,
    and the KPI screen when the week's figures are not all in."""
    rows: Rows = [[button(t.BTN_DETAILS, ProgressCb(person_id=person_id, part=ALL, fresh=1))]]
    more = []
    if overdue:
        more.append(
            button(
                t.BTN_OVERDUE, ProgressCb(person_id=person_id, part=OVERDUE, seen=overdue, fresh=1)
            )
        )
    if help_requests:
        more.append(
            button(
                t.BTN_HELP, ProgressCb(person_id=person_id, part=HELP, seen=help_requests, fresh=1)
            )
        )
    rows += [more] if more else []
    if kpi_missing:
        rows.append([button(t.BTN_KPI, ProgressCb(person_id=person_id, part=KPI, fresh=1))])
    return rows


def pager(person_id: int, part: str, page: int, pages: int, seen: int, fresh: int = 0) -> Rows:
    """«◀ Назад» / «Дальше ▶» under a page of a list (none when it has one page); `fresh`: the
    buttons are under another message (see ProgressCb)."""
    row = []
    if page > 1:
        row.append(button(t.BTN_PREV, ProgressCb(person_id=person_id, part=part, page=page - 1,
                                                 seen=seen)))  # fmt: skip
    if page < pages:
        row.append(button(t.BTN_NEXT, ProgressCb(person_id=person_id, part=part, page=page + 1,
                                                 seen=seen, fresh=fresh)))  # fmt: skip
    return [row] if row else []
