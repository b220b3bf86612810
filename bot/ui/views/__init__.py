"""Turn service results into (text, keyboard) pairs. No I/O; texts and keyboards only."""

from __future__ import annotations

from datetime import date

from bot.rules.checklist import ItemState
from bot.services.announce import Draft, DraftOutcome
from bot.services.checklist import ChecklistView
from bot.services.pause import PauseOutcome
from bot.ui import keyboards, texts
from bot.ui.keyboards import Rows
from bot.ui.keyboards import console as console_keyboards
from bot.ui.texts import console as console_texts
from bot.ui.texts import help as help_texts

Rendered = tuple[str, Rows]
Answer = tuple[str | None, str | None, Rows | None]
"""A button's answer: (the toast, the message's new text, its new buttons); None = none."""


def item_message(view: ChecklistView, state: ItemState) -> Rendered:
    item = state.item
    text = texts.item_card(
        position=view.position(item.code),
        total=len(view.states),
        ref=item.ref,
        title=item.title,
        howto=item.howto,
        deadline=item.deadline,
        overdue=state.overdue(view.today),
        status=state.status,
    )
    return text, keyboards.item_keyboard(view.person.id, item.code, state.status)


def finished_message(view: ChecklistView) -> Rendered:
    s = view.summary
    return texts.all_answered(s.done, s.na, s.help), keyboards.menu_keyboard(view.person.id)


def next_message(view: ChecklistView, state: ItemState | None) -> Rendered:
    """The item to show next, or the closing summary when nothing is left unanswered."""
    return item_message(view, state) if state is not None else finished_message(view)


def help_asked(view: ChecklistView, notified: bool) -> Rendered:
    """After «Нужна помощь»: offer a comment for the administrators, or point to support."""
    if notified:
        return help_texts.HELP_ASK_COMMENT, keyboards.skip_input_keyboard(view.person.id)
    return help_texts.HELP_NO_ADMIN, keyboards.continue_keyboard(view.person.id)


def overview_message(view: ChecklistView) -> Rendered:
    s = view.summary
    lines = [
        (st.status, st.overdue(view.today), st.item.title, st.item.deadline) for st in view.states
    ]
    text = texts.checklist_overview(lines, s.done, s.open, s.overdue)
    entries = [
        (texts.item_button(n, st.item.title, st.status, st.overdue(view.today)), st.item.code)
        for n, st in enumerate(view.states, 1)
    ]
    return text, keyboards.checklist_keyboard(view.person.id, entries, can_continue=s.open > 0)


def pause_result(outcome: PauseOutcome, until: date | None) -> str:
    return {
        PauseOutcome.PAUSED: lambda: texts.paused(until),
        PauseOutcome.RESUMED: lambda: texts.PAUSE_OFF,
        PauseOutcome.ASK_DATE: lambda: texts.PAUSE_ASK_DATE,
        PauseOutcome.BAD_DATE: lambda: texts.PAUSE_BAD_DATE,
        PauseOutcome.PAST_DATE: lambda: texts.PAUSE_PAST_DATE,
        PauseOutcome.TOO_FAR: lambda: texts.PAUSE_TOO_FAR,
    }[outcome]()


def pause_reply(pid: int, outcome: PauseOutcome, until: date | None) -> Rendered:
    """The message a pause button turns into: a prompt for a date (with a way out), or done."""
    if outcome is PauseOutcome.ASK_DATE:
        return texts.PAUSE_ASK_DATE, keyboards.skip_input_keyboard(pid)
    return pause_result(outcome, until), keyboards.menu_keyboard(pid)


def announce_draft(draft: Draft) -> Rendered:
    """The reply to the typed text of an announcement: a preview, or what is wrong."""
    if draft.outcome is DraftOutcome.PREVIEW:
        a = draft.announcement
        return (
            console_texts.announce_preview(a.text, a.audience, draft.count),
            console_keyboards.preview_keyboard(a.id, draft.count),
        )
    problem = {
        DraftOutcome.EMPTY: console_texts.ANNOUNCE_EMPTY,
        DraftOutcome.TOO_LONG: console_texts.ANNOUNCE_TOO_LONG,
    }.get(draft.outcome, texts.HINT)
    return problem, []
