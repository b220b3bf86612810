"""When the bot may write, and what is due: reminders, escalations, digests. Pure functions.

All times here are local to the school (or authority); callers convert with `to_local`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.plan import Item
from bot.rules.checklist import CLOSED, ItemState, item_state
from bot.vocab import Scope

SUNDAY = 7  # ISO weekday

# Reminder kinds, in the order they come due before (and after) a deadline.
T7, T3, T1, OVERDUE = "t7", "t3", "t1", "overdue"
MILESTONES = ((T7, -7), (T3, -3), (T1, -1), (OVERDUE, 1))


@dataclass(frozen=True, slots=True)
class Policy:
    remind_at: time = time(10, 0)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    digest_weekday: int = 1  # ISO: Monday
    digest_at: time = time(9, 0)
    escalation_days: int = 3

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


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@lru_cache(maxsize=4096)
def current_milestone(deadline: date, today: date) -> str | None:
    """The latest reminder milestone reached by `today` for an item due on `deadline`.

    Earlier milestones are superseded: after a Sunday or a pause, the newest one goes out.
    """
    reached = [kind for kind, offset in MILESTONES if today >= deadline + timedelta(days=offset)]
    return reached[-1] if reached else None


@dataclass(frozen=True, slots=True)
class DueReminder:
    state: ItemState
    kind: str

    @property
    def deadline(self) -> date:
        """The item's deadline (only an item with one comes due)."""
        assert self.state.item.deadline is not None
        return self.state.item.deadline


def due_reminders(
    states: Sequence[ItemState], today: date, sent: Iterable[tuple[str, str]]
) -> list[DueReminder]:
    """Open items whose current milestone has not been reminded yet (each at most once)."""
    done_before = sent if isinstance(sent, set | frozenset) else set(sent)
    due = []
    for state in states:
        if state.closed or state.item.deadline is None:
            continue
        kind = current_milestone(state.item.deadline, today)
        if kind is not None and (state.item.code, kind) not in done_before:
            due.append(DueReminder(state, kind))
    return due


def due_escalations(
    states: Sequence[ItemState], today: date, days: int, escalated: Iterable[str]
) -> list[ItemState]:
    """Open items overdue by `days` or more, not yet reported to the administrator."""
    reported = set(escalated)
    return [
        s
        for s in states
        if not s.closed
        and s.item.deadline is not None
        and (today - s.item.deadline).days >= days
        and s.item.code not in reported
    ]


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    item: Item
    school_level: bool  # answered for the school (by its administrators), not by the person
    milestone: str | None  # current_milestone(deadline, today)
    days_late: int  # (today - deadline).days; negative before the deadline


_AGENDAS: dict[tuple[int, date], tuple[tuple[Item, ...], tuple[AgendaEntry, ...]]] = {}
_AGENDAS_MAX = 1024


def day_agenda(items: tuple[Item, ...], today: date) -> tuple[AgendaEntry, ...]:
    """What can come due on `today` among `items` (a role's items in a kind of school, as
    `plan_items` gives them): those with a deadline, in plan order, with their milestone and
    lateness. Remembered per items tuple and day: a tick asks it for every person."""
    key = (id(items), today)
    hit = _AGENDAS.get(key)
    if hit is not None and hit[0] is items:
        return hit[1]
    if len(_AGENDAS) >= _AGENDAS_MAX:
        _AGENDAS.clear()
    agenda = tuple(
        AgendaEntry(i, i.scope == Scope.SCHOOL, current_milestone(i.deadline, today),
                    (today - i.deadline).days)
        for i in items
        if i.deadline is not None
    )  # fmt: skip
    _AGENDAS[key] = (items, agenda)
    return agenda


def due_today(
    agenda: Sequence[AgendaEntry],
    answers: Mapping[str, str],
    school_answers: Mapping[str, str],
    sent: Mapping[str, Set[str]],
    escalated: Set[str],
    escalation_days: int,
    *,
    remind: bool = True,
    escalate: bool = True,
) -> tuple[list[DueReminder], list[ItemState]]:
    """A person's `due_reminders` and `due_escalations` for the agenda's day, in one pass
    over the items with a deadline rather than two over all their items' states (the same
    results; a daily tick does this for every person of a region). `sent`: kind -> item codes
    already reminded (the pairs `due_reminders` takes, grouped by kind)."""
    due: list[DueReminder] = []
    late: list[ItemState] = []
    for entry in agenda:
        code = entry.item.code
        status = (school_answers if entry.school_level else answers).get(code)
        if status in CLOSED:
            continue
        if remind and entry.milestone is not None and code not in sent.get(entry.milestone, ()):
            due.append(DueReminder(item_state(entry.item, status), entry.milestone))
        if escalate and entry.days_late >= escalation_days and code not in escalated:
            late.append(item_state(entry.item, status))
    return due, late


def is_paused(paused_until: date | None, today: date) -> bool:
    return paused_until is not None and today <= paused_until
