"""KPI rules: typed percentages, the registration share, targets in force, status and trend.

Pure functions, no I/O. Percent values are plain numbers 0..100 (37.5 means 37.5 %).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
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
    reached: KpiStage | None = None  # the latest stage whose date has passed: due already


def judge(
    plan: Plan,
    indicator: str,
    value: float | None,
    previous: float | None,
    day: date,
) -> Figure:
    stage = stage_in_force(plan, indicator, day)
    target = plan.kpi_for(indicator)
    passed = [s for s in target.stages if s.by < day] if target is not None else []
    return Figure(
        indicator,
        value,
        stage,
        status(value, stage, day),
        trend(value, previous),
        passed[-1] if passed else None,
    )


# --- the KPI figures of a week, for the digests ----------------------------------------------

# The key under which a digest snapshot keeps the registration ([joined, declared]), beside the
# items' [done, counted]: the next digest's registration trend.
REGISTERED_KEY = "kpi.registered"


@dataclass(frozen=True, slots=True)
class SchoolWeek:
    """What one school's KPI figures of a week are made of."""

    joined: int
    declared: int | None
    this: Mapping[str, float | None]  # entered indicator -> value this week (None: not entered)
    before: Mapping[str, float | None]  # ... the week before
    registered_before: Sequence[int | None] | None = None  # [joined, declared] at the last digest


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """The KPI figures of a school or of an authority for a week, each judged against the
    target in force: the registration share, then the entered indicators."""

    registered: Figure
    entered: dict[str, Figure]

    @property
    def all(self) -> list[Figure]:
        return [self.registered, *self.entered.values()]

    @property
    def missing(self) -> bool:
        """Some entered figure of the week is not in."""
        return any(f.value is None for f in self.entered.values())


def _registered_before(s: SchoolWeek) -> float | None:
    if not s.registered_before or len(s.registered_before) != 2:
        return None
    joined, declared = s.registered_before
    return registration_share(joined or 0, declared)


def school_week(plan: Plan, s: SchoolWeek, day: date) -> WeekFigures:
    """One school's figures: its registration share (trend against the last digest) and the
    week's entered figures (trend against the week before)."""
    share = registration_share(s.joined, s.declared)
    return WeekFigures(
        judge(plan, REGISTERED, share, _registered_before(s), day),
        {ind: judge(plan, ind, s.this.get(ind), s.before.get(ind), day) for ind in ENTERED},
    )


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def _pooled(pairs: Iterable[tuple[int, int | None]]) -> float | None:
    """Registration over schools with a declared staff: all who joined ÷ all declared."""
    known = [(joined, declared) for joined, declared in pairs if declared]
    return registration_share(sum(j for j, _ in known), sum(d for _, d in known))


def authority_week(plan: Plan, schools: Sequence[SchoolWeek], day: date) -> WeekFigures:
    """An authority's figures over its schools: registration pooled (everyone who joined ÷
    the declared staff of the schools that declared it); each entered indicator the mean of
    the schools that entered it (each school counts once: monitoring.sferum.ru gives shares,
    not headcounts). Each trend is over the schools with a figure on both sides."""
    now = _pooled((s.joined, s.declared) for s in schools)
    # A trend compares the same schools on both sides: those with a figure then and now.
    paired = [
        (s, (s.registered_before[0] or 0, s.registered_before[1]))
        for s in schools
        if s.registered_before and len(s.registered_before) == 2 and s.registered_before[1]
        and s.declared
    ]  # fmt: skip
    registered = judge(plan, REGISTERED, now, None, day)
    if paired:
        then = _pooled(p for _, p in paired)
        since = _pooled((s.joined, s.declared) for s, _ in paired)
        registered = replace(registered, trend=trend(since, then))
    entered: dict[str, Figure] = {}
    for ind in ENTERED:
        figure = judge(plan, ind, _mean(s.this.get(ind) for s in schools), None, day)
        both = [s for s in schools if s.this.get(ind) is not None and s.before.get(ind) is not None]
        if both:
            figure = replace(figure, trend=trend(
                _mean(s.this.get(ind) for s in both), _mean(s.before.get(ind) for s in both)
            ))  # fmt: skip
        entered[ind] = figure
    return WeekFigures(registered, entered)


def far_below(figure: Figure, margin: float) -> bool:
    """The figure is known and more than `margin` points under a target whose date has
    passed (not one still ahead: 80 % in October is not behind December's 100 %)."""
    return (
        figure.value is not None
        and figure.reached is not None
        and figure.value < figure.reached.percent - margin
    )
