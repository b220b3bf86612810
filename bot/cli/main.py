"""Command line: `python -m bot run [--webhook] | migrate | plan check | authority | school |
invite | roster | export | forget | webhook | demo`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from maxapi.exceptions.base import MaxError

from bot.cli import demo as cli_demo
from bot.cli import export as cli_export
from bot.cli import roster as cli_roster
from bot.cli import webhook as cli_webhook
from bot.clock import utcnow
from bot.config import Settings, get_settings
from bot.plan import KINDS, ROLES, check_plan, default_plan_path
from bot.rules.invites import deep_link
from bot.services import setup
from storage.db import create_engine, create_sessionmaker, migrate


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Sferum-in-MAX roadmap bot")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the bot (long polling, or --webhook)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve MAX webhook updates instead of long polling (docs/WEBHOOK.md)",
    )
    sub.add_parser("migrate", help="bring the database schema up to date")

    plan = sub.add_parser("plan", help="roadmap files").add_subparsers(
        dest="plan_cmd", required=True
    )
    check = plan.add_parser("check", help="validate a roadmap file (default: the built-in one)")
    check.add_argument("path", nargs="?", help="path to a roadmap TOML file")

    auth = sub.add_parser("authority", help="education authorities")
    auth_sub = auth.add_subparsers(dest="authority_cmd", required=True)
    a_add = auth_sub.add_parser("add", help="add an authority, print its id")
    a_add.add_argument("--name", required=True)
    a_add.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Moscow")
    a_add.add_argument("--plan", help="the authority's own roadmap TOML (default: built-in)")

    school = sub.add_parser("school", help="schools")
    school_sub = school.add_subparsers(dest="school_cmd", required=True)
    s_add = school_sub.add_parser("add", help="add a school, print its id")
    s_add.add_argument("--authority", type=int, required=True)
    s_add.add_argument("--name", required=True)
    s_add.add_argument(
        "--kind", required=True, choices=KINDS, help="school = ОУ, preschool = ДОУ, extra = УДО"
    )
    s_add.add_argument("--tz", help="IANA time zone (default: the authority's)")
    s_add.add_argument("--staff", type=int, help="declared number of staff")
    s_add.add_argument("--students", type=int, help="declared number of students")

    inv = sub.add_parser("invite", help="create an invite link, print it as the last line")
    target = inv.add_mutually_exclusive_group(required=True)
    target.add_argument("--school", type=int)
    target.add_argument("--authority", type=int)
    inv.add_argument("--role", required=True, choices=[*ROLES, "authority"])
    inv.add_argument("--class", dest="class_label", help="class label for class teachers, e.g. 5А")
    inv.add_argument("--uses", type=int, help="how many people may join (default: unlimited)")
    inv.add_argument(
        "--days",
        type=int,
        default=setup.DEFAULT_INVITE_DAYS,
        help="days until the link expires (default: 30)",
    )
    forget = sub.add_parser("forget", help="delete a person's personal data (152-ФЗ)")
    forget.add_argument("--max-user", type=int, required=True, help="the person's MAX user id")
    cli_roster.add_parser(sub)
    cli_export.add_parser(sub)
    cli_webhook.add_parser(sub)
    cli_demo.add_parser(sub)
    return p


async def _with_db(settings: Settings, work: Callable[[Any], Awaitable[Any]]) -> Any:
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        async with create_sessionmaker(engine)() as session:
            result = await work(session)
            await session.commit()
            return result
    finally:
        await engine.dispose()


async def _bot_username(settings: Settings) -> str:
    if settings.bot_username:
        return settings.bot_username
    from bot.app import make_bot

    bot = make_bot(settings)
    try:
        me = await bot.get_me()
    finally:
        await bot.close_session()
    if not me.username:
        raise setup.SetupError("the bot has no username; set BOT_USERNAME")
    return me.username


def _plan_check(path: str | None) -> int:
    target = path or str(default_plan_path())
    problems = check_plan(target)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{target}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{target}: OK")
    return 0


async def _authority_add(
    settings: Settings, args: argparse.Namespace, plan_toml: str | None
) -> None:
    async def work(session: Any) -> int:
        return await setup.add_authority(
            session, name=args.name, tz=args.tz, plan_toml=plan_toml, now=utcnow()
        )

    print(await _with_db(settings, work))


async def _school_add(settings: Settings, args: argparse.Namespace) -> None:
    async def work(session: Any) -> int:
        return await setup.add_school(
            session, authority_id=args.authority, name=args.name, kind=args.kind, tz=args.tz,
            staff=args.staff, students=args.students, now=utcnow(),
        )  # fmt: skip

    print(await _with_db(settings, work))


async def _invite(settings: Settings, args: argparse.Namespace) -> None:
    username = await _bot_username(settings)

    async def work(session: Any) -> setup.NewInvite:
        return await setup.create_invite(
            session, role=args.role, now=utcnow(), school_id=args.school,
            authority_id=args.authority, class_label=args.class_label, uses=args.uses,
            days=args.days,
        )  # fmt: skip

    invite = await _with_db(settings, work)
    uses = "unlimited" if invite.max_uses is None else str(invite.max_uses)
    print(f"role: {args.role}; uses: {uses}; expires: {invite.expires_at:%Y-%m-%d %H:%M} UTC")
    print(deep_link(username, invite.code))


async def _forget(settings: Settings, max_user_id: int) -> None:
    from bot.services.privacy import forget
    from storage.repo import people

    async def work(session: Any) -> None:
        person = await people.by_max_user(session, max_user_id)
        if person is None:
            raise setup.SetupError(f"no person with MAX user id {max_user_id}")
        await forget(session, person, utcnow(), by="operator")

    await _with_db(settings, work)
    print(f"personal data of MAX user {max_user_id} deleted; anonymous answers kept")


class RedactSecrets(logging.Filter):
    """Keep the bot token (and the webhook secret) out of every log line."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    redact = RedactSecrets(settings.max_bot_token, getattr(settings, "webhook_secret", ""))
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    setup_logging(settings)
    try:
        match args.command:
            case "run" if args.webhook:
                from bot.max.webhook import run_webhook

                asyncio.run(run_webhook(settings))
            case "run":
                from bot.app import run_polling

                asyncio.run(run_polling(settings))
            case "webhook":
                return cli_webhook.run(settings, args)
            case "demo":
                return cli_demo.run(settings, args)
            case "migrate":
                asyncio.run(_with_db(settings, lambda session: asyncio.sleep(0)))
                print("database is up to date")
            case "plan":
                return _plan_check(args.path)
            case "authority":
                plan_toml = setup.read_plan_file(args.plan) if args.plan else None
                asyncio.run(_authority_add(settings, args, plan_toml))
            case "school":
                asyncio.run(_school_add(settings, args))
            case "invite":
                asyncio.run(_invite(settings, args))
            case "forget":
                asyncio.run(_forget(settings, args.max_user))
            case "roster":
                return cli_roster.run(settings, args)
            case "export":
                return cli_export.run(settings, args)
    except setup.SetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except MaxError as exc:
        print(f"error: the MAX API at {settings.max_api_url} failed: {exc!r}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 0
    return 0
