"""Daily planning: deadline reminders and escalations, exactly once per school and day."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import ItemState
from bot.rules.progress import merge_class_answers
from bot.rules.schedule import (
    REMINDED_WITHIN,
    Policy,
    due_today,
    is_paused,
    reminders_open,
    to_local,
)
from bot.services.checklist import person_states
from bot.services.outbox import message, not_planned, plan_in_chunks, queue_many
from bot.ui.keyboards.checklist import continue_keyboard
from bot.ui.texts import item_title
from bot.ui.texts import reminders as t
from bot.vocab import Role
from storage.models import Escalation, ReminderLog, School
from storage.repo import people, schedule

log = logging.getLogger(__name__)

# Schools planned in one transaction by `plan_day`: their people and answers are read with a
# few bulk queries (well within SQLite's limit of bound parameters).
PLAN_CHUNK = 500


async def plan_day(
    session: AsyncSession, schools: Sequence[School], now: datetime, policy: Policy
) -> int:
    """Queue today's reminders and escalations for these schools once; returns messages queued.

    A school is planned once a day, when its reminder time has come, under a per-(school,
    date) marker written in the same transaction as its messages: a re-run tick or a restart
    plans nothing twice, and a crash before the commit leaves it all for the next tick. The
    people, answers and reminder logs of up to PLAN_CHUNK schools are read with a handful of
    queries and written with one statement per table, in one transaction per chunk.
    """
    return await plan_in_chunks(
        schools, PLAN_CHUNK, lambda chunk: _plan_chunk(session, chunk, now, policy)
    )


async def _plan_chunk(
    session: AsyncSession, schools: Sequence[School], now: datetime, policy: Policy
) -> int:
    opened: list[tuple[School, date, str]] = []
    for school in schools:
        local = to_local(now, school.tz)
        if reminders_open(local, policy):
            today = local.date()
            opened.append((school, today, f"day:{school.id}:{today.isoformat()}"))
    todo = await not_planned(session, opened)
    if not todo:
        return 0
    ids = [school.id for school, _, _ in todo]
    # Each milestone is current for at most a week: older reminder logs are not needed.
    since = min(today for _, today, _ in todo) - timedelta(days=REMINDED_WITHIN)
    members = await people.recipients_of_schools(session, ids)
    answers = await people.answers_in_schools(session, ids)
    school_answers = await people.school_answers_of_schools(session, ids)
    teaching = await people.teaching_in_schools(session, ids)
    reminded = await schedule.reminded_in_schools(session, ids, since)
    escalated = await schedule.escalated_in_schools(session, ids)
    rows = Rows()
    planned: list[tuple[int, int]] = []  # (school id, messages planned)
    for school, today, _ in todo:
        before = len(rows.messages)
        day = SchoolDay(
            school, today, now, policy, members.get(school.id, []), answers,
            school_answers.get(school.id, {}), teaching, reminded, escalated,
        )  # fmt: skip
        _plan_school(day, rows)
        planned.append((school.id, len(rows.messages) - before))
    await schedule.insert_ignore(session, ReminderLog, rows.logs)
    queued = await queue_many(session, rows.messages)
    await schedule.insert_ignore(session, Escalation, rows.escalations)
    await schedule.mark_jobs(session, [marker for _, _, marker in todo], now)
    await session.commit()
    for school_id, count in planned:
        if count:
            log.info("school %s: %d reminder/escalation message(s) queued", school_id, count)
    return queued


@dataclass
class Rows:
    """What a chunk's planning writes: reminder_log and escalation rows, outbox messages."""

    logs: list[dict[str, Any]] = field(default_factory=list)
    escalations: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SchoolDay:
    """One school's facts for planning `today` (bulk rows of the whole chunk)."""

    school: School
    today: date
    now: datetime
    policy: Policy
    members: list[Row]  # people.recipients_of_schools
    answers: dict[int, dict[str, str]]
    school_answers: dict[str, str]
    teaching: dict[int, list[tuple[int, str, datetime]]]
    reminded: dict[int, dict[str, set[str]]]
    escalated: dict[int, set[str]]


def member_states(day: SchoolDay, member: Row, class_answers: dict[str, str]) -> list[ItemState]:
    """A member's items today, as their checklist shows them."""
    return person_states(
        day.school, member.role, member.joined_at, day.today, day.answers.get(member.id, {}),
        day.school_answers, day.teaching.get(member.id, ()), class_answers,
    )  # fmt: skip


def _plan_school(day: SchoolDay, rows: Rows) -> None:
    """One school's reminders and escalations for `day.today`, appended to `rows`."""
    today, now, policy = day.today, day.now, day.policy
    class_answers = merge_class_answers(
        [day.answers.get(m.id, {}) for m in day.members if m.id in day.teaching]
    )
    late: list[tuple[Row, list[ItemState]]] = []
    for member in day.members:
        states = member_states(day, member, class_answers)
        away = is_paused(member.paused_until, today) or member.unreachable_at is not None
        due, overdue = due_today(
            states, today, day.reminded.get(member.id, {}),
            day.escalated.get(member.id, frozenset()), policy.escalation_days,
            policy.overdue_nudges, remind=not away, escalate=member.role != Role.ADMIN,
        )  # fmt: skip
        if due:
            rows.logs += [
                dict(person_id=member.id, item_code=d.state.item.code, period=_period(d.state),
                     kind=d.kind, local_date=today, created_at=now)
                for d in due
            ]  # fmt: skip
            items = [(item_title(d.state.item.title, d.state.class_label), d.kind, d.deadline)
                     for d in due]  # fmt: skip
            rows.messages.append(message(
                key=f"remind:{member.id}:{today.isoformat()}", kind="reminder",
                to=member, text=t.reminder(member.name, items), not_before=now,
                rows=continue_keyboard(member.id),
            ))  # fmt: skip
        if overdue:
            late.append((member, overdue))
    admins = [m for m in day.members if m.role == Role.ADMIN]
    if late and admins:
        rows.escalations += [
            dict(person_id=member.id, item_code=s.item.code, period=_period(s), created_at=now)
            for member, overdue in late for s in overdue
        ]  # fmt: skip
        text = t.escalation(
            policy.escalation_days,
            [(m.name, [(item_title(s.item.title, s.class_label), s.due or today) for s in overdue])
             for m, overdue in late],
        )  # fmt: skip
        for admin in admins:
            rows.messages.append(message(
                key=f"escalate:{admin.id}:{today.isoformat()}", kind="escalation",
                to=admin, text=text, not_before=now,
            ))  # fmt: skip


def _period(state: ItemState) -> str:
    return state.slot.period if state.slot is not None else ""
