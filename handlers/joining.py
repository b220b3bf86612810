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
@router.message_created(Command("start"))
async def on_start(
    event: BotStarted | MessageCreated,
    session: AsyncSession,
    person: Person | None,
    sender: Reply,
    user: User,
    dialog: int | None,
    args: list[str] | None = None,
) -> None:
    """The deep link's invite code (`bot_started`), or `/start CODE`'s."""
    if isinstance(event, BotStarted):
        code = event.payload
    else:
        code = args[0] if args else None
    first_name = (user.first_name or "").strip()
    full_name = " ".join(p for p in (first_name, (user.last_name or "").strip()) if p)
    result = await joining.start(
        session, person, max_user_id=user.user_id, name=full_name[:200], code=code,
        now=utcnow(), chat_id=dialog,
    )  # fmt: skip
    await session.commit()
    for text, rows in start_messages(result, first_name):
        await sender.send(user.user_id, text, rows)
