"""Joining: `bot_started` with an invite code (deep link) and `/start [CODE]`. Open to all."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import BotStarted, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import joining
from bot.ui.views.joining import start_messages
from storage.models import Person

router = Router("joining")


@router.bot_started()
async def on_bot_started(
    event: BotStarted,
    session: AsyncSession,
    person: Person | None,
    sender: Reply,
    user: User,
    dialog: int | None,
) -> None:
    await start(event.payload, user, session, person, sender, dialog)


@router.message_created(Command("start"))
async def on_start_command(
    event: MessageCreated,
    args: list[str],
    session: AsyncSession,
    person: Person | None,
    sender: Reply,
    user: User,
    dialog: int | None,
) -> None:
    await start(args[0] if args else None, user, session, person, sender, dialog)


async def start(
    code: str | None,
    user: User,
    session: AsyncSession,
    person: Person | None,
    sender: Reply,
    dialog: int | None,
) -> None:
    first_name = (user.first_name or "").strip()
    full_name = " ".join(p for p in (first_name, (user.last_name or "").strip()) if p)
    result = await joining.start(
        session, person, max_user_id=user.user_id, name=full_name[:200], code=code,
        now=utcnow(), chat_id=dialog,
    )  # fmt: skip
    await session.commit()
    for text, rows in start_messages(result, first_name):
        await sender.send(user.user_id, text, rows)
