"""`/help` for the caller's role, and a hint for anything not understood (never silence)."""

from __future__ import annotations

from typing import Any

from maxapi import F, Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated

from bot.max.sender import Sender
from bot.ui import texts
from storage.models import Person

router = Router("common")

ROLE_COMMANDS = {
    "admin": [
        "checklist", "pause", "progress", "digest", "staff", "invite", "invites", "roster",
        "remind", "kpi", "announce", "forget_me", "help",
    ],
    "authority": [
        "progress_authority", "digest_authority", "schools", "addschool", "export",
        "announce_authority", "forget_me", "help",
    ],
}  # fmt: skip
DEFAULT_COMMANDS = ["checklist", "pause", "forget_me", "help"]


def commands_for(person: Person | None) -> list[str]:
    if person is None:
        return ["help"]
    return ROLE_COMMANDS.get(person.role, DEFAULT_COMMANDS)


@router.message_created(Command("help"))
async def on_help(event: MessageCreated, person: Person | None, sender: Sender, user: Any) -> None:
    text = texts.help_text(commands_for(person))
    if person is None:
        text += "\n\n" + texts.START_STRANGER
    await sender.send(user.user_id, text)


@router.message_created(F.message.recipient.chat_type == "dialog")
async def on_other_text(
    event: MessageCreated, person: Person | None, sender: Sender, user: Any
) -> None:
    await sender.send(user.user_id, texts.HINT if person else texts.HINT_STRANGER)


@router.message_callback()
async def on_unknown_button(event: MessageCallback, sender: Sender) -> None:
    await sender.answer_callback(event.callback.callback_id, notification=texts.UNKNOWN_BUTTON)
