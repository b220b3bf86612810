"""KPI rules: typed percentages, the registration share, targets in force, status and trend.

Pure functions, no I/O. Percent values are plain numbers 0..100 (37.5 means 37.5 %).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.plan import KpiStage, Plan
from bot.rules.schedule import week_key
from bot.vocab import Indicator

REGISTERED = Indicator.REGISTERED
STAFF_WEEKLY = Indicator.STAFF_WEEKLY
STUDENTS_PARENTS_WEEKLY = Indicator.STUDENTS_PARENTS_WEEKLY
INDICATORS = (REGISTERED, STAFF_WEEKLY, STUDENTS_PARENTS_WEEKLY)
ENTERED = (STAFF_WEEKLY, STUDENTS_PARENTS_WEEKLY)  # typed in by the administrator weekly

# Words an administrator may type after /kpi to name an entered indicator.
ALIASES = {
    "staff": STAFF_WEEKLY,
    "сотрудники": STAFF_WEEKLY,
    "сотр": STAFF_WEEKLY,
    "parents": STUDENTS_PARENTS_WEEKLY,
    "students": STUDENTS_PARENTS_WEEKLY,
    "родители": STUDENTS_PARENTS_WEEKLY,
    "ученики": STUDENTS_PARENTS_WEEKLY,
}

# Why a typed percentage was refused.
EMPTY, NOT_A_NUMBER, OUT_OF_RANGE = "empty", "not_a_number", "out_of_range"

_NUMBER_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

# Trend of a figure against the previous week.
UP, DOWN, SAME = "up", "down", "same"

# Status of a figure against its target.
MET, BELOW, MISSED, NO_DATA, NO_TARGET = "met", "below", "missed", "no_data", "no_target"


class PercentError(ValueError):
    """A typed percentage that cannot be stored; `reason` is EMPTY, NOT_A_NUMBER or
    OUT_OF_RANGE."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_percent(text: str) -> float:
    """ "37", "37,5 %", "37.5%" -> 37.0 / 37.5; rounded to one decimal. Raises PercentError."""
    cleaned = text.strip().replace("\u00a0", " ").rstrip("%").strip()
    if not cleaned:
        raise PercentError(EMPTY)
    if not _NUMBER_RE.match(cleaned):
        raise PercentError(NOT_A_NUMBER)
    value = float(cleaned.replace(",", "."))
    return check_percent(value)


def check_percent(value: float) -> float:
    """The value rounded to one decimal when it is a percentage 0..100; else PercentError."""
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise PercentError(OUT_OF_RANGE)
    return round(value, 1)


def indicator_of(word: str) -> str | None:
    """The entered indicator a typed word names ("staff", "parents", …), or None."""
    return ALIASES.get(word.strip().lower())


def keypad_value(tens: int, units: int) -> int:
    """The percentage picked on the two-step keypad (tens, then units); ValueError if it is
    not a percentage (a forged or stale button)."""
    if tens not in range(0, 101, 10) or units not in range(10):
        raise ValueError("not a keypad value")
    value = tens + units
    if value > 100:
        raise ValueError("over 100 %")
    return value


def registration_share(joined: int, declared: int | None) -> float | None:
    """Registered people as a percentage of the declared staff; None when it is unknown.

    May exceed 100 when more people joined than were declared (the figure is kept as is)."""
    if not declared or declared <= 0:
        return None
    return round(100.0 * joined / declared, 1)


def stage_in_force(plan: Plan, indicator: str, day: date) -> KpiStage | None:
    """The target stage that applies on `day`: the next one not yet past; after the last
    stage's date the last stage stays in force. None if the plan has no such indicator."""
    target = plan.kpi_for(indicator)
    if target is None:
        return None
    return target.target_on(day) or target.stages[-1]


def status(value: float | None, stage: KpiStage | None, day: date) -> str:
    """MET, BELOW (the stage's date is still ahead), MISSED (its date has passed),
    NO_DATA or NO_TARGET."""
    if value is None:
        return NO_DATA
    if stage is None:
        return NO_TARGET
    if value >= stage.percent:
        return MET
    return MISSED if day > stage.by else BELOW


def trend(current: float | None, previous: float | None) -> str | None:
    """UP, DOWN or SAME against the previous figure; None if either is missing."""
    if current is None or previous is None:
        return None
    if current > previous:
        return UP
    if current < previous:
        return DOWN
    return SAME


def recent_weeks(day: date, count: int) -> list[str]:
    """ISO week keys of the week of `day` and the `count - 1` weeks before it, newest first."""
    return [week_key(day - timedelta(weeks=n)) for n in range(count)]


def previous_week(week: str) -> str:
    """The ISO week key before `week`."""
    return week_key(week_end(week) - timedelta(weeks=1))


def week_end(week: str) -> date:
    """The Sunday of an ISO week key such as "2025-W48"."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 7)


@dataclass(frozen=True, slots=True)
class Figure:
    """One indicator of one school for one week, judged against the target in force."""

    indicator: str
    value: float | None
    stage: KpiStage | None
    status: str
    trend: str | None


def judge(
    plan: Plan,
    indicator: str,
    value: float | None,
    previous: float | None,
    day: date,
) -> Figure:
    stage = stage_in_force(plan, indicator, day)
    return Figure(indicator, value, stage, status(value, stage, day), trend(value, previous))
