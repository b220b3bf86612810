"""`/help`: the commands of the caller's role; and the hint for anything not understood."""

from __future__ import annotations

from bot.ui.texts import LEFT_SCHOOL
from bot.ui.texts import common as t
from bot.ui.texts.joining import START_STRANGER
from bot.vocab import Role
from storage.models import Person

ROLE_COMMANDS: dict[str, list[str]] = {
    Role.ADMIN: [
        "checklist", "pause", "progress", "digest", "staff", "invite", "invites", "roster",
        "remind", "classes", "rollover", "kpi", "announce", "forget_me", "help",
    ],
    Role.CLASS_TEACHER: ["checklist", "classes_teacher", "pause", "forget_me", "help"],
    Role.AUTHORITY: [
        "progress_authority", "digest_authority", "schools", "addschool", "export",
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


def help_message(person: Person | None) -> str:
    """`/help`: the caller's commands; a stranger also learns how to join."""
    text = t.help_text(commands_for(person))
    if person is None:
        text += "\n\n" + START_STRANGER
    elif person.left_at is not None:
        text = LEFT_SCHOOL + "\n\n" + text
    return text


def hint(person: Person | None) -> str:
    """The answer to a message the bot does not understand."""
    if person is not None and person.left_at is not None:
        return LEFT_SCHOOL
    return t.HINT if person is not None else t.HINT_STRANGER
