"""`/help`: the commands of the caller's role; and the hint for anything not understood."""

from __future__ import annotations

from bot.rules.text import asks_about_registering
from bot.ui.keyboards.common import next_steps
from bot.ui.texts import LEFT_SCHOOL
from bot.ui.texts import common as t
from bot.ui.texts.joining import START_STRANGER
from bot.ui.views import Rendered
from bot.vocab import Role
from storage.models import Person

ROLE_COMMANDS: dict[str, list[str]] = {
    Role.ADMIN: [
        "checklist", "pause", "progress", "digest", "staff", "invite", "invites", "roster",
        "remind", "classes", "rollover", "kpi", "announce", "forget_me", "help",
    ],
    Role.CLASS_TEACHER: ["checklist", "classes_teacher", "pause", "forget_me", "help"],
    Role.AUTHORITY: [
        "checklist_authority", "progress_authority", "digest_authority", "schools", "addschool",
        "export",
        "announce_authority", "plan", "forget_me", "help",
    ],
}  # fmt: skip
"""The `/help` lines (keys of `texts.common.COMMANDS`) by role; other staff: DEFAULT_COMMANDS."""
DEFAULT_COMMANDS = ["checklist", "pause", "forget_me", "help"]


def commands_for(person: Person | None) -> list[str]:
    if person is None:
        return ["help"]
    if person.left_at is not None:
        return ["forget_me", "help"]
    return ROLE_COMMANDS.get(person.role, DEFAULT_COMMANDS)


def _steps(person: Person | None, with_help: bool = True) -> list[list[dict[str, str]]]:
    """The next steps for a registered person still at work (none for a stranger or someone
    who left: the way in is a link, see `bot.ui.keyboards.NO_NEXT_STEP`)."""
    if person is None or person.left_at is not None:
        return []
    checklist = person.school is not None
    return next_steps(person.id, checklist, person.role == Role.AUTHORITY, with_help)


def next_step_rows(person: Person | None) -> list[list[dict[str, str]]]:
    """The next steps, for a screen that ends a feature's flow (e.g. «ничего не удаляю»)."""
    return _steps(person)


def help_message(person: Person | None) -> Rendered:
    """`/help`: the caller's commands, and buttons on; a stranger also learns how to join."""
    text = t.help_text(commands_for(person))
    if person is None:
        text += "\n\n" + START_STRANGER
    elif person.left_at is not None:
        text = LEFT_SCHOOL + "\n\n" + text
    return text, _steps(person, with_help=False)


def hint(person: Person | None, typed: str | None = None) -> Rendered:
    """The answer to a message the bot does not understand: the next steps as buttons; a
    question about registering gets a short answer."""
    if person is not None and person.left_at is not None:
        return LEFT_SCHOOL, []
    if person is None:
        return t.HINT_STRANGER, []
    if typed and asks_about_registering(typed):
        if person.role == Role.AUTHORITY:
            return t.HINT_REGISTER_AUTHORITY, _steps(person)
        return t.HINT_REGISTER, _steps(person)
    return t.HINT, _steps(person)
