"""The authority's own checklist (`/checklist` for the authority's staff): the plan's
`[[duties]]` — seminars, letters, consultations with every school, monitoring and feedback,
notices to the population — ticked by any of its staff, reminded like everyone's items, and
summed up in the authority's digest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import Plan
from bot.rules import duties as rules
from bot.rules.checklist import local_today
from bot.rules.schedule import Policy, reminders_open, to_local
from bot.services.outbox import queue
from bot.services.plans import plan_for
from bot.ui.keyboards.duties import duties_row
from bot.ui.texts import duties as t
from bot.vocab import Status
from storage.models import Authority, Person, School
from storage.repo import duties as repo
from storage.repo import orgs, people, schedule


@dataclass(frozen=True)
class DutiesView:
    authority: Authority
    plan: Plan
    today: date
    states: list[rules.DutyState]
    schools: list[School]  # the authority's, by name
    answers: rules.Answers = field(default_factory=dict)

    def state(self, code: str) -> rules.DutyState | None:
        return next((s for s in self.states if s.duty.code == code), None)

    def ticked(self, state: rules.DutyState) -> list[tuple[School, bool]]:
        """A per-school duty's schools, each with whether it is ticked."""
        key = state.duty.code, state.period
        return [(s, self.answers.get((*key, s.id)) == Status.DONE) for s in self.schools]


async def duties_view(session: AsyncSession, authority: Authority, now: datetime) -> DutiesView:
    plan = plan_for(authority)
    today = local_today(now, authority.tz)
    since = local_today(authority.created_at, authority.tz)
    schools = await orgs.schools_of(session, authority.id)
    answers = await repo.answers_of(session, authority.id)
    states = rules.states(plan, today, since, answers, [s.id for s in schools])
    return DutiesView(authority, plan, today, states, schools, answers)


class DutyOutcome(StrEnum):
    SHOWN = "shown"
    RECORDED = "recorded"
    STALE = "stale"  # the button was drawn for an earlier state
    UNKNOWN = "unknown"  # no such duty in the plan now
    FORBIDDEN = "forbidden"  # a school outside the person's authority


@dataclass(frozen=True)
class DutyResult:
    outcome: DutyOutcome
    view: DutiesView
    state: rules.DutyState | None = None


async def answer_duty(
    session: AsyncSession,
    person: Person,
    authority: Authority,
    code: str,
    status: str | None,
    seen: str | None,
    now: datetime,
    period: str = "",
) -> DutyResult:
    """Mark a whole-authority duty `status` (DONE, NA; None: open again) if the button still
    shows its current state; audited as "duty.answer". The caller checked the role."""
    view = await duties_view(session, authority, now)
    state = view.state(code)
    if state is None or state.duty.per_school:
        return DutyResult(DutyOutcome.UNKNOWN, view)
    if state.period != period or state.status != seen or status == state.status:
        return DutyResult(DutyOutcome.STALE, view, state)  # an earlier period's, or state's
    if status is None:
        await repo.clear_answer(session, authority.id, code, state.period, rules.WHOLE)
    else:
        await repo.set_answer(session, authority.id, code, state.period, rules.WHOLE, status,
                              person_id=person.id, at=now)  # fmt: skip
    people.audit(session, "duty.answer", at=now, person_id=person.id, item=code,
                 status=status or "open", period=state.period)  # fmt: skip
    view = await duties_view(session, authority, now)
    return DutyResult(DutyOutcome.RECORDED, view, view.state(code))


async def tick_school(
    session: AsyncSession,
    person: Person,
    authority: Authority,
    code: str,
    school_id: int,
    done: bool,
    now: datetime,
    period: str = "",
) -> DutyResult:
    """Tick (or untick) one school of a per-school duty; a tap that finds it already so is
    stale and changes nothing; a school outside the authority is refused and audited."""
    view = await duties_view(session, authority, now)
    state = view.state(code)
    if state is None or not state.duty.per_school:
        return DutyResult(DutyOutcome.UNKNOWN, view)
    if school_id not in {s.id for s in view.schools}:
        people.audit(session, "forbidden", at=now, person_id=person.id, what="duty.school",
                     school_id=school_id)  # fmt: skip
        return DutyResult(DutyOutcome.FORBIDDEN, view, state)
    ticked = view.answers.get((code, state.period, school_id)) == Status.DONE
    if ticked == done or period != state.period:
        return DutyResult(DutyOutcome.STALE, view, state)
    if done:
        await repo.set_answer(session, authority.id, code, state.period, school_id, Status.DONE,
                              person_id=person.id, at=now)  # fmt: skip
    else:
        await repo.clear_answer(session, authority.id, code, state.period, school_id)
    people.audit(session, "duty.school", at=now, person_id=person.id, item=code,
                 school_id=school_id, status=Status.DONE if done else "open")  # fmt: skip
    view = await duties_view(session, authority, now)
    return DutyResult(DutyOutcome.RECORDED, view, view.state(code))


async def plan_duty_reminders(
    session: AsyncSession, authority: Authority, now: datetime, policy: Policy
) -> int:
    """At the reminder time in the authority's zone, each of its staff gets one message
    listing the duties due in 7, 3 or 1 days or overdue (weekly, `overdue_nudges` times);
    keyed by person and day, so a re-run tick queues nothing twice."""
    local = to_local(now, authority.tz)
    marker = f"duties:{authority.id}:{local.date().isoformat()}"
    if not reminders_open(local, policy) or not plan_for(authority).duties:
        return 0
    if await schedule.job_done(session, marker):
        return 0
    staff = await people.authority_staff(session, authority.id)
    if not staff:  # nobody yet: planned when someone joins that day
        return 0
    view = await duties_view(session, authority, now)
    due = [
        (s, m) for s in view.states
        if s.duty.timed and (m := rules.milestone(s, view.today, policy.overdue_nudges))
    ]  # fmt: skip
    # Each (duty, period, window) once: a window missed on a Sunday goes the next day.
    windows = {s.duty.code: f"duty:{authority.id}:{s.duty.code}:{s.period}:{m}" for s, m in due}
    due = [(s, m) for s, m in due if not await schedule.job_done(session, windows[s.duty.code])]
    await schedule.mark_jobs(session, [marker, *(windows[s.duty.code] for s, _ in due)], now)
    if not due:
        await session.commit()
        return 0
    text = t.reminder(
        [(s.duty.title, s.due, m.startswith("late"), s.schools_done, s.schools) for s, m in due]
    )
    queued = 0
    for person in staff:
        queued += await queue(
            session, key=f"duty-remind:{person.id}:{local.date().isoformat()}", kind="remind",
            to=person, text=text, not_before=now, rows=duties_row(person.id),
        )  # fmt: skip
    await session.commit()
    return queued
