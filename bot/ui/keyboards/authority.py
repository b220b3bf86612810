"""Keyboards and callback payloads: authority (part of `bot.ui.keyboards`).

Prefixes: "au" (the authority's rating, a school's progress, the overdue list across schools).
"""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.keyboards.export import export_button
from bot.ui.keyboards.schools import SchoolCb
from bot.ui.texts import authority as t

RATING_PAGE = 10  # schools per page of the rating (text and buttons)

# Acts.
RATING = "rating"  # the rating, page `page`
SCHOOL = "school"  # open school `school_id`
OVERDUE = "overdue"  # the overdue list, page `page`
WRITE = "write"  # write to the administrators of school `school_id`
NOWRITE = "nowrite"  # do not write after all


class AuthorityCb(Payload, prefix="au"):
    """act: "rating" (page), "school" (school_id), "overdue" (page), "write",
    "nowrite" (school_id)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "act": {RATING: "r", SCHOOL: "s", OVERDUE: "o", WRITE: "w", NOWRITE: "n"}
    }

    act: str
    target: int = 0
    """The page (rating, overdue) or the school's id (school): one value on the wire."""

    @property
    def page(self) -> int:
        return self.target

    @property
    def school_id(self) -> int:
        return self.target


def rating_keyboard(schools: list[tuple[int, str]], page: int, pages: int) -> Rows:
    """schools: (school id, label) of this page's schools."""
    rows = [[button(label, AuthorityCb(act=SCHOOL, target=sid))] for sid, label in schools]
    nav = []
    if page > 0:
        nav.append(button(t.BTN_PREV, AuthorityCb(act=RATING, target=page - 1)))
    if page + 1 < pages:
        nav.append(button(t.BTN_NEXT, AuthorityCb(act=RATING, target=page + 1)))
    if nav:
        rows.append(nav)
    rows.append([button(t.BTN_OVERDUE, AuthorityCb(act=OVERDUE, target=0))])
    rows.append([export_button()])
    return rows


def write_keyboard(school_id: int) -> Rows:
    """Under «Напишите…»: change one's mind."""
    return [[button(t.BTN_WRITE_CANCEL, AuthorityCb(act=NOWRITE, target=school_id))]]


def back_to_rating_keyboard() -> Rows:
    return [[button(t.BTN_RATING, AuthorityCb(act=RATING, target=0))]]


def overdue_keyboard(page: int, pages: int) -> Rows:
    nav = []
    if page > 0:
        nav.append(button(t.BTN_PREV, AuthorityCb(act=OVERDUE, target=page - 1)))
    if page + 1 < pages:
        nav.append(button(t.BTN_NEXT, AuthorityCb(act=OVERDUE, target=page + 1)))
    rows = [nav] if nav else []
    rows.append([button(t.BTN_RATING, AuthorityCb(act=RATING, target=0))])
    return rows


def authority_digest_keyboard(
    overdue: bool, attention: list[tuple[int, str, bool]] | None = None
) -> Rows:
    """Under the authority's weekly summary: a row for each school needing attention (school
    id, name, has administrators): open its card (`/schools`: its progress, a link for its
    administrator), write to its administrators; then the rating, and
    the overdue list when there is one."""
    rows: Rows = []
    for n, (school_id, name, writable) in enumerate(attention or [], 1):
        row = [button(t.open_button(n, name), SchoolCb(act="card", school_id=school_id))]
        if writable:
            row.append(button(t.BTN_WRITE, AuthorityCb(act=WRITE, target=school_id)))
        rows.append(row)
    rows.append([button(t.BTN_RATING, AuthorityCb(act=RATING, target=0))])
    if overdue:
        rows.append([button(t.BTN_OVERDUE, AuthorityCb(act=OVERDUE, target=0))])
    return rows
