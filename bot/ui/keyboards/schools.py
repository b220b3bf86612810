"""Keyboards and callback payloads: the authority's schools (part of `bot.ui.keyboards`).
Prefix: sc."""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import KIND_TITLES
from bot.ui.texts import schools as t


class SchoolCb(Payload, prefix="sc"):
    """act: "open", "card" (the same, as a message of its own: under the authority's digest),
    "link", "progress" (school_id), "list" (back to /schools), "add" (start),
    "kind" (kind chosen),
    "tz" (school_id; kind: a zone's number in ZONES, "" = keep the authority's), "skip"
    (school_id: no total typed), "cancel" (stop adding)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {"act": {"progress": "prog"}}

    act: str
    school_id: int = 0
    kind: str = ""


def schools_keyboard(schools: list[tuple[int, str]]) -> Rows:
    rows = [
        [button(f"🏫 {name}"[:60], SchoolCb(act="open", school_id=school_id))]
        for school_id, name in schools
    ]
    rows.append([button(t.BTN_ADD_SCHOOL, SchoolCb(act="add"))])
    return rows


def school_keyboard(school_id: int) -> Rows:
    return [
        [button(t.BTN_ADMIN_LINK, SchoolCb(act="link", school_id=school_id))],
        [button(t.BTN_SCHOOL_PROGRESS, SchoolCb(act="progress", school_id=school_id))],
        *back_to_schools(),
    ]


def back_to_schools() -> Rows:
    return [[button(t.BTN_BACK_TO_SCHOOLS, SchoolCb(act="list"))]]


def kind_keyboard() -> Rows:
    rows = [[button(title, SchoolCb(act="kind", kind=kind))] for kind, title in KIND_TITLES.items()]
    return rows + cancel_row()


def cancel_row() -> Rows:
    return [[button(t.BTN_CANCEL, SchoolCb(act="cancel"))]]


def zone_keyboard(school_id: int, zones: tuple[str, ...], default: str) -> Rows:
    """The common Russian zones, three a row, and «keep the authority's»."""
    buttons = [
        button(t.ZONE_TITLES.get(zone, zone), SchoolCb(act="tz", school_id=school_id, kind=str(n)))
        for n, zone in enumerate(zones)
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([button(t.keep_zone(default), SchoolCb(act="tz", school_id=school_id))])
    return rows


def skip_keyboard(school_id: int) -> Rows:
    return [[button(t.BTN_SKIP, SchoolCb(act="skip", school_id=school_id))]]
