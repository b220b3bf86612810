"""`/pause` messages: the current pause with its buttons, and what a pause action did."""

from __future__ import annotations

from datetime import date

from bot.services.pause import PauseOutcome
from bot.ui.keyboards.checklist import menu_keyboard
from bot.ui.keyboards.inputs import skip_input_keyboard
from bot.ui.keyboards.pause import pause_keyboard
from bot.ui.texts import pause as t
from bot.ui.views import Rendered
from storage.models import Person


def pause_menu(person: Person) -> Rendered:
    """`/pause` without a date: the pause now, and the buttons to set or lift it."""
    until = person.paused_until
    return t.pause_status(until), pause_keyboard(person.id, until is not None)


def pause_result(outcome: PauseOutcome, until: date | None, example: date) -> str:
    """What a pause action did; `example` is a date the prompts offer (two weeks ahead)."""
    if outcome is PauseOutcome.PAUSED:
        assert until is not None  # a pause always has its last day
        return t.paused(until)
    return {
        PauseOutcome.RESUMED: t.PAUSE_OFF,
        PauseOutcome.ASK_DATE: t.ask_date(example),
        PauseOutcome.BAD_DATE: t.bad_date(example),
        PauseOutcome.PAST_DATE: t.past_date(example),
        PauseOutcome.TOO_FAR: t.PAUSE_TOO_FAR,
    }[outcome]


def pause_reply(
    person_id: int, outcome: PauseOutcome, until: date | None, example: date
) -> Rendered:
    """The message a pause button turns into: a prompt for a date (with a way out), or done."""
    if outcome is PauseOutcome.ASK_DATE:
        return t.ask_date(example), skip_input_keyboard(person_id)
    return pause_result(outcome, until, example), menu_keyboard(person_id)
