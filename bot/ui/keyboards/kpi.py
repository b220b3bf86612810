"""Keyboards and callback payloads: kpi (part of `bot.ui.keyboards`).

Prefixes: "k" (the administrator's /kpi keypad), "au" (the authority's rating, schools,
overdue list), "x" (the authority's XLSX export).
"""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import kpi as t

RATING_PAGE = 10  # schools per page of the rating (text and buttons)


class KpiCb(CallbackPayload, prefix="k"):
    """act: "in" (start entering `ind`), "t" (tens picked: v), "v" (value v: store it),
    "x" (back to the screen); ind: "s" staff weekly, "p" students and parents weekly."""

    pid: int
    act: str
    ind: str
    v: int | None = None


class AuthorityCb(CallbackPayload, prefix="au"):
    """act: "r" (the rating, page n), "s" (open school n), "o" (overdue list, page n)."""

    act: str
    n: int


class ExportCb(CallbackPayload, prefix="x"):
    """Build and send the authority's XLSX report."""

    act: str


def kpi_keyboard(pid: int) -> Rows:
    return [
        [button(t.BTN_ENTER["staff_weekly"], KpiCb(pid=pid, act="in", ind="s"), "positive")],
        [button(t.BTN_ENTER["students_parents_weekly"], KpiCb(pid=pid, act="in", ind="p"))],
    ]


def tens_keyboard(pid: int, ind: str) -> Rows:
    tens = [
        button(t.tens_label(n), KpiCb(pid=pid, act="t", ind=ind, v=n)) for n in range(0, 101, 10)
    ]
    rows = [tens[i : i + 4] for i in range(0, len(tens), 4)]
    rows.append([button(t.BTN_BACK, KpiCb(pid=pid, act="x", ind=ind))])
    return rows


def units_keyboard(pid: int, ind: str, tens: int) -> Rows:
    values = [
        button(t.value_label(tens + u), KpiCb(pid=pid, act="v", ind=ind, v=tens + u))
        for u in range(10)
    ]
    rows = [values[i : i + 5] for i in range(0, len(values), 5)]
    rows.append([button(t.BTN_BACK, KpiCb(pid=pid, act="in", ind=ind))])
    return rows


def rating_keyboard(schools: list[tuple[int, str]], page: int, pages: int) -> Rows:
    """schools: (school id, label) of this page's schools."""
    rows = [[button(label, AuthorityCb(act="s", n=sid))] for sid, label in schools]
    nav = []
    if page > 0:
        nav.append(button(t.BTN_PREV, AuthorityCb(act="r", n=page - 1)))
    if page + 1 < pages:
        nav.append(button(t.BTN_NEXT, AuthorityCb(act="r", n=page + 1)))
    if nav:
        rows.append(nav)
    rows.append([button(t.BTN_OVERDUE, AuthorityCb(act="o", n=0))])
    rows.append([button(t.BTN_EXPORT, ExportCb(act="go"))])
    return rows


def back_to_rating_keyboard() -> Rows:
    return [[button(t.BTN_RATING, AuthorityCb(act="r", n=0))]]


def overdue_keyboard(page: int, pages: int) -> Rows:
    nav = []
    if page > 0:
        nav.append(button(t.BTN_PREV, AuthorityCb(act="o", n=page - 1)))
    if page + 1 < pages:
        nav.append(button(t.BTN_NEXT, AuthorityCb(act="o", n=page + 1)))
    rows = [nav] if nav else []
    rows.append([button(t.BTN_RATING, AuthorityCb(act="r", n=0))])
    return rows
