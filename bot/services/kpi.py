"""/kpi: a school's weekly figures from monitoring.sferum.ru against the roadmap's targets.

The administrator enters two figures a week (staff writing weekly; students and parents using
Сферум weekly), by buttons or typed (`/kpi staff 37`). The registration share is computed from
the people who joined and the school's declared staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import Plan
from bot.rules import kpi as rules
from bot.rules.checklist import local_today
from bot.rules.schedule import week_key
from bot.services.plans import plan_for
from bot.ui.keyboards import kpi as kb
from bot.vocab import Evidence, Status
from storage.models import KpiEntry, Person, School
from storage.repo import kpi as repo
from storage.repo import people

HISTORY_WEEKS = 5  # this week and the 4 before it are shown
# The entered indicators by their word in keypad payloads.
KEYPAD_INDICATORS = {word: indicator for indicator, word in kb.INDICATOR_WORDS.items()}


@dataclass(frozen=True)
class WeekLine:
    week: str
    figures: dict[str, rules.Figure]  # entered indicator -> figure (with trend)


@dataclass(frozen=True)
class KpiView:
    school: School
    plan: Plan
    today: date
    week: str
    joined: int
    declared: int | None
    registered: rules.Figure  # the share computed now
    history: list[WeekLine]  # newest first; history[0] is this week

    @property
    def current(self) -> WeekLine:
        return self.history[0]


def _value(entry: KpiEntry | None, indicator: str) -> float | None:
    return None if entry is None else getattr(entry, indicator)


async def kpi_view(session: AsyncSession, school: School, now: datetime) -> KpiView:
    """This week's figures and the weeks before, judged against the targets in force."""
    plan = plan_for(school.authority)
    today = local_today(now, school.tz)
    weeks = rules.recent_weeks(today, HISTORY_WEEKS + 1)  # one more for the oldest trend
    entries = await repo.entries_of_school(session, school.id, weeks)
    history = []
    for n, week in enumerate(weeks[:HISTORY_WEEKS]):
        day = today if n == 0 else rules.week_end(week)
        before = entries.get(weeks[n + 1])
        history.append(
            WeekLine(
                week,
                {
                    ind: rules.judge(
                        plan, ind, _value(entries.get(week), ind), _value(before, ind), day
                    )
                    for ind in rules.ENTERED
                },
            )
        )
    joined = await repo.members_count(session, school.id)
    share = rules.registration_share(joined, school.declared_staff)
    return KpiView(
        school=school,
        plan=plan,
        today=today,
        week=week_key(today),
        joined=joined,
        declared=school.declared_staff,
        registered=rules.judge(plan, rules.REGISTERED, share, None, today),
        history=history,
    )


async def enter_figure(
    session: AsyncSession, person: Person, indicator: str, value: float, now: datetime
) -> KpiView:
    """Store this week's figure of the administrator's own school; audited as "kpi.enter".

    Raises rules.PercentError for a value outside 0..100 and ValueError for an indicator that
    is not entered by hand. The caller has checked that `person` is an administrator."""
    if indicator not in rules.ENTERED:
        raise ValueError(f"not an entered indicator: {indicator!r}")
    school = person.school
    if school is None:
        raise ValueError("the person has no school")
    value = rules.check_percent(value)
    week = week_key(local_today(now, school.tz))
    row = await repo.set_figure(
        session, school.id, week, indicator, value, person_id=person.id, at=now
    )
    if all(getattr(row, column) is not None for column in rules.ENTERED):
        await _close_kpi_items(session, school, week, person, now)
    people.audit(
        session,
        "kpi.enter",
        at=now,
        person_id=person.id,
        school_id=school.id,
        week=week,
        indicator=indicator,
        value=value,
    )
    return await kpi_view(session, school, now)


async def _close_kpi_items(
    session: AsyncSession, school: School, week: str, person: Person, now: datetime
) -> None:
    """Both of the week's figures are in: the plan's weekly items with evidence "kpi" (the
    2026/27 plan's «Внесены показатели недели») are done for this week."""
    for item in plan_for(school.authority).school_items_for(school.kind):
        if item.evidence != Evidence.KPI:
            continue
        await people.set_school_answer(
            session, school.id, item.code, Status.DONE, now, person.id, period=week
        )


class Typed(Enum):
    SHOW = "show"  # no arguments: just the screen
    SAVED = "saved"
    USAGE = "usage"  # the indicator word is missing or unknown
    BAD_VALUE = "bad_value"


@dataclass(frozen=True)
class TypedResult:
    outcome: Typed
    view: KpiView
    indicator: str | None = None
    value: float | None = None
    reason: str | None = None  # rules.EMPTY / NOT_A_NUMBER / OUT_OF_RANGE for BAD_VALUE


async def kpi_command(
    session: AsyncSession, person: Person, args: list[str], now: datetime
) -> TypedResult:
    """`/kpi` (the screen) or `/kpi staff 37` / `/kpi parents 12,5` (store a figure)."""
    school = person.school
    assert school is not None
    if not args:
        return TypedResult(Typed.SHOW, await kpi_view(session, school, now))
    indicator = rules.indicator_of(args[0])
    if indicator is None:
        return TypedResult(Typed.USAGE, await kpi_view(session, school, now))
    try:
        value = rules.parse_percent(" ".join(args[1:]))
    except rules.PercentError as exc:
        return TypedResult(
            Typed.BAD_VALUE, await kpi_view(session, school, now), indicator, reason=exc.reason
        )
    view = await enter_figure(session, person, indicator, value, now)
    return TypedResult(Typed.SAVED, view, indicator, value)


class Step(Enum):
    TENS = "tens"  # pick the tens of the value
    UNITS = "units"  # pick the units
    SAVED = "saved"
    VIEW = "view"  # back to the screen
    INVALID = "invalid"  # a forged or stale button


@dataclass(frozen=True)
class KeypadResult:
    step: Step
    indicator: str | None = None
    tens: int | None = None
    value: float | None = None
    view: KpiView | None = None
    plan: Plan | None = None  # for the keypad's prompt
    week: str | None = None


async def keypad(
    session: AsyncSession, person: Person, act: str, word: str, v: int | None, now: datetime
) -> KeypadResult:
    """One press on the /kpi keypad: "enter" (start entering the indicator `word`), "tens"
    (tens = v), "value" (the value v: store it), "back" (back to the screen). The caller
    checked the role and the owner."""
    school = person.school
    assert school is not None
    if act == kb.BACK:
        return KeypadResult(Step.VIEW, view=await kpi_view(session, school, now))
    indicator = KEYPAD_INDICATORS.get(word)
    if indicator is None:
        return KeypadResult(Step.INVALID)
    plan, week = plan_for(school.authority), week_key(local_today(now, school.tz))
    if act == kb.ENTER:
        return KeypadResult(Step.TENS, indicator, plan=plan, week=week)
    try:
        if act == kb.TENS and v is not None and v < 100:
            rules.keypad_value(v, 0)
            return KeypadResult(Step.UNITS, indicator, tens=v, plan=plan, week=week)
        if act in (kb.TENS, kb.VALUE) and v is not None:
            value = rules.keypad_value(v - v % 10, v % 10)
        else:
            return KeypadResult(Step.INVALID)
    except ValueError:
        return KeypadResult(Step.INVALID)
    view = await enter_figure(session, person, indicator, float(value), now)
    return KeypadResult(Step.SAVED, indicator, value=float(value), view=view)
