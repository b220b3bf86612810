"""Plumbing shared by the `python -m bot` command modules: one database session per command,
the bot's username for invite links, and the exit codes."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import TypeAlias, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.max.identity import NoUsername, bot_username
from bot.services import setup
from storage.db import create_sessionmaker, open_database

T = TypeVar("T")

# What `add_subparsers()` returns; each command module adds its parsers to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

EXIT_BAD_INPUT = 2
EXIT_MAX_API = 3


async def with_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one session over the migrated database and commit it."""
    async with open_database(settings.database_url) as engine:
        async with create_sessionmaker(engine)() as session:
            result = await work(session)
            await session.commit()
            return result


async def username(settings: Settings) -> str:
    """The bot's username for deep links: BOT_USERNAME, else asked of MAX (`GET /me`)."""
    if settings.bot_username:
        return settings.bot_username
    from bot.app import make_bot  # late: only when MAX has to be asked

    bot = make_bot(settings)
    try:
        return await bot_username(bot, settings)
    except NoUsername as exc:
        raise setup.SetupError(str(exc)) from exc
    finally:
        await bot.close_session()
