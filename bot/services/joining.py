"""Joining by an invite code (the payload of `bot_started` or `/start CODE`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.invites import hash_code, invite_problem, well_formed
from storage.models import Person
from storage.repo import invites, people


class JoinOutcome(StrEnum):
    JOINED = "joined"  # a new person
    UPDATED = "updated"  # a known person got another role, school or class
    ALREADY = "already"  # the link says what the person already is
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED_UP = "used_up"


@dataclass(frozen=True)
class JoinResult:
    outcome: JoinOutcome
    person: Person | None


async def join_by_code(
    session: AsyncSession,
    *,
    max_user_id: int,
    name: str,
    code: str,
    now: datetime,
    chat_id: int | None = None,
) -> JoinResult:
    person = await people.by_max_user(session, max_user_id)
    invite = await invites.by_hash(session, hash_code(code)) if well_formed(code) else None
    if invite is None:
        people.audit(
            session, "join.unknown", at=now, person_id=person and person.id, max_user_id=max_user_id
        )
        return JoinResult(JoinOutcome.UNKNOWN, person)
    target = (invite.role, invite.school_id, invite.authority_id, invite.class_label)
    if (
        person is not None
        and (person.role, person.school_id, person.authority_id, person.class_label) == target
    ):
        return JoinResult(JoinOutcome.ALREADY, person)
    problem = invite_problem(
        now=now,
        expires_at=invite.expires_at,
        revoked_at=invite.revoked_at,
        uses=invite.uses,
        max_uses=invite.max_uses,
    )
    if problem is not None:
        people.audit(
            session, f"join.{problem}", at=now, person_id=person and person.id, invite_id=invite.id
        )
        return JoinResult(JoinOutcome(problem), person)
    invite.uses += 1
    outcome = JoinOutcome.UPDATED
    if person is None:
        outcome = JoinOutcome.JOINED
        person = Person(max_user_id=max_user_id, name=name, joined_at=now)
        session.add(person)
    person.name = name or person.name
    person.chat_id = chat_id or person.chat_id
    person.role, person.school_id, person.authority_id, person.class_label = target
    person.updated_at = now
    await session.flush()
    people.audit(
        session,
        f"join.{outcome}",
        at=now,
        person_id=person.id,
        invite_id=invite.id,
        role=invite.role,
    )
    await session.refresh(person, attribute_names=["school", "authority"])
    return JoinResult(outcome, person)
