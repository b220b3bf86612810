"""What the authority's weekly digest brings to it, school by school («Требует внимания»).

Pure functions, no I/O. A school needs attention when (seed 000 §1.4: consultations with every
head and administrator are the authority's job):
- no administrator of it is in the bot (nobody gets its digest, nobody answers its people);
- a help request of it has been open `Policy.stale_help_days` days or more;
- an administrator of it has not written to the bot for `Policy.idle_admin_days` days;
- a KPI figure of it is more than `Policy.kpi_margin` points under the target in force;
- a school-level item of its checklist is past its deadline and not done.
Schools with the most concerns come first, then by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.rules.kpi import Figure, far_below
from bot.rules.schedule import Policy


class Concern(StrEnum):
    NO_ADMIN = "no_admin"
    STALE_HELP = "stale_help"
    IDLE_ADMIN = "idle_admin"
    KPI_BELOW = "kpi_below"
    OVERDUE_ITEMS = "overdue_items"


@dataclass(frozen=True, slots=True)
class SchoolFacts:
    school_id: int
    name: str
    admins_seen: Sequence[datetime | None]  # each administrator's last update (None: never)
    help_opened: Sequence[datetime]  # when each open help request was made
    figures: Sequence[Figure]  # the week's KPI figures
    overdue_items: int  # school-level items past their deadline, not done


@dataclass(frozen=True, slots=True)
class Found:
    concern: Concern
    count: int  # requests, administrators, figures or items
    indicators: tuple[str, ...] = ()  # KPI_BELOW: which figures


@dataclass(frozen=True, slots=True)
class Attention:
    school_id: int
    name: str
    found: tuple[Found, ...]

    @property
    def has_admin(self) -> bool:
        return all(f.concern is not Concern.NO_ADMIN for f in self.found)


def concerns(facts: SchoolFacts, now: datetime, policy: Policy) -> list[Found]:
    """Every concern about one school as of `now`, in the order of `Concern`."""
    out: list[Found] = []
    if not facts.admins_seen:
        out.append(Found(Concern.NO_ADMIN, 1))
    stale = now - timedelta(days=policy.stale_help_days)
    old = sum(1 for at in facts.help_opened if at <= stale)
    if old:
        out.append(Found(Concern.STALE_HELP, old))
    idle = now - timedelta(days=policy.idle_admin_days)
    silent = sum(1 for at in facts.admins_seen if at is None or at <= idle)
    if silent:
        out.append(Found(Concern.IDLE_ADMIN, silent))
    below = tuple(f.indicator for f in facts.figures if far_below(f, policy.kpi_margin))
    if below:
        out.append(Found(Concern.KPI_BELOW, len(below), below))
    if facts.overdue_items:
        out.append(Found(Concern.OVERDUE_ITEMS, facts.overdue_items))
    return out


def needing_attention(
    schools: Sequence[SchoolFacts], now: datetime, policy: Policy
) -> list[Attention]:
    """The schools with any concern: the most concerns first, then by name."""
    found = [
        Attention(s.school_id, s.name, tuple(c)) for s in schools if (c := concerns(s, now, policy))
    ]
    return sorted(found, key=lambda a: (-len(a.found), a.name))
