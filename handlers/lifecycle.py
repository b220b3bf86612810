"""The person stopped the bot or removed the dialog: MAX will refuse messages to them."""

from __future__ import annotations

from maxapi import Router
from maxapi.types import BotStopped, DialogRemoved
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from storage.models import Person
from storage.repo import people

router = Router("lifecycle")


@router.bot_stopped()
async def on_bot_stopped(event: BotStopped, session: AsyncSession, person: Person | None) -> None:
    await _gone(session, person)


@router.dialog_removed()
async def on_dialog_removed(
    event: DialogRemoved, session: AsyncSession, person: Person | None
) -> None:
    await _gone(session, person)


async def _gone(session: AsyncSession, person: Person | None) -> None:
    if person is not None:
        people.mark_unreachable(session, person, utcnow())
        await session.commit()
