"""The walk-through's messages: an item's card, what comes next, the checklist overview."""

from __future__ import annotations

from bot.rules.checklist import ItemState
from bot.services.checklist import AnswerOutcome, AnswerResult, ChecklistView
from bot.ui.keyboards import checklist as kb
from bot.ui.keyboards.inputs import skip_input_keyboard
from bot.ui.texts import checklist as t
from bot.ui.texts import help as help_texts
from bot.ui.texts import item_title
from bot.ui.views import Answer, Rendered


def title_of(state: ItemState) -> str:
    return item_title(state.item.title, state.class_label)


def item_message(view: ChecklistView, state: ItemState) -> Rendered:
    item = state.item
    text = t.item_card(
        position=view.position(state.ref),
        total=len(view.states),
        ref=item.ref,
        title=title_of(state),
        howto=item.howto,
        deadline=state.due,
        overdue=state.overdue(view.today),
        status=state.status,
        every=item.every,
    )
    return text, kb.item_keyboard(view.person.id, state.ref, state.status)


def finished_message(view: ChecklistView) -> Rendered:
    s = view.summary
    return t.all_answered(s.done, s.na, s.help), kb.menu_keyboard(view.person.id)


def next_message(view: ChecklistView, state: ItemState | None) -> Rendered:
    """The item to show next, or the closing summary when nothing is left unanswered."""
    return item_message(view, state) if state is not None else finished_message(view)


def first_open_message(view: ChecklistView) -> Rendered:
    """Where «Продолжить» leads: the first open item, or the closing summary."""
    return next_message(view, view.first_open())


def help_asked(view: ChecklistView, notified: bool) -> Rendered:
    """After «Нужна помощь»: offer a comment for the administrators, or point to support."""
    if notified:
        return help_texts.HELP_ASK_COMMENT, skip_input_keyboard(view.person.id)
    return help_texts.HELP_NO_ADMIN, kb.continue_keyboard(view.person.id)


def answer_reply(result: AnswerResult, status: str) -> Answer:
    """The toast for an answer button pressed as `status`, and what the button's message turns
    into (no text: it stays as it is)."""
    if result.outcome is AnswerOutcome.STALE:
        return t.STALE_BUTTON, None, None
    if result.outcome is AnswerOutcome.NOT_APPLICABLE:
        return t.NOT_APPLICABLE_BUTTON, None, None
    if result.help_keys is not None:
        return t.ACK[status], *help_asked(result.view, bool(result.help_keys))
    return t.ACK[status], *next_message(result.view, result.next)


def overview_message(view: ChecklistView) -> Rendered:
    s = view.summary
    lines = [(st.status, st.overdue(view.today), title_of(st), st.due) for st in view.states]
    text = t.checklist_overview(lines, s.done, s.open, s.overdue)
    entries = [
        (t.item_button(n, title_of(st), st.status, st.overdue(view.today)), st.ref)
        for n, st in enumerate(view.states, 1)
    ]
    return text, kb.checklist_keyboard(view.person.id, entries, can_continue=s.open > 0)
