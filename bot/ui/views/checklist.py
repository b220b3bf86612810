"""The walk-through's messages: an item's card, what comes next, the checklist overview."""

from __future__ import annotations

from datetime import date

from bot.rules.checklist import ItemState
from bot.rules.verify import CHECKABLE, Mark
from bot.services.checklist import AnswerOutcome, AnswerResult, ChecklistView
from bot.ui.keyboards import checklist as kb
from bot.ui.keyboards.inputs import skip_input_keyboard
from bot.ui.texts import checklist as t
from bot.ui.texts import help as help_texts
from bot.ui.texts import item_title
from bot.ui.texts import verify as vt
from bot.ui.views import Answer, Rendered
from bot.vocab import Role


def title_of(state: ItemState) -> str:
    return item_title(state.item.title, state.class_label)


def icon_of(view: ChecklistView, state: ItemState) -> str:
    """An item's icon in a list (the person's checklist, their page in /staff)."""
    return vt.item_icon(
        state.status, state.overdue(view.today), state.mark, state.item.evidence in CHECKABLE,
        view.returned_reason(state) is not None,
    )  # fmt: skip


def item_lines(view: ChecklistView) -> list[tuple[str, str | None, str, date | None]]:
    """(icon, status, title, due) of every item, in plan order."""
    return [(icon_of(view, s), s.status, title_of(s), s.due) for s in view.states]


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
        pending=state.mark is Mark.PENDING,
        note=vt.evidence_note(item.evidence, state.mark, view.returned_reason(state)),
    )
    return text, kb.item_keyboard(view.person.id, state.ref, state.status)


def finished_message(view: ChecklistView) -> Rendered:
    s = view.summary
    return t.all_answered(s.done, s.na, s.help, s.pending), kb.menu_keyboard(view.person.id)


def screenshot_needed(result: AnswerResult) -> Answer:
    """«Готово» on a screenshot item: what a screenshot needs and how to send it; on to the
    next item or back to the checklist."""
    state = result.state
    assert state is not None
    title = title_of(state)
    if state.mark is Mark.PENDING:
        toast, text = vt.SCREENSHOT_ON_REVIEW_TOAST, vt.screenshot_on_review(title)
    else:
        text = vt.screenshot_needed(title, result.view.returned_reason(state))
        toast = vt.SCREENSHOT_NEEDED_TOAST
    following = result.next.ref if result.next is not None else None
    return toast, text, kb.screenshot_keyboard(result.view.person.id, following)


def next_message(view: ChecklistView, state: ItemState | None) -> Rendered:
    """The item to show next, or the closing summary when nothing is left unanswered."""
    return item_message(view, state) if state is not None else finished_message(view)


def first_open_message(view: ChecklistView) -> Rendered:
    """Where «Продолжить» leads: the first open item, or the closing summary."""
    return next_message(view, view.first_open())


def help_asked(view: ChecklistView, notified: bool) -> Rendered:
    """After «Нужна помощь»: offer a comment for the administrators, or point to support."""
    admin = view.person.role == Role.ADMIN
    if notified:
        text = help_texts.HELP_ASK_COMMENT_ADMIN if admin else help_texts.HELP_ASK_COMMENT
        return text, skip_input_keyboard(view.person.id)
    text = help_texts.HELP_NOBODY_FOR_ADMIN if admin else help_texts.HELP_NO_ADMIN
    return text, kb.continue_keyboard(view.person.id)


def answer_reply(result: AnswerResult, status: str) -> Answer:
    """The toast for an answer button pressed as `status`, and what the button's message turns
    into (no text: it stays as it is)."""
    if result.outcome is AnswerOutcome.STALE:
        return t.STALE_BUTTON, None, None
    if result.outcome is AnswerOutcome.NOT_APPLICABLE:
        return t.NOT_APPLICABLE_BUTTON, None, None
    if result.outcome is AnswerOutcome.SCREENSHOT_NEEDED:
        return screenshot_needed(result)
    if result.help_keys is not None:
        return t.ACK[status], *help_asked(result.view, bool(result.help_keys))
    return t.ACK[status], *next_message(result.view, result.next)


def overview_message(view: ChecklistView) -> Rendered:
    s = view.summary
    lines = item_lines(view)
    text = t.checklist_overview(lines, s.done, s.open, s.overdue, s.pending)
    entries = [
        (t.item_button(n, title, icon), st.ref)
        for n, ((icon, _, title, _), st) in enumerate(zip(lines, view.states, strict=True), 1)
    ]
    return text, kb.checklist_keyboard(view.person.id, entries, can_continue=s.open > 0)
