"""Coverage of a class by its chats: who of the class's students and parents are in the class
chats the bot can see. Pure rules, no I/O; the one definition for the class teacher's page,
`/progress`, the digests, the authority's ranking and the export.

- **Present** in a class chat: its members minus bots minus the school's staff known to the
  bot (a teacher in the parents' chat is not a parent).
- **Coverage** = present / class size. In the parents' chat a family is counted once per
  student: more parents than students (two parents of one child) is capped at 100 %, and the
  figure says so. Without a class size there is no percentage, only the count.
- **Active this week**: present members MAX saw in the chat in the last 7 days
  (`last_access_time`; "may be stale for superchats"): an approximation of "using Сферум in
  MAX weekly", shown as such next to the official monitoring.sferum.ru figure, never instead.
- **The school's "students and parents" figure** from the chats: the active students and
  parents of the classes (each capped at the class size) over twice the students (one parent
  per student), of the classes whose size is known.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.vocab import ChatPurpose

ACTIVE_WINDOW = timedelta(days=7)
COUNTED_PURPOSES = (ChatPurpose.STUDENTS, ChatPurpose.PARENTS)


def member_key(key: bytes, user_id: int) -> str:
    """The keyed hash a chat member is kept as (32 hex characters of HMAC-SHA256)."""
    return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Member:
    """A member of a chat as the bot keeps it: a keyed hash and when MAX last saw them."""

    key: str
    last_access_at: datetime | None


@dataclass(frozen=True)
class Count:
    present: int  # members who are neither bots nor the school's staff
    active: int  # of them, seen in the last 7 days


def count_members(members: Iterable[Member], staff: set[str], now: datetime) -> Count:
    """Who of a chat's members (bots already left out) count: not the school's staff."""
    present = active = 0
    for m in members:
        if m.key in staff:
            continue
        present += 1
        if m.last_access_at is not None and now - m.last_access_at <= ACTIVE_WINDOW:
            active += 1
    return Count(present, active)


@dataclass(frozen=True)
class Coverage:
    """One class chat's figure: «Чат родителей 5А: 18 из 26 — 69 %»."""

    class_label: str
    purpose: str  # ChatPurpose.STUDENTS | ChatPurpose.PARENTS
    present: int | None  # None: not counted yet (the bot is not an administrator)
    active: int | None
    size: int | None  # the class's students; None: not known
    percent: float | None  # present / size, capped at 100; None without a size or count
    capped: bool  # more members than students (counted as 100 %)

    @property
    def counted(self) -> bool:
        return self.present is not None


def coverage(
    class_label: str, purpose: str, present: int | None, active: int | None, size: int | None
) -> Coverage:
    percent = None
    capped = False
    if present is not None and size:
        capped = present > size
        percent = 100.0 * min(present, size) / size
    return Coverage(class_label, purpose, present, active, size, percent, capped)


@dataclass(frozen=True)
class ChatCount:
    """What is known of one chat, as read from the database."""

    class_id: int
    class_label: str
    size: int | None
    purpose: str
    present: int | None
    active: int | None


def class_coverage(chats: Sequence[ChatCount]) -> list[Coverage]:
    """One figure per class and purpose (students' chat, parents' chat), by class label; two
    chats of one class and purpose (say, two parents' chats) are added up."""
    merged: dict[tuple[int, str], ChatCount] = {}
    for c in chats:
        if c.purpose not in COUNTED_PURPOSES:
            continue
        seen = merged.get((c.class_id, c.purpose))
        if seen is None:
            merged[(c.class_id, c.purpose)] = c
            continue
        merged[(c.class_id, c.purpose)] = ChatCount(
            c.class_id, c.class_label, c.size, c.purpose,
            _add(seen.present, c.present), _add(seen.active, c.active),
        )  # fmt: skip
    out = [coverage(c.class_label, c.purpose, c.present, c.active, c.size) for c in merged.values()]
    return sorted(out, key=lambda v: (_label_key(v.class_label), v.purpose != ChatPurpose.PARENTS))


def _add(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _label_key(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 99, label)


@dataclass(frozen=True)
class SchoolCoverage:
    """A school's figures from its class chats (for `/progress`, digests, the authority)."""

    classes: int  # classes with a counted students' or parents' chat
    parents: int  # parents present, each class capped at its size
    students: int  # students present, capped likewise
    size: int  # students of the school's classes whose size is known
    parents_percent: float | None  # None: no class size known
    students_percent: float | None
    active_percent: float | None  # the "students and parents weekly" approximation


def _capped(figures: Iterable[Coverage], purpose: str | None, attr: str) -> int:
    total = 0
    for f in figures:
        if purpose is not None and f.purpose != purpose:
            continue
        value: int = getattr(f, attr) or 0
        total += min(value, f.size) if f.size else value
    return total


def school_coverage(figures: Sequence[Coverage], sizes: Iterable[int | None]) -> SchoolCoverage:
    """`figures`: the school's class chats (`class_coverage`); `sizes`: every open class's
    size (a class with no chat counts, with nobody in it). Percentages are over the classes
    whose size is known; counts include every counted chat."""
    counted = [f for f in figures if f.counted]
    size = sum(s for s in sizes if s)
    sized = [f for f in counted if f.size]

    def share(value: int, of: int) -> float | None:
        return 100.0 * value / of if of else None

    return SchoolCoverage(
        classes=len({f.class_label for f in counted}),
        parents=_capped(counted, ChatPurpose.PARENTS, "present"),
        students=_capped(counted, ChatPurpose.STUDENTS, "present"),
        size=size,
        parents_percent=share(_capped(sized, ChatPurpose.PARENTS, "present"), size),
        students_percent=share(_capped(sized, ChatPurpose.STUDENTS, "present"), size),
        active_percent=share(_capped(sized, None, "active"), 2 * size),
    )
