"""Who an announcement goes to. Plain functions over plain values.

An audience is a string (stored in announcement.audience and carried in a button): "all",
"role:<role>" or "class:<label>" for a school's administrator; "admins" or "everyone" for an
authority, or "channel": one post into the authority's official channel (no people).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.vocab import Role

ALL = "all"
"""Everyone in the administrator's school."""
ADMINS = "admins"
"""The administrators of all the authority's schools."""
EVERYONE = "everyone"
"""Everyone in all the authority's schools."""
CHANNEL = "channel"
"""The authority's official channel (`bot.services.announce.channel_of`): one post."""
ROLE_PREFIX = "role:"
CLASS_PREFIX = "class:"


def role_audience(role: Role) -> str:
    return f"{ROLE_PREFIX}{role}"


SCHOOL_AUDIENCES = (
    ALL,
    role_audience(Role.TEACHER),
    role_audience(Role.CLASS_TEACHER),
    role_audience(Role.STAFF),
    role_audience(Role.ADMIN),
)
AUTHORITY_AUDIENCES = (ADMINS, EVERYONE)


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    role: str
    classes: tuple[str, ...]  # the labels of the classes they teach now
    reachable: bool


def valid_audience(audience: str, for_authority: bool) -> bool:
    if for_authority:
        return audience in AUTHORITY_AUDIENCES or audience == CHANNEL
    if audience.startswith(CLASS_PREFIX):
        return 0 < len(audience) - len(CLASS_PREFIX) <= 16
    return audience in SCHOOL_AUDIENCES


def select_recipients(audience: str, people: Iterable[Candidate], author_id: int) -> list[int]:
    """Person ids the announcement goes to: the audience, reachable, never the author."""

    def wanted(c: Candidate) -> bool:
        if audience in (ALL, EVERYONE):
            return True
        if audience == ADMINS:
            return c.role == Role.ADMIN
        if audience.startswith(ROLE_PREFIX):
            return c.role == audience.removeprefix(ROLE_PREFIX)
        if audience.startswith(CLASS_PREFIX):
            return audience.removeprefix(CLASS_PREFIX) in c.classes
        return False

    return [c.person_id for c in people if c.person_id != author_id and c.reachable and wanted(c)]
