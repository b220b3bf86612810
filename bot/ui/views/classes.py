"""Views: a school's classes (`/classes`): the list, one class, typing a label or a size,
choosing a class teacher."""

from __future__ import annotations

from bot.rules.classes import SIZE_MAX
from bot.services.classes import ClassesView, ClassRow, Outcome
from bot.ui.keyboards import classes as kb
from bot.ui.texts import chats as chat_texts
from bot.ui.texts import classes as t
from bot.ui.views import Rendered

TOASTS = {Outcome.STALE: t.STALE, Outcome.NOT_ALLOWED: t.NOT_ALLOWED}
"""Outcomes a button answers with a toast only (the message stays as it was)."""


def _names(row: ClassRow) -> list[str]:
    return [name for _, name in row.teachers]


def _button(row: ClassRow) -> str:
    size = f" · {row.size}" if row.size is not None else ""
    who = f" · {row.teachers[0][1]}" if row.teachers else " · без руководителя"
    return f"{row.label}{size}{who}"[:64]


def classes_message(view: ClassesView, person_id: int, page: int = 1) -> Rendered:
    if not view.classes and not view.manage:
        return t.NO_CLASSES, []
    lines = [
        t.class_line(r.label, r.size, _names(r), tuple(chat_texts.figure(c) for c in r.chats))
        for r in view.classes
    ]
    total = sum(r.size or 0 for r in view.classes)
    text = t.classes_list(view.school_year, lines, view.manage, total, view.declared_students)
    buttons = [(r.id, _button(r)) for r in view.classes]
    return text, kb.classes_list(person_id, buttons, page, view.manage)


def class_message(view: ClassesView, person_id: int, page: int = 1, note: str = "") -> Rendered:
    row = view.focus
    assert row is not None
    figures = chat_texts.figure_lines(list(row.chats))
    text = t.class_card(row.label, row.size, _names(row), view.school_year, figures)
    if note:
        text = f"{note}\n\n{text}"
    return text, kb.class_card(person_id, row.id, list(row.teachers), view.manage, page)


def classes_result(view: ClassesView, person_id: int, page: int = 1) -> Rendered:
    """What the caller sees after a button or a typed answer, by outcome."""
    row = view.focus
    match view.outcome:
        case Outcome.ASK_LABEL:
            return t.ASK_LABEL, kb.cancel(person_id, 0)
        case Outcome.ASK_SIZE if row is not None:
            return t.ASK_SIZE.format(label=row.label), kb.cancel(person_id, row.id)
        case Outcome.BAD_LABEL if view.problem is not None:
            return t.bad_label(view.problem, view.typed, view.suggestion), kb.cancel(person_id, 0)
        case Outcome.EXISTS:
            return t.exists(view.typed), kb.cancel(person_id, 0)
        case Outcome.BAD_SIZE if row is not None:
            text = t.BAD_SIZE.format(max=SIZE_MAX, label=row.label)
            return text, kb.cancel(person_id, row.id)
        case Outcome.PICK if row is not None:
            text = t.pick_intro(row.label, not view.candidates)
            return text, kb.pick(person_id, row.id, view.candidates, page)
        case Outcome.ADDED if row is not None:
            return class_message(view, person_id, note=t.added(row.label))
        case Outcome.SAVED if row is not None and row.size is not None:
            return class_message(view, person_id, note=t.saved_size(row.label, row.size))
        case Outcome.ASSIGNED if row is not None:
            return class_message(view, person_id, note=t.assigned(row.label))
        case Outcome.REMOVED if row is not None:
            return class_message(view, person_id, note=t.removed(row.label))
        case Outcome.PARENTS_TEXT if row is not None:
            return chat_texts.parents_text(row.label), kb.back_to_class(person_id, row.id)
        case Outcome.HOWTO if row is not None:
            return chat_texts.HOWTO, kb.back_to_class(person_id, row.id)
        case Outcome.ASK_CLOSE if row is not None:
            return t.ask_close(row.label), kb.confirm_close(person_id, row.id)
        case Outcome.CLOSED:
            text, rows = classes_message(view, person_id)
            return f"{t.closed(view.typed)}\n\n{text}", rows
        case Outcome.STALE | Outcome.NOT_ALLOWED:
            return TOASTS[view.outcome], []
    if row is not None:
        return class_message(view, person_id, page)
    return classes_message(view, person_id, page)
