"""Help requests: «Нужна помощь» reaches the school's administrators; they mark it handled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.schedule import Policy
from bot.rules.text import visible
from bot.services.outbox import first_allowed_moment, queue
from bot.services.plans import plan_for
from bot.ui.keyboards import Rows
from bot.ui.keyboards.help import help_request_keyboard
from bot.ui.texts import help as t
from bot.vocab import Role
from storage.models import HelpRequest, Person, School
from storage.repo import people, schedule

AWAITING_PREFIX = "help:"
MAX_COMMENT = 1000


def _school(person: Person) -> School:
    """The school of a member of staff (help requests exist only within a school)."""
    assert person.school is not None
    return person.school


def _title(person: Person, code: str) -> str:
    school = _school(person)
    item = plan_for(school.authority).item(code, school.kind)
    return item.title if item else code


async def _admins(session: AsyncSession, person: Person) -> list[Person]:
    members = await people.members_of(session, _school(person).id)
    return [m for m in members if m.role == Role.ADMIN and m.id != person.id]


async def _tell_admins(
    session: AsyncSession,
    person: Person,
    key: str,
    text: str,
    now: datetime,
    policy: Policy,
    rows: Rows | None = None,
) -> list[str]:
    """Queue a notice about the person's request to each administrator of their school (after
    quiet hours if need be) under `key:<admin id>`; returns the outbox keys."""
    admins = await _admins(session, person)
    when = first_allowed_moment(now, _school(person).tz, policy)
    keys = [f"{key}:{admin.id}" for admin in admins]
    for admin_key, admin in zip(keys, admins, strict=True):
        await queue(
            session, key=admin_key, kind="help", to=admin, text=text, not_before=when, rows=rows
        )
    return keys


async def open_request(
    session: AsyncSession, person: Person, code: str, now: datetime, policy: Policy
) -> list[str]:
    """Record a help request and queue a notice to each administrator (after quiet hours if
    need be). Returns the outbox keys; empty when the school has no administrator. A request
    on the item still open is the one asked again (a second tap notifies nobody twice)."""
    request = await schedule.open_help_request(session, person.id, code)
    if request is not None:
        person.awaiting = f"{AWAITING_PREFIX}{request.id}"
        return []
    request = await schedule.add_help_request(
        session, person_id=person.id, school_id=person.school_id, item_code=code, created_at=now
    )
    person.awaiting = f"{AWAITING_PREFIX}{request.id}"
    text = t.help_request(person.name, _title(person, code), None)
    keys = await _tell_admins(
        session, person, f"help:{request.id}", text, now, policy, help_request_keyboard(request.id)
    )
    people.audit(session, "help.open", at=now, person_id=person.id, item=code)
    return keys


class CommentOutcome(StrEnum):
    SENT = "sent"
    TOO_LONG = "too_long"
    NOT_WAITING = "not_waiting"


@dataclass(frozen=True)
class CommentResult:
    outcome: CommentOutcome
    keys: list[str] = field(default_factory=list)  # outbox keys of the notices


async def add_comment(
    session: AsyncSession, person: Person, comment: str, now: datetime, policy: Policy
) -> CommentResult:
    """The typed comment to the person's latest help request, forwarded to the administrators."""
    awaiting = person.awaiting or ""
    if not awaiting.startswith(AWAITING_PREFIX):
        return CommentResult(CommentOutcome.NOT_WAITING)
    comment = visible(comment).strip()
    if len(comment) > MAX_COMMENT:
        return CommentResult(CommentOutcome.TOO_LONG)
    request = await schedule.get_help_request(session, int(awaiting.removeprefix(AWAITING_PREFIX)))
    person.awaiting = None
    if request is None or request.person_id != person.id:
        return CommentResult(CommentOutcome.NOT_WAITING)
    request.comment = comment
    text = t.help_comment(person.name, _title(person, request.item_code), comment)
    keys = await _tell_admins(session, person, f"help-comment:{request.id}", text, now, policy)
    return CommentResult(CommentOutcome.SENT, keys)


class HandleOutcome(StrEnum):
    HANDLED = "handled"
    ALREADY = "already"
    FORBIDDEN = "forbidden"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class HandleResult:
    outcome: HandleOutcome
    text: str | None = None  # the new text of the administrator's message
    keys: list[str] = field(default_factory=list)


async def mark_handled(
    session: AsyncSession, admin: Person, request_id: int, now: datetime, policy: Policy
) -> HandleResult:
    """An administrator of the same school marks a help request handled; the person is told."""
    if admin.role != Role.ADMIN:
        return HandleResult(HandleOutcome.FORBIDDEN)
    request: HelpRequest | None = await schedule.get_help_request(session, request_id)
    if request is None:
        return HandleResult(HandleOutcome.UNKNOWN)
    if request.school_id != admin.school_id:
        people.audit(session, "help.forbidden", at=now, person_id=admin.id, request=request_id)
        return HandleResult(HandleOutcome.FORBIDDEN)
    if request.handled_at is not None:
        return HandleResult(HandleOutcome.ALREADY)
    request.handled_at, request.handled_by = now, admin.id
    person = await session.get(Person, request.person_id)
    assert person is not None  # person_id is a non-null, cascading foreign key
    title = _title(admin, request.item_code)
    key = f"help-handled:{request.id}"
    await queue(
        session, key=key, kind="help", to=person,
        text=t.help_handled_for_person(title),
        not_before=first_allowed_moment(now, _school(admin).tz, policy),
    )  # fmt: skip
    people.audit(session, "help.handled", at=now, person_id=admin.id, request=request_id)
    return HandleResult(HandleOutcome.HANDLED, t.help_handled_for_admin(person.name, title), [key])
