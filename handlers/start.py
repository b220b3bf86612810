"""Joining: `bot_started` with an invite code (deep link) and `/start [CODE]`."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import BotStarted, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.services.checklist import has_checklist, load_view
from bot.services.joining import JoinOutcome, join_by_code
from bot.ui import texts, views
from storage.models import Person

router = Router("start")

JOIN_ERRORS = {
    JoinOutcome.UNKNOWN: texts.JOIN_UNKNOWN,
    JoinOutcome.EXPIRED: texts.JOIN_EXPIRED,
    JoinOutcome.REVOKED: texts.JOIN_REVOKED,
    JoinOutcome.USED_UP: texts.JOIN_USED_UP,
    JoinOutcome.THROTTLED: texts.JOIN_THROTTLED,
}


@router.bot_started()
async def on_bot_started(
    event: BotStarted,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    user: Any,
    dialog: int | None,
) -> None:
    await start(event.payload, user, session, person, sender, dialog)


@router.message_created(Command("start"))
async def on_start_command(
    event: MessageCreated,
    args: list[str],
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    user: Any,
    dialog: int | None,
) -> None:
    await start(args[0] if args else None, user, session, person, sender, dialog)


async def start(
    code: str | None,
    user: Any,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    dialog: int | None,
) -> None:
    now = utcnow()
    first_name = (user.first_name or "").strip()
    full_name = " ".join(p for p in (first_name, (user.last_name or "").strip()) if p)
    outcome = None
    if code:
        result = await join_by_code(
            session, max_user_id=user.user_id, name=full_name[:200], code=code, now=now,
            chat_id=dialog,
        )  # fmt: skip
        await session.commit()
        if result.outcome in JOIN_ERRORS:
            hint = "\n\nВаш чек-лист по-прежнему доступен: /checklist" if result.person else ""
            await sender.send(user.user_id, JOIN_ERRORS[result.outcome] + hint)
            return
        person, outcome = result.person, result.outcome
    if person is None:
        await sender.send(user.user_id, texts.START_STRANGER)
        return
    if person.role == "authority":
        await sender.send(
            user.user_id, texts.welcome_authority(first_name or person.name, person.authority.name)
        )
        return
    view = await load_view(session, person, now)
    school = view.school
    if outcome is JoinOutcome.JOINED:
        greeting = texts.welcome_joined(
            first_name or person.name,
            school.name,
            person.role,
            school.kind,
            person.class_label,
            len(view.states),
        )
    elif outcome is JoinOutcome.UPDATED:
        greeting = texts.welcome_updated(
            first_name or person.name, school.name, person.role, school.kind, person.class_label
        )
    else:
        greeting = texts.welcome_back(first_name or person.name)
    await sender.send(user.user_id, greeting)
    if has_checklist(person):
        await sender.send(user.user_id, *views.next_message(view, view.first_open()))
