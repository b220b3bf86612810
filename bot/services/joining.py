"""Joining by an invite code (the payload of `bot_started` or `/start CODE`), and what a
person who starts the bot comes to (`start`).

Brute-force protection: every code that matches no invite (unknown or not even well formed)
is recorded as an `InviteAttempt`. A user with `ATTEMPT_LIMIT` wrong codes within the last
`ATTEMPT_WINDOW` is refused (THROTTLED) without the code being looked up at all, even a valid
one, until the oldest of those attempts is more than `ATTEMPT_WINDOW` old. Refused attempts
are audited ("join.throttled") but not recorded as attempts, so the lock lifts an hour after
the wrong codes, however often the person keeps trying meanwhile.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.classes import class_label, grade_and_letter
from bot.rules.invites import hash_code, invite_problem, well_formed
from bot.rules.text import visible
from bot.services import chats
from bot.services.chats import AddedResult
from bot.services.checklist import ChecklistView, has_checklist, load_view
from bot.services.plans import school_year_now
from storage.models import Person
from storage.repo import attempts, invites, orgs, people, roster
from storage.repo import classes as classes_repo

ATTEMPT_LIMIT = 10  # wrong codes per user within ATTEMPT_WINDOW; further attempts are refused
ATTEMPT_WINDOW = timedelta(hours=1)
NAME_MAX = 200


def clean_name(name: str) -> str:
    """A MAX display name fit to show in others' lists: control and format characters
    (bidi overrides such as U+202E, zero-width spaces) and lone surrogates dropped, whitespace
    collapsed, at most NAME_MAX characters. May be empty. Unassigned code points stay: emoji
    newer than Python's Unicode tables are unassigned here."""
    spaced = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in name
    )
    return " ".join(visible(spaced).split())[:NAME_MAX].strip()


def fallback_name(max_user_id: int) -> str:
    """The name of a person whose MAX name has nothing printable: their MAX id."""
    return f"ID {max_user_id}"


class JoinOutcome(StrEnum):
    """What an invite code came to: the person joined (or was updated, or already was what
    the link says), or why the code was refused."""

    JOINED = "joined"  # a new person
    UPDATED = "updated"  # a known person got another role, school or class
    ALREADY = "already"  # the link says what the person already is
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED_UP = "used_up"
    THROTTLED = "throttled"  # too many wrong codes lately: not looked up at all
    LEFT = "left"  # marked as gone by the school; only a link made after that lets them back


REFUSED = frozenset({JoinOutcome.UNKNOWN, JoinOutcome.EXPIRED, JoinOutcome.REVOKED,
                     JoinOutcome.USED_UP, JoinOutcome.THROTTLED, JoinOutcome.LEFT})  # fmt: skip
"""The outcomes where the code did not work: the person stays what they were."""
JOINED = frozenset({JoinOutcome.JOINED, JoinOutcome.UPDATED})
"""The outcomes where the person is now at a school through the code."""


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
    wrong = await attempts.count_since(session, max_user_id, now - ATTEMPT_WINDOW)
    if wrong >= ATTEMPT_LIMIT:
        people.audit(
            session, "join.throttled", at=now, person_id=_id(person),
            max_user_id=max_user_id, wrong_codes=wrong,
        )  # fmt: skip
        return JoinResult(JoinOutcome.THROTTLED, person)
    invite = await invites.by_hash(session, hash_code(code)) if well_formed(code) else None
    if invite is None:
        attempts.add(session, max_user_id, now)
        people.audit(
            session, "join.unknown", at=now, person_id=_id(person), max_user_id=max_user_id
        )
        return JoinResult(JoinOutcome.UNKNOWN, person)
    target = (invite.role, invite.school_id, invite.authority_id, invite.class_label)
    gone = person is not None and person.left_at is not None
    if (
        person is not None
        and not gone
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
        people.audit(session, f"join.{problem}", at=now, person_id=_id(person), invite_id=invite.id)
        return JoinResult(JoinOutcome(problem), person)
    if (
        person is not None
        and person.left_at is not None
        and invite.school_id == person.school_id
        and invite.created_at <= person.left_at
    ):  # the school's old link: marked as gone, they come back only by a new one
        people.audit(session, "join.left", at=now, person_id=person.id, invite_id=invite.id)
        return JoinResult(JoinOutcome.LEFT, person)
    if not await invites.take_use(session, invite.id):  # the last use went to someone else
        people.audit(session, "join.used_up", at=now, person_id=_id(person), invite_id=invite.id)
        return JoinResult(JoinOutcome.USED_UP, person)
    name = clean_name(name)
    outcome = JoinOutcome.UPDATED
    if person is None:
        outcome = JoinOutcome.JOINED
        person = Person(
            max_user_id=max_user_id, name=name or fallback_name(max_user_id), joined_at=now
        )
        session.add(person)
    person.name = name or person.name
    person.chat_id = chat_id or person.chat_id
    person.role, person.school_id, person.authority_id, person.class_label = target
    person.updated_at, person.left_at = now, None
    await session.flush()
    if invite.class_label and invite.school_id is not None:
        await _teach(session, invite.school_id, invite.class_label, person.id, now)
    entry = await roster.entry_of_invite(session, invite.id)
    if entry is not None and entry.school_id == person.school_id:
        # A personal roster link: the person is that row, and the roster's ФИО is their name.
        entry.person_id, entry.updated_at = person.id, now
        person.name = entry.full_name
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


async def _teach(
    session: AsyncSession, school_id: int, text: str, person_id: int, now: datetime
) -> None:
    """The person joined as the class teacher of `text`: they teach that class (of the
    school's current school year), added if the school has no such class yet."""
    school = await orgs.get_school(session, school_id)
    assert school is not None
    label, _ = class_label(text)
    grade, letter = grade_and_letter(label)
    year = school_year_now(school, now)
    await classes_repo.assign_class(
        session, school_id=school_id, label=label,
        grade=grade, letter=letter,
        school_year=year, person_id=person_id, since=now,
    )  # fmt: skip


def _id(person: Person | None) -> int | None:
    return person.id if person is not None else None


@dataclass(frozen=True)
class StartResult:
    """What starting the bot came to: the invite code's outcome (None: no code was given), the
    person (None: a stranger) and, for school staff, their checklist as of now."""

    outcome: JoinOutcome | None
    person: Person | None
    view: ChecklistView | None
    claimed: tuple[AddedResult, ...] = ()  # chats they added the bot to before joining


async def start(
    session: AsyncSession,
    person: Person | None,
    *,
    max_user_id: int,
    name: str,
    code: str | None,
    now: datetime,
    chat_id: int | None = None,
) -> StartResult:
    """`/start [CODE]` or an invite link by `person` (None: not known yet): join with the code,
    if there is one, and load the checklist the person continues with."""
    outcome = None
    if not code and person is not None and person.left_at is not None:
        return StartResult(JoinOutcome.LEFT, person, None)
    if code:
        result = await join_by_code(
            session, max_user_id=max_user_id, name=name, code=code, now=now, chat_id=chat_id
        )
        if result.outcome in REFUSED:
            return StartResult(result.outcome, result.person, None)
        person, outcome = result.person, result.outcome
    view = await load_view(session, person, now) if has_checklist(person) else None
    claimed: tuple[AddedResult, ...] = ()
    if view is not None and person is not None and outcome in JOINED:
        claimed = tuple(await chats.claim_unclaimed(session, person, now))
    return StartResult(outcome, person, view, claimed)
