"""Who an announcement goes to. Plain functions over plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SCHOOL_AUDIENCES = ("all", "role:teacher", "role:class_teacher", "role:staff", "role:admin")
AUTHORITY_AUDIENCES = ("admins", "everyone")
CLASS_PREFIX = "class:"


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    role: str
    class_label: str | None
    reachable: bool


def valid_audience(audience: str, for_authority: bool) -> bool:
    if for_authority:
        return audience in AUTHORITY_AUDIENCES
    if audience.startswith(CLASS_PREFIX):
        return 0 < len(audience) - len(CLASS_PREFIX) <= 16
    return audience in SCHOOL_AUDIENCES


def select_recipients(audience: str, people: Iterable[Candidate], author_id: int) -> list[int]:
    """Person ids the announcement goes to: the audience, reachable, never the author."""

    def wanted(c: Candidate) -> bool:
        if audience in ("all", "everyone"):
            return True
        if audience == "admins":
            return c.role == "admin"
        if audience.startswith("role:"):
            return c.role == audience.removeprefix("role:")
        if audience.startswith(CLASS_PREFIX):
            return c.role == "class_teacher" and c.class_label == audience.removeprefix(
                CLASS_PREFIX
            )
        return False

    return [c.person_id for c in people if c.person_id != author_id and c.reachable and wanted(c)]
