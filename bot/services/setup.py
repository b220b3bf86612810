"""Operator set-up: authorities, schools, invites (used by the CLI and later by admin commands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import KINDS, ROLES, PlanError, load_plan
from bot.rules import classes
from bot.rules.calendar import school_year_of
from bot.rules.checklist import local_today
from bot.rules.invites import hash_code, new_code
from bot.rules.staff import DECLARED_MAX, DECLARED_MIN
from bot.services.plans import plan_for
from bot.vocab import Role
from storage.models import Authority
from storage.repo import invites, orgs
from storage.repo.people import actor_of, audit

DEFAULT_INVITE_DAYS = 30


class SetupError(ValueError):
    """A set-up request that cannot be carried out; the message says why (English, for the CLI)."""


def check_tz(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SetupError(f"unknown time zone {tz!r} (use an IANA name like Europe/Moscow)") from exc
    return tz


def read_plan_file(path: str) -> str:
    """The text of an authority's roadmap file, validated; SetupError lists every problem."""
    try:
        load_plan(path)
    except PlanError as exc:
        raise SetupError("\n".join(exc.problems)) from exc
    return Path(path).read_text(encoding="utf-8")


CLASS_PROBLEMS = {
    classes.LabelProblem.EMPTY: "no class given",
    classes.LabelProblem.SPACED: "write the class without a space or hyphen",
    classes.LabelProblem.LATIN: "the letter is Latin; use the Cyrillic one",
    classes.LabelProblem.GRADE: "grades are 1 to 11",
    classes.LabelProblem.FORMAT: "write a grade and a Cyrillic letter",
    classes.LabelProblem.TOO_LONG: "a group's name is at most 32 characters",
}


async def authority_by_id(session: AsyncSession, authority_id: int) -> Authority:
    authority = await orgs.get_authority(session, authority_id)
    if authority is None:
        raise SetupError(f"no authority with id {authority_id}")
    return authority


async def add_authority(
    session: AsyncSession, *, name: str, tz: str, plan_toml: str | None, now: datetime
) -> int:
    name = name.strip()
    if not name:
        raise SetupError("the authority name is empty")
    check_tz(tz)
    authority = await orgs.add_authority(session, name=name, tz=tz, plan_toml=plan_toml)
    audit(session, "authority.add", at=now, actor="cli", authority_id=authority.id)
    return authority.id


async def add_school(
    session: AsyncSession,
    *,
    authority_id: int,
    name: str,
    kind: str,
    tz: str | None,
    staff: int | None,
    students: int | None,
    now: datetime,
) -> int:
    authority = await orgs.get_authority(session, authority_id)
    if authority is None:
        raise SetupError(f"no authority with id {authority_id}")
    if kind not in KINDS:
        raise SetupError(f"unknown school kind {kind!r} (allowed: {', '.join(KINDS)})")
    name = name.strip()
    if not name:
        raise SetupError("the school name is empty")
    for label, value in (("staff", staff), ("students", students)):
        if value is not None and value < 0:
            raise SetupError(f"--{label} must not be negative")
    school = await orgs.add_school(
        session,
        authority_id=authority_id,
        name=name,
        kind=kind,
        tz=check_tz(tz or authority.tz),
        declared_staff=staff,
        declared_students=students,
        created_at=now,
        # the school year it is in now (plan.year_starts of the authority's plan)
        school_year=school_year_of(
            local_today(now, check_tz(tz or authority.tz)), plan_for(authority).year_starts
        ),
    )
    audit(session, "school.add", at=now, actor="cli", school_id=school.id)
    return school.id


def check_declared(label: str, value: int | None) -> int | None:
    if value is not None and not DECLARED_MIN <= value <= DECLARED_MAX:
        raise SetupError(f"--{label} must be a whole number {DECLARED_MIN}..{DECLARED_MAX}")
    return value


