"""What a person who starts the bot reads: why an invite link did not work, a greeting, and
where their checklist goes on."""

from __future__ import annotations

from bot.services.joining import JoinOutcome, StartResult
from bot.ui.texts import LEFT_SCHOOL
from bot.ui.texts import joining as t
from bot.ui.views import Rendered
from bot.ui.views import chats as chat_views
from bot.ui.views.checklist import first_open_message

REFUSALS = {
    JoinOutcome.UNKNOWN: t.JOIN_UNKNOWN,
    JoinOutcome.EXPIRED: t.JOIN_EXPIRED,
    JoinOutcome.REVOKED: t.JOIN_REVOKED,
    JoinOutcome.USED_UP: t.JOIN_USED_UP,
    JoinOutcome.THROTTLED: t.JOIN_THROTTLED,
    JoinOutcome.LEFT: LEFT_SCHOOL,
}


def start_messages(result: StartResult, first_name: str) -> list[Rendered]:
    """The messages to answer `/start` (or an invite link) with, in order. `first_name`: the
    MAX first name to greet by (the registered name if it is empty)."""
    person = result.person
    if result.outcome in REFUSALS:
        staying = person is not None and person.left_at is None
        hint = t.STILL_ON_CHECKLIST if staying else ""
        return [(REFUSALS[result.outcome] + hint, [])]
    if person is None:
        return [(t.START_STRANGER, [])]
    name = first_name or person.name
    view = result.view
    if view is None:  # the authority's specialist: no checklist
        assert person.authority is not None
        return [(t.welcome_authority(name, person.authority.name), [])]
    school = view.school
    if result.outcome is JoinOutcome.JOINED:
        greeting = t.welcome_joined(
            name, school.name, person.role, school.kind, person.class_label, len(view.states)
        )
    elif result.outcome is JoinOutcome.UPDATED:
        greeting = t.welcome_updated(
            name, school.name, person.role, school.kind, person.class_label
        )
    else:
        greeting = t.welcome_back(name)
    # chats they added the bot to before joining: what is each for?
    questions = [m for c in result.claimed for m in chat_views.added_messages(c)]
    return [(greeting, []), first_open_message(view), *questions]
