"""When the bot may write, and what is due: reminders, escalations, digests. Pure functions.

All times here are local to the school (or authority); callers convert with `to_local`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.rules import calendar
from bot.rules.checklist import ItemState

SUNDAY = 7  # ISO weekday

# Reminder kinds, in the order they come due before (and after) a deadline.
T7, T3, T1, OVERDUE = "t7", "t3", "t1", "overdue"
MILESTONES = ((T7, -7), (T3, -3), (T1, -1), (OVERDUE, 1))
LAST_FOR = 7  # days the last milestone stays current (a week: then the next would be due)
# Reminder logs older than this cannot hold the current milestone (each is current for at
# most a week), so a daily plan reads only these.
REMINDED_WITHIN = 8


@dataclass(frozen=True, slots=True)
class Policy:
    remind_at: time = time(10, 0)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    digest_weekday: int = 1  # ISO: Monday
    digest_at: time = time(9, 0)
    escalation_days: int = 3
    overdue_nudges: int = 3  # weekly reminders of an overdue item after the first one
    report_day: int = 0  # the monthly report: 0 = the first working day, else a day 1..31
    report_at: time = time(9, 0)
    # What the authority's digest brings to it (`bot.rules.attention`).
    stale_help_days: int = 3  # a help request open this many days
    idle_admin_days: int = 14  # an administrator silent this many days
    kpi_margin: float = 15.0  # a KPI figure this many points below its target

    def problems(self) -> list[str]:
        out = []
        if is_quiet(self.remind_at, self):
            out.append("the reminder time falls in quiet hours")
        if is_quiet(self.digest_at, self):
            out.append("the digest time falls in quiet hours")
        if self.digest_weekday == SUNDAY or not 1 <= self.digest_weekday <= 7:
            out.append("the digest weekday must be 1..6 (Monday..Saturday)")
        if self.escalation_days < 1:
            out.append("escalation days must be at least 1")
        if not 0 <= self.overdue_nudges <= 10:
            out.append("overdue nudges must be 0..10")
        if is_quiet(self.report_at, self):
            out.append("the monthly report time falls in quiet hours")
        if not 0 <= self.report_day <= 31:
            out.append("the monthly report day must be 0 (the first working day) or 1..31")
        if self.stale_help_days < 1 or self.idle_admin_days < 1:
            out.append("the days before a help request or an administrator is reported must be ≥ 1")
        if not 0 <= self.kpi_margin <= 100:
            out.append("the KPI margin must be 0..100 points")
        return out


def to_local(now: datetime, tz: str) -> datetime:
    return now.astimezone(ZoneInfo(tz))


def is_quiet(t: time, policy: Policy) -> bool:
    start, end = policy.quiet_start, policy.quiet_end
    if start == end:
        return False
    if start < end:
        return start <= t < end
    return t >= start or t < end  # the quiet period spans midnight


def may_message(local: datetime, policy: Policy) -> bool:
    """Nobody is messaged during quiet hours or on Sundays."""
    return local.isoweekday() != SUNDAY and not is_quiet(local.time(), policy)


def next_allowed(local: datetime, policy: Policy) -> datetime:
    """The first moment at or after `local` when messaging is allowed (same zone).

    Messaging can only begin where a quiet period ends or where a Sunday ends (midnight),
    so those are the only candidates to check after `local` itself.
    """
    if may_message(local, policy):
        return local
    candidates = []
    for days in range(9):
        day = local.date() + timedelta(days=days)
        for t in (time(0, 0), policy.quiet_end):
            moment = datetime.combine(day, t, local.tzinfo)
            if moment > local:
                candidates.append(moment)
    for moment in sorted(candidates):
        if may_message(moment, policy):
            return moment
    raise ValueError("the policy never allows messaging")


def reminders_open(local: datetime, policy: Policy) -> bool:
    """The daily reminder for `local.date()` may go out now."""
    return may_message(local, policy) and local.time() >= policy.remind_at


def digest_open(local: datetime, policy: Policy) -> bool:
    """The weekly digest may go out now (its day and time have come, messaging allowed)."""
    return (
        local.isoweekday() == policy.digest_weekday
        and local.time() >= policy.digest_at
        and may_message(local, policy)
    )


week_key = calendar.week_key


def report_day(year: int, month: int, setting: int) -> date:
    """The monthly report's day in that month: `setting` 0 = the first working day (Monday to
    Friday), else that day of the month (the month's last day when it has fewer)."""
    first = date(year, month, 1)
    if setting:
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return first.replace(day=min(setting, last.day))
    while first.isoweekday() > 5:
        first += timedelta(days=1)
    return first


def reported_month(local: date) -> date:
    """The month the report sent in `local`'s month is about (the one before): its 1st."""
    return (local.replace(day=1) - timedelta(days=1)).replace(day=1)


REPORT_LATE_DAYS = 2  # the report still goes this many days after its day (a Sunday, a restart)


def report_open(local: datetime, policy: Policy) -> bool:
    """The monthly report may go out now: its day and time this month have come (or at most
    REPORT_LATE_DAYS days ago, should the day be a Sunday or the bot have been down), and
    messaging is allowed."""
    day = report_day(local.year, local.month, policy.report_day)
    due = datetime.combine(day, policy.report_at, local.tzinfo)
    late = local.date() - day
    return local >= due and late <= timedelta(days=REPORT_LATE_DAYS) and may_message(local, policy)


def milestones(nudges: int = 0) -> tuple[tuple[str, int], ...]:
    """(kind, days from the due date) of every reminder of an item, in order: T-7, T-3, T-1,
    the day after the due date, then `nudges` more a week apart ("late1", "late2", …)."""
    return MILESTONES + tuple((f"late{n}", 1 + 7 * n) for n in range(1, nudges + 1))


@lru_cache(maxsize=8192)
def current_milestone(
    deadline: date, today: date, starts: date | None = None, nudges: int = 0
) -> str | None:
    """The latest reminder milestone reached by `today` for an item due on `deadline`.

    Earlier milestones are superseded: after a Sunday or a pause, the newest one goes out.
    Milestones before `starts` (the period began, or the person joined) do not count: a
    weekly item is not "due in 7 days" from last week, a newcomer's first days are quiet.
    The last one is current for a week (`LAST_FOR`); after that the item is not reminded
    again (it stays in the administrator's digest).
    """
    reached = None
    last_day = deadline
    for kind, offset in milestones(nudges):
        day = deadline + timedelta(days=offset)
        if today < day:
            return reached
        last_day = day
        if starts is None or day >= starts:
            reached = kind
    return reached if (today - last_day).days < LAST_FOR else None


@dataclass(frozen=True, slots=True)
class DueReminder:
    state: ItemState
    kind: str

    @property
    def deadline(self) -> date:
        """The person's own due date (only an item with one comes due)."""
        due = self.state.due
        assert due is not None
        return due


def _milestone(state: ItemState, today: date, nudges: int) -> str | None:
    due = state.due
    if due is None:
        return None
    starts = state.slot.starts if state.slot is not None else None
    return current_milestone(due, today, starts, nudges)


def due_reminders(
    states: Sequence[ItemState], today: date, sent: Iterable[tuple[str, str]], nudges: int = 0
) -> list[DueReminder]:
    """Open items whose current milestone has not been reminded yet (each at most once).
    `sent`: (answer key, kind) pairs already reminded."""
    done_before = sent if isinstance(sent, set | frozenset) else set(sent)
    due = []
    for state in states:
        if state.closed:
            continue
        kind = _milestone(state, today, nudges)
        if kind is not None and (state.key, kind) not in done_before:
            due.append(DueReminder(state, kind))
    return due


def due_escalations(
    states: Sequence[ItemState], today: date, days: int, escalated: Iterable[str]
) -> list[ItemState]:
    """Open items overdue by `days` or more past the person's own due date, not yet
    reported to the administrator (`escalated`: answer keys)."""
    reported = set(escalated)
    return [
        s
        for s in states
        if not s.closed
        and (due := s.due) is not None
        and (today - due).days >= days
        and s.key not in reported
    ]


def due_today(
    states: Sequence[ItemState],
    today: date,
    sent: Mapping[str, Set[str]],
    escalated: Set[str],
    escalation_days: int,
    nudges: int = 0,
    *,
    remind: bool = True,
    escalate: bool = True,
) -> tuple[list[DueReminder], list[ItemState]]:
    """A person's `due_reminders` and `due_escalations` for `today` in one pass (the same
    results; a daily tick does this for every person of a region). `sent`: kind -> answer
    keys already reminded (the pairs `due_reminders` takes, grouped by kind)."""
    due: list[DueReminder] = []
    late: list[ItemState] = []
    for state in states:
        if state.closed or (deadline := state.due) is None:
            continue
        key = state.key
        if remind:
            kind = _milestone(state, today, nudges)
            if kind is not None and key not in sent.get(kind, ()):
                due.append(DueReminder(state, kind))
        if escalate and (today - deadline).days >= escalation_days and key not in escalated:
            late.append(state)
    return due, late


def is_paused(paused_until: date | None, today: date) -> bool:
    return paused_until is not None and today <= paused_until
