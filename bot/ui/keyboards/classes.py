"""Keyboards and callback payloads of a school's classes (`/classes`, part of
`bot.ui.keyboards`). Prefix: cl."""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import classes as t


class ClassesCb(Payload, prefix="cl"):
    """person_id: whom it was drawn for; act: "list" (the classes, `page`), "class" (one
    class), "add" (type a new class), "size" (type the class's size), "pick" (whom to make
    its teacher, `page`), "set" / "unset" (make `teacher_id` its teacher / stop that),
    "close" / "shut" (ask to close the class / close it), "parents" (the text for its
    parents), "howto" (how to connect a class chat)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "act": {
            "list": "l", "class": "c", "add": "a", "size": "n", "pick": "p", "set": "s",
            "unset": "u", "close": "x", "shut": "xx", "parents": "tp", "howto": "h",
        },
    }  # fmt: skip

    person_id: int
    act: str
    class_id: int = 0
    teacher_id: int = 0
    page: int = 1


PAGE = 8  # buttons per page: classes, or people to pick
NAME_SHOWN = 60  # a name on a button is cut here (MAX allows 128 characters)


def _paged(items: list[tuple[int, str]], page: int) -> tuple[list[tuple[int, str]], int, int]:
    pages = max(1, -(-len(items) // PAGE))
    page = min(max(page, 1), pages)
    return items[(page - 1) * PAGE : page * PAGE], page, pages


def _nav(cb: ClassesCb, page: int, pages: int) -> Rows:
    nav = []
    if page > 1:
        nav.append(button(t.BTN_PREV, cb.model_copy(update={"page": page - 1})))
    if page < pages:
        nav.append(button(t.BTN_NEXT, cb.model_copy(update={"page": page + 1})))
    return [nav] if nav else []


def classes_list(person_id: int, classes: list[tuple[int, str]], page: int, manage: bool) -> Rows:
    """classes: (class id, button text), PAGE at a time; «Добавить класс» for the administrator."""
    shown, page, pages = _paged(classes, page)
    rows: Rows = [
        [button(text, ClassesCb(person_id=person_id, act="class", class_id=cid, page=page))]
        for cid, text in shown
    ]
    rows += _nav(ClassesCb(person_id=person_id, act="list"), page, pages)
    if manage:
        rows.append([button(t.BTN_ADD, ClassesCb(person_id=person_id, act="add"), "positive")])
    return rows


def class_card(
    person_id: int, class_id: int, teachers: list[tuple[int, str]], manage: bool, page: int
) -> Rows:
    """teachers: (person id, name) of the class's teachers (a «Снять» button each)."""

    def cb(act: str, **more: int) -> ClassesCb:
        return ClassesCb(person_id=person_id, act=act, class_id=class_id, page=page, **more)

    rows: Rows = [
        [button(t.BTN_SIZE, cb("size"))],
        [button(t.BTN_PARENTS_TEXT, cb("parents"))],
        [button(t.BTN_HOWTO, cb("howto"))],
    ]
    if manage:
        rows.append([button(t.BTN_ASSIGN, cb("pick"))])
        rows += [
            [button(t.BTN_UNASSIGN.format(name=name[:NAME_SHOWN]), cb("unset", teacher_id=pid))]
            for pid, name in teachers
        ]
        rows.append([button(t.BTN_CLOSE, cb("close"))])
    rows.append([button(t.BTN_TO_LIST, ClassesCb(person_id=person_id, act="list", page=page))])
    return rows


def back_to_class(person_id: int, class_id: int) -> Rows:
    return [[button(t.BTN_BACK, ClassesCb(person_id=person_id, act="class", class_id=class_id))]]


def cancel(person_id: int, class_id: int) -> Rows:
    """The way out of typing: back to the class (its size) or to the list (a new class)."""
    act = "class" if class_id else "list"
    return [[button(t.BTN_CANCEL, ClassesCb(person_id=person_id, act=act, class_id=class_id))]]


def pick(person_id: int, class_id: int, candidates: list[tuple[int, str]], page: int) -> Rows:
    """candidates: (person id, name), PAGE at a time."""
    shown, page, pages = _paged(candidates, page)
    rows: Rows = [
        [
            button(
                name[:NAME_SHOWN],
                ClassesCb(person_id=person_id, act="set", class_id=class_id, teacher_id=pid),
            )
        ]
        for pid, name in shown
    ]
    rows += _nav(ClassesCb(person_id=person_id, act="pick", class_id=class_id), page, pages)
    rows.append(
        [button(t.BTN_BACK, ClassesCb(person_id=person_id, act="class", class_id=class_id))]
    )
    return rows


def confirm_close(person_id: int, class_id: int) -> Rows:
    def cb(act: str) -> ClassesCb:
        return ClassesCb(person_id=person_id, act=act, class_id=class_id)

    return [
        [button(t.BTN_CLOSE_YES, cb("shut"), "negative")],
        [button(t.BTN_BACK, cb("class"))],
    ]
