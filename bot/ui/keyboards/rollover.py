"""Keyboards and callback payloads of the school-year roll-over (`/rollover`, part of
`bot.ui.keyboards`). Prefix: ro."""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import rollover as t


class RolloverCb(Payload, prefix="ro"):
    """person_id: the administrator it was drawn for; act: "show" (the preview), "fix" (the
    classes to correct, `page`), "class" (one class), "set" (its `action`), "who" (switch
    whether teacher `teacher_id` continues), "yes" (confirm the preview `digest`)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "act": {"show": "v", "fix": "f", "class": "c", "set": "s", "who": "w", "yes": "y"},
        "action": {"advance": "a", "keep": "k", "close": "x"},
    }

    person_id: int
    act: str
    class_id: int = 0
    action: str = ""
    teacher_id: int = 0
    digest: str = ""
    page: int = 1


PAGE = 8  # classes per page of «Исправить»


def open_rollover(person_id: int) -> Rows:
    return [[button(t.BTN_OPEN, RolloverCb(person_id=person_id, act="show"))]]


def preview(person_id: int, digest: str, can_confirm: bool, has_classes: bool) -> Rows:
    rows: Rows = []
    if can_confirm:
        rows.append([button(t.BTN_CONFIRM, RolloverCb(person_id=person_id, act="yes",
                                                      digest=digest), "positive")])  # fmt: skip
    if has_classes:
        rows.append([button(t.BTN_FIX, RolloverCb(person_id=person_id, act="fix"))])
    return rows


def classes(person_id: int, labels: list[tuple[int, str]], page: int) -> Rows:
    """labels: (class id, button text) of every class; shown PAGE at a time."""
    pages = max(1, -(-len(labels) // PAGE))
    page = min(max(page, 1), pages)
    shown = labels[(page - 1) * PAGE : page * PAGE]
    rows: Rows = [
        [button(text, RolloverCb(person_id=person_id, act="class", class_id=cid, page=page))]
        for cid, text in shown
    ]
    nav = []
    if page > 1:
        nav.append(button(t.BTN_PREV, RolloverCb(person_id=person_id, act="fix", page=page - 1)))
    if page < pages:
        nav.append(button(t.BTN_NEXT, RolloverCb(person_id=person_id, act="fix", page=page + 1)))
    if nav:
        rows.append(nav)
    rows.append([button(t.BTN_BACK, RolloverCb(person_id=person_id, act="show"))])
    return rows


def one_class(
    person_id: int,
    class_id: int,
    actions: list[tuple[str, str, bool]],
    teachers: list[tuple[int, str]],
    page: int,
) -> Rows:
    """actions: (action, label, chosen); teachers: (person id, button text)."""
    rows: Rows = [
        [button(("✔️ " if chosen else "") + label, RolloverCb(
            person_id=person_id, act="set", class_id=class_id, action=action, page=page))]
        for action, label, chosen in actions
    ]  # fmt: skip
    rows += [
        [
            button(
                text,
                RolloverCb(
                    person_id=person_id, act="who", class_id=class_id, teacher_id=pid, page=page
                ),
            )
        ]
        for pid, text in teachers
    ]
    rows.append([button(t.BTN_TO_LIST, RolloverCb(person_id=person_id, act="fix", page=page))])
    rows.append([button(t.BTN_BACK, RolloverCb(person_id=person_id, act="show"))])
    return rows
