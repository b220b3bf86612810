"""Keyboards and callback payloads: duties (part of `bot.ui.keyboards`) — the authority's own
checklist.

Prefix: "du".
"""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import duties as t
from bot.vocab import Status

LIST, OPEN, SET, SCHOOL = "list", "open", "set", "school"
SCHOOLS_PAGE = 8  # schools per page of a per-school duty
# A duty's status on the wire: "" open, "d" done, "n" not applicable.
STATUS_CODES: dict[str | None, str] = {None: "", Status.DONE: "d", Status.NA: "n"}
CODE_STATUS: dict[str, str | None] = {code: status for status, code in STATUS_CODES.items()}


class DutyCb(Payload, prefix="du"):
    """act: "list" (the checklist), "open" (duty `code`, page `target` of its schools), "set"
    (the whole duty to `value`, shown as `seen`), "school" (school `target` of duty `code`
    ticked when `value` is "d", unticked when ""). person_id: drawn for; `seen`/`value`: the
    statuses' codes (STATUS_CODES); `period`: the duty's period when drawn ("2026-W50"; "" for
    a one-off duty): a button of an earlier week or month changes nothing."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "act": {LIST: "l", OPEN: "o", SET: "s", SCHOOL: "t"}
    }

    person_id: int
    act: str
    code: str = ""
    target: int = 0
    value: str = ""
    seen: str = ""
    period: str = ""


def duties_row(person_id: int) -> Rows:
    """«📋 Чек-лист управления» alone (under a reminder)."""
    return [[button(t.BTN_DUTIES, DutyCb(person_id=person_id, act=LIST), "positive")]]


def list_keyboard(person_id: int, open_codes: list[tuple[str, str]]) -> Rows:
    """A button per duty (code, label), open ones first."""
    return [
        [button(label, DutyCb(person_id=person_id, act=OPEN, code=code))]
        for code, label in open_codes
    ]


def duty_keyboard(person_id: int, code: str, status: str | None, period: str) -> Rows:
    """A whole-authority duty: mark it done or not applicable, or open again; back."""
    seen = STATUS_CODES.get(status, "")
    rows: Rows = []
    if status is None:
        rows.append([
            button(t.BTN_DONE, DutyCb(person_id=person_id, act=SET, code=code, value="d",
                                      seen=seen, period=period), "positive"),
            button(t.BTN_NA, DutyCb(person_id=person_id, act=SET, code=code, value="n",
                                    seen=seen, period=period)),
        ])  # fmt: skip
    else:
        rows.append([button(t.BTN_REOPEN, DutyCb(person_id=person_id, act=SET, code=code,
                                                 value="", seen=seen, period=period))])  # fmt: skip
    rows.append([button(t.BTN_BACK, DutyCb(person_id=person_id, act=LIST))])
    return rows


def schools_keyboard(
    person_id: int, code: str, schools: list[tuple[int, str, bool]], page: int, pages: int,
    period: str = "",
) -> Rows:  # fmt: skip
    """A per-school duty: a button per school of the page (✅ ticked / ⬜ not), the pages, back."""
    rows: Rows = [
        [button(t.school_button(name, ticked),
                DutyCb(person_id=person_id, act=SCHOOL, code=code, target=school_id,
                       value="" if ticked else "d", period=period))]
        for school_id, name, ticked in schools
    ]  # fmt: skip
    nav = []
    if page > 0:
        nav.append(button(t.BTN_PREV, DutyCb(person_id=person_id, act=OPEN, code=code,
                                             target=page - 1)))  # fmt: skip
    if page + 1 < pages:
        nav.append(button(t.BTN_NEXT, DutyCb(person_id=person_id, act=OPEN, code=code,
                                             target=page + 1)))  # fmt: skip
    if nav:
        rows.append(nav)
    rows.append([button(t.BTN_BACK, DutyCb(person_id=person_id, act=LIST))])
    return rows
