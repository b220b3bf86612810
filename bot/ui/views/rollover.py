"""Views: the school-year roll-over (`/rollover`): the preview, the classes to correct, one
class, the result."""

from __future__ import annotations

from bot.rules import classes as rules
from bot.services.rollover import Outcome, RolloverView
from bot.ui.keyboards import rollover as kb
from bot.ui.texts import rollover as t
from bot.ui.views import Rendered


def rollover_message(view: RolloverView, person_id: int) -> Rendered:
    """The preview with «Подтвердить» / «Исправить»; or when the next roll-over comes."""
    if view.outcome is Outcome.NOT_DUE:
        assert view.school_year is not None and view.next_date is not None
        return t.not_due(view.school_year, view.next_date), []
    p = view.preview
    assert p is not None
    if view.outcome is Outcome.DONE:
        return t.done(p), []
    can_confirm = bool(p.moves) and not p.clashes
    return t.preview(p), kb.preview(person_id, p.digest, can_confirm, bool(p.moves))


def classes_message(view: RolloverView, person_id: int, page: int) -> Rendered:
    p = view.preview
    assert p is not None
    labels = [(m.class_id, t.class_button(m)) for m in p.moves]
    return t.classes_intro(p.to_year), kb.classes(person_id, labels, page)


def class_message(view: RolloverView, person_id: int, page: int) -> Rendered:
    move = view.focus
    assert move is not None
    actions = [
        (a, t.ACTION_BUTTONS[a].format(new=_advanced(move), old=move.old_label), a == move.action)
        for a in view.allowed
    ]
    teachers = [(x.person_id, t.teacher_button(x.name, False)) for x in move.continuing]
    teachers += [(x.person_id, t.teacher_button(x.name, True)) for x in move.leaving]
    teachers.sort(key=lambda pair: pair[1].split(": ", 1)[1])
    return t.class_card(move), kb.one_class(person_id, move.class_id, actions, teachers, page)


def _advanced(move: rules.Move) -> str:
    """The label the class gets when it advances (5А → 6А), whatever is chosen now."""
    label = move.old_label
    head = label.rstrip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
    return f"{int(head) + 1}{label[len(head) :]}" if head.isdigit() else label
