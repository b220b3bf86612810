"""`python -m bot forget --max-user ID`: delete a person's personal data (152-ФЗ)."""

from __future__ import annotations

import argparse
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import Subparsers, with_session
from bot.clock import utcnow
from bot.config import Settings
from bot.services import setup
from bot.services.privacy import forget
from storage.repo import people


def add_parser(subparsers: Subparsers) -> None:
    forget_cmd = subparsers.add_parser("forget", help="delete a person's personal data (152-ФЗ)")
    forget_cmd.add_argument("--max-user", type=int, required=True, help="the person's MAX user id")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Exit code 0; an unknown person is a SetupError (reported by the caller, exit 2)."""
    asyncio.run(_forget(settings, args.max_user))
    print(f"personal data of MAX user {args.max_user} deleted; anonymous answers kept")
    return 0


async def _forget(settings: Settings, max_user_id: int) -> None:
    async def work(session: AsyncSession) -> None:
        person = await people.by_max_user(session, max_user_id)
        if person is None:
            raise setup.SetupError(f"no person with MAX user id {max_user_id}")
        await forget(session, person, utcnow(), by="operator")

    await with_session(settings, work)
