"""The authority's own checklist (`[[duties]]` of the plan): which answer of each duty counts
now, when it is due, and how far it is. Pure functions, no I/O.

A duty is due like an item (`bot.rules.calendar`), counted from the day the authority was set
up: `due_days` after it, or a `deadline` no earlier than that day plus the plan's grace, or
every week/month/school year. One answer per duty and period for the whole authority; a
`per_school` duty has one answer per school and is done when every school's is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.plan import Duty, Plan
from bot.rules.calendar import recurring_slot
from bot.vocab import Status

WHOLE = 0  # the school id of an answer for the whole authority


@dataclass(frozen=True, slots=True)
class DutyState:
    duty: Duty
    period: str  # "" for a one-off duty
    due: date | None
    status: str | None  # the whole duty's: DONE, NA, or None (open)
    schools_done: int = 0  # a per-school duty: schools ticked
    schools: int = 0  # ... of these

    @property
    def closed(self) -> bool:
        return self.status in (Status.DONE, Status.NA)

    def overdue(self, today: date) -> bool:
        return not self.closed and self.due is not None and today > self.due


def slot(duty: Duty, today: date, since: date, plan: Plan) -> tuple[str, date | None]:
    """(period, due date) of the answer `duty` asks for on `today`; `since`: the local date
    the authority was set up."""
    if duty.every is not None:
        period, due, _ = recurring_slot(duty, today, since, plan.year_starts)
        return period, due
    if duty.due_days is not None:
        return "", since + timedelta(days=duty.due_days)
    if duty.deadline is not None:
        return "", max(duty.deadline, since + timedelta(days=plan.grace_days))
    return "", None


Answers = Mapping[tuple[str, str, int], str]
"""(code, period, school id or WHOLE) -> status."""


def states(
    plan: Plan, today: date, since: date, answers: Answers, school_ids: Sequence[int]
) -> list[DutyState]:
    """Every duty of the plan as of `today`, in plan order."""
    out = []
    for duty in plan.duties:
        period, due = slot(duty, today, since, plan)
        if not duty.per_school:
            out.append(DutyState(duty, period, due, answers.get((duty.code, period, WHOLE))))
            continue
        done = sum(1 for s in school_ids if answers.get((duty.code, period, s)) == Status.DONE)
        status = Status.DONE if school_ids and done == len(school_ids) else None
        out.append(DutyState(duty, period, due, status, done, len(school_ids)))
    return out


def milestone(state: DutyState, today: date, nudges: int = 3) -> str | None:
    """The reminder window an open timed duty is in today: "d7" (7 to 4 days before its
    date), "d3" (3 or 2), "d1" (1 or the day itself), "late1" the first week past it, then
    "late2"… weekly, `nudges` weeks more; None otherwise. Each window is reminded once (the
    caller logs it), on the first day a reminder may go in it: a Sunday or a missed tick
    delays a reminder, never drops it."""
    if state.closed or state.due is None:
        return None
    left = (state.due - today).days
    if 0 <= left <= 1:
        return "d1"
    if 2 <= left <= 3:
        return "d3"
    if 4 <= left <= 7:
        return "d7"
    week = (-left - 1) // 7  # 0 for the first week past the date
    return f"late{week + 1}" if left < 0 and week <= nudges else None


def done_count(found: Sequence[DutyState]) -> int:
    return sum(1 for s in found if s.closed)
