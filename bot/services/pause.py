"""Pausing reminders (holiday, sick leave): `/pause`, its buttons and a typed date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import local_today
from storage.models import Person
from storage.repo import people

AWAITING_DATE = "pause_date"
MAX_PAUSE = timedelta(days=366)
EXAMPLE_AHEAD = timedelta(days=14)
DATE_RE = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*")


class PauseOutcome(StrEnum):
    PAUSED = "paused"
    RESUMED = "resumed"
    ASK_DATE = "ask_date"
    BAD_DATE = "bad_date"
    PAST_DATE = "past_date"
    TOO_FAR = "too_far"


def parse_date(text: str) -> date | None:
    match = DATE_RE.fullmatch(text)
    if not match:
        return None
    day, month, year = map(int, match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _tz(person: Person) -> str:
    place = person.school or person.authority
    assert place is not None, "a registered person has a school or an authority"
    return place.tz


def example_date(person: Person, now: datetime) -> date:
    """The date the prompts give as an example: two weeks from the person's today."""
    return local_today(now, _tz(person)) + EXAMPLE_AHEAD


def _pause(session: AsyncSession, person: Person, until: date, now: datetime) -> None:
    person.paused_until, person.awaiting = until, None
    people.audit(session, "pause", at=now, person_id=person.id, until=until.isoformat())


async def pause_until(
    session: AsyncSession, person: Person, text: str, now: datetime
) -> tuple[PauseOutcome, date | None]:
    """Pause up to and including the typed date (ДД.ММ.ГГГГ)."""
    until = parse_date(text)
    today = local_today(now, _tz(person))
    if until is None:
        return PauseOutcome.BAD_DATE, None
    if until < today:
        return PauseOutcome.PAST_DATE, None
    if until - today > MAX_PAUSE:
        return PauseOutcome.TOO_FAR, None
    _pause(session, person, until, now)
    return PauseOutcome.PAUSED, until


async def pause_action(
    session: AsyncSession, person: Person, act: str, now: datetime
) -> tuple[PauseOutcome, date | None]:
    """A pause button: "week", "date" (then a typed date is awaited) or "off"."""
    if act == "week":
        until = local_today(now, _tz(person)) + timedelta(days=6)
        _pause(session, person, until, now)
        return PauseOutcome.PAUSED, until
    if act == "date":
        person.awaiting = AWAITING_DATE
        return PauseOutcome.ASK_DATE, None
    if act == "off":
        person.paused_until, person.awaiting = None, None
        people.audit(session, "pause.off", at=now, person_id=person.id)
        return PauseOutcome.RESUMED, None
    raise ValueError(f"unknown pause action {act!r}")
