"""Keyboards and callback payloads: the authority's schools (part of `bot.ui.keyboards`).
Prefix: sc."""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import KIND_TITLES
from bot.ui.texts import schools as t


class SchoolCb(Payload, prefix="sc"):
    """act: "open", "link", "progress" (school_id), "add" (start), "kind" (kind chosen)."""

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
    ]


def kind_keyboard() -> Rows:
    return [[button(title, SchoolCb(act="kind", kind=kind))] for kind, title in KIND_TITLES.items()]