async def set_school(
    session: AsyncSession,
    *,
    school_id: int,
    now: datetime,
    name: str | None = None,
    tz: str | None = None,
    staff: int | None = None,
    students: int | None = None,
    person_id: int | None = None,
) -> dict[str, object]:
    """Change a school's name, time zone, declared staff or students (those given); returns
    what changed (field -> new value), audited as "school.set". Nothing changes on an error."""
    school = await orgs.get_school(session, school_id)
    if school is None:
        raise SetupError(f"no school with id {school_id}")
    wanted: dict[str, object] = {}
    if name is not None:
        name = " ".join(name.split())
        if not 3 <= len(name) <= 200:
            raise SetupError("--name must be 3 to 200 characters")
        wanted["name"] = name
    if tz is not None:
        wanted["tz"] = check_tz(tz)
    if staff is not None:
        wanted["declared_staff"] = check_declared("staff", staff)
    if students is not None:
        wanted["declared_students"] = check_declared("students", students)
    if not wanted:
        raise SetupError("nothing to change: give --name, --tz, --staff or --students")
    changed = {k: v for k, v in wanted.items() if getattr(school, k) != v}
    for key, value in changed.items():
        setattr(school, key, value)
    audit(session, "school.set", at=now, actor=actor_of(person_id), person_id=person_id,
          school_id=school.id, **changed)  # fmt: skip
    return changed


@dataclass(frozen=True)
class NewInvite:
    code: str
    expires_at: datetime
    max_uses: int | None


async def create_invite(
    session: AsyncSession,
    *,
    role: str,
    now: datetime,
    school_id: int | None = None,
    authority_id: int | None = None,
    class_label: str | None = None,
    uses: int | None = None,
    days: int = DEFAULT_INVITE_DAYS,
    created_by: int | None = None,
) -> NewInvite:
    if role == Role.AUTHORITY:
        if authority_id is None or school_id is not None:
            raise SetupError("an authority invite needs --authority (and no --school)")
        if await orgs.get_authority(session, authority_id) is None:
            raise SetupError(f"no authority with id {authority_id}")
    else:
        if role not in ROLES:
            raise SetupError(f"unknown role {role!r} (allowed: {', '.join(ROLES)}, authority)")
        if school_id is None or authority_id is not None:
            raise SetupError(f"a {role} invite needs --school (and no --authority)")
        if await orgs.get_school(session, school_id) is None:
            raise SetupError(f"no school with id {school_id}")
    if class_label is not None:
        class_label = class_label.strip()
        if role != Role.CLASS_TEACHER:
            raise SetupError("--class is only for the class_teacher role")
        if not class_label or len(class_label) > 16:
            raise SetupError("--class must be 1 to 16 characters, e.g. 5А")
        label, problem = classes.class_label(class_label)
        if problem is not None:
            raise SetupError(f"--class {class_label!r}: {CLASS_PROBLEMS[problem]} (e.g. {label})")
        class_label = label
    if uses is not None and uses < 1:
        raise SetupError("--uses must be at least 1")
    if days < 1:
        raise SetupError("--days must be at least 1")
    code = new_code()
    expires_at = now + timedelta(days=days)
    await invites.add(
        session,
        code_hash=hash_code(code),
        school_id=school_id,
        authority_id=authority_id,
        role=role,
        class_label=class_label,
        max_uses=uses,
        expires_at=expires_at,
        created_by=created_by,
    )
    audit(
        session,
        "invite.create",
        at=now,
        actor=actor_of(created_by),
        person_id=created_by,
        role=role,
        school_id=school_id,
        authority_id=authority_id,
    )
    return NewInvite(code=code, expires_at=expires_at, max_uses=uses)


async def revoke_invite(session: AsyncSession, code: str, *, now: datetime) -> bool:
    """Revoke an invite by its code; False when there is no such invite."""
    invite = await invites.by_hash(session, hash_code(code))
    if invite is None:
        return False
    if invite.revoked_at is None:
        invite.revoked_at = now
        audit(session, "invite.revoke", at=now, actor="cli", invite_id=invite.id)
    return True
