"""`python -m bot migrate | plan check | authority add | school add | school set | invite`:
setting up the database, the roadmap, the authorities, schools and invite links."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import Subparsers, username, with_session
from bot.clock import utcnow
from bot.config import Settings
from bot.plan import (
    DEFAULT_BUILTIN,
    KINDS,
    ROLES,
    builtin_names,
    builtin_plan,
    check_plan,
    default_plan_path,
)
from bot.rules.invites import deep_link
from bot.services import plans, setup
from bot.vocab import Role


def add_parsers(subparsers: Subparsers) -> None:
    """Add `migrate`, `plan check`, `authority add`, `school add` and `invite`."""
    subparsers.add_parser("migrate", help="bring the database schema up to date")

    plan = subparsers.add_parser("plan", help="roadmap files").add_subparsers(
        dest="plan_cmd", required=True
    )
    check = plan.add_parser("check", help="validate a roadmap file (default: the built-in one)")
    check.add_argument("path", nargs="?", help="path to a roadmap TOML file")
    plan.add_parser("list", help="the built-in roadmaps by name")
    replace = plan.add_parser(
        "set", help="replace an authority's roadmap (checked first; answers stay by item code)"
    )
    replace.add_argument("--authority", type=int, required=True)
    source = replace.add_mutually_exclusive_group(required=True)
    source.add_argument("path", nargs="?", help="path to a roadmap TOML file")
    source.add_argument("--builtin", metavar="NAME", help="a built-in roadmap (see plan list)")

    auth = subparsers.add_parser("authority", help="education authorities")
    auth_sub = auth.add_subparsers(dest="authority_cmd", required=True)
    a_add = auth_sub.add_parser("add", help="add an authority, print its id")
    a_add.add_argument("--name", required=True)
    a_add.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Moscow")
    a_add.add_argument("--plan", help="the authority's own roadmap TOML (default: built-in)")

    school = subparsers.add_parser("school", help="schools")
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
    s_set = school_sub.add_parser("set", help="change a school's name, zone or declared totals")
    s_set.add_argument("id", type=int, help="the school's id")
    s_set.add_argument("--name")
    s_set.add_argument("--tz", help="IANA time zone, e.g. Asia/Yekaterinburg")
    s_set.add_argument("--staff", type=int, help="declared number of staff (1..10000)")
    s_set.add_argument("--students", type=int, help="declared number of students (1..10000)")

    inv = subparsers.add_parser("invite", help="create an invite link, print it as the last line")
    target = inv.add_mutually_exclusive_group(required=True)
    target.add_argument("--school", type=int)
    target.add_argument("--authority", type=int)
    inv.add_argument("--role", required=True, choices=[*ROLES, Role.AUTHORITY])
    inv.add_argument("--class", dest="class_label", help="class label for class teachers, e.g. 5А")
    inv.add_argument("--uses", type=int, help="how many people may join (default: unlimited)")
    inv.add_argument(
        "--days",
        type=int,
        default=setup.DEFAULT_INVITE_DAYS,
        help="days until the link expires (default: 30)",
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run one of this module's commands; a SetupError is reported by the caller (exit 2)."""
    match args.command:
        case "migrate":
            asyncio.run(_migrate(settings))
            print("database is up to date")
        case "plan" if args.plan_cmd == "list":
            return _plan_list()
        case "plan" if args.plan_cmd == "set" and args.builtin is not None:
            if args.builtin not in builtin_names():
                print(f"unknown built-in plan {args.builtin!r}; built-in plans: "
                      f"{', '.join(builtin_names())}", file=sys.stderr)  # fmt: skip
                return 1
            return asyncio.run(_plan_set(settings, args, None))
        case "plan" if args.plan_cmd == "set":
            problems = check_plan(args.path)
            if problems:  # the same messages as `plan check`; nothing changes
                for problem in problems:
                    print(problem, file=sys.stderr)
                print(f"{args.path}: {len(problems)} problem(s); the plan was not changed",
                      file=sys.stderr)  # fmt: skip
                return 1
            text = Path(args.path).read_text(encoding="utf-8-sig")
            return asyncio.run(_plan_set(settings, args, text))
        case "plan":
            return _plan_check(args.path)
        case "authority":
            plan_toml = setup.read_plan_file(args.plan) if args.plan else None
            print(asyncio.run(_authority_add(settings, args, plan_toml)))
        case "school" if args.school_cmd == "set":
            changed = asyncio.run(_school_set(settings, args))
            print(", ".join(f"{k}: {v}" for k, v in changed.items()) or "nothing changed")
        case "school":
            print(asyncio.run(_school_add(settings, args)))
        case "invite":
            asyncio.run(_invite(settings, args))
    return 0


async def _migrate(settings: Settings) -> None:
    async def nothing(session: AsyncSession) -> None:
        return None

    await with_session(settings, nothing)


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


def _plan_list() -> int:
    for name in builtin_names():
        default = "  (default)" if name == DEFAULT_BUILTIN else ""
        print(f"{name}: {builtin_plan(name).name}{default}")
    return 0


async def _plan_set(settings: Settings, args: argparse.Namespace, text: str | None) -> int:
    async def work(session: AsyncSession) -> plans.PlanChange:
        authority = await setup.authority_by_id(session, args.authority)
        if text is None:
            return await plans.use_builtin(session, authority, args.builtin, utcnow())
        return await plans.replace_plan(session, authority, text, utcnow())

    change = await with_session(settings, work)
    print(f"plan of authority {args.authority}: {change.name}")
    for label, codes in (("added", change.added), ("removed", change.removed),
                         ("kept", change.kept)):  # fmt: skip
        print(f"{label} ({len(codes)}): {', '.join(codes) or '—'}")
    return 0


async def _authority_add(
    settings: Settings, args: argparse.Namespace, plan_toml: str | None
) -> int:
    async def work(session: AsyncSession) -> int:
        return await setup.add_authority(
            session, name=args.name, tz=args.tz, plan_toml=plan_toml, now=utcnow()
        )

    return await with_session(settings, work)


async def _school_add(settings: Settings, args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> int:
        return await setup.add_school(
            session, authority_id=args.authority, name=args.name, kind=args.kind, tz=args.tz,
            staff=args.staff, students=args.students, now=utcnow(),
        )  # fmt: skip

    return await with_session(settings, work)


async def _school_set(settings: Settings, args: argparse.Namespace) -> dict[str, object]:
    async def work(session: AsyncSession) -> dict[str, object]:
        return await setup.set_school(
            session, school_id=args.id, now=utcnow(), name=args.name, tz=args.tz,
            staff=args.staff, students=args.students,
        )  # fmt: skip

    return await with_session(settings, work)


async def _invite(settings: Settings, args: argparse.Namespace) -> None:
    bot_name = await username(settings)

    async def work(session: AsyncSession) -> setup.NewInvite:
        return await setup.create_invite(
            session, role=args.role, now=utcnow(), school_id=args.school,
            authority_id=args.authority, class_label=args.class_label, uses=args.uses,
            days=args.days,
        )  # fmt: skip

    invite = await with_session(settings, work)
    uses = "unlimited" if invite.max_uses is None else str(invite.max_uses)
    print(f"role: {args.role}; uses: {uses}; expires: {invite.expires_at:%Y-%m-%d %H:%M} UTC")
    print(deep_link(bot_name, invite.code))
