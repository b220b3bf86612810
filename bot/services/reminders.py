"""Daily planning: deadline reminders and escalations, exactly once per school and day."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import plan_items
from bot.rules.schedule import (
    Policy,
    current_milestone,
    day_agenda,
    due_today,
    is_paused,
    reminders_open,
    to_local,
)
from bot.services.outbox import message, not_planned, plan_in_chunks, queue_many
from bot.services.plans import plan_for
from bot.ui.keyboards.checklist import continue_keyboard
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
    # Only the milestone reached today can be due for an item: older reminders are not needed.
    wanted: dict[str, set[str]] = defaultdict(set)  # kind -> item codes
    for school, today, _ in todo:
        for item in plan_for(school.authority).items:
            if item.deadline is not None:
                kind = current_milestone(item.deadline, today)
                if kind is not None:
                    wanted[kind].add(item.code)
    members = await people.recipients_of_schools(session, ids)
    answers = await people.answers_in_schools(session, ids)
    school_answers = await people.school_answers_of_schools(session, ids)
    reminded = await schedule.reminded_in_schools(session, ids, wanted)
    escalated = await schedule.escalated_in_schools(session, ids)
    logs: list[dict[str, Any]] = []  # reminder_log and escalation rows, outbox messages
    escalations: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    planned: list[tuple[int, int]] = []  # (school id, messages planned)
    for school, today, _ in todo:
        before = len(messages)
        _plan_school(
            school, today, now, policy, members.get(school.id, []), answers,
            school_answers.get(school.id, {}), reminded, escalated, logs, escalations, messages,
        )  # fmt: skip
        planned.append((school.id, len(messages) - before))
    await schedule.insert_ignore(session, ReminderLog, logs)
    queued = await queue_many(session, messages)
    await schedule.insert_ignore(session, Escalation, escalations)
    await schedule.mark_jobs(session, [marker for _, _, marker in todo], now)
    await session.commit()
    for school_id, count in planned:
        if count:
            log.info("school %s: %d reminder/escalation message(s) queued", school_id, count)
    return queued


def _plan_school(
    school: School,
    today: date,
    now: datetime,
    policy: Policy,
    members: list[Row],  # people.recipients_of_schools
    answers: dict[int, dict[str, str]],
    school_answers: dict[str, str],
    reminded: dict[int, dict[str, set[str]]],
    escalated: dict[int, set[str]],
    logs: list[dict[str, Any]],
    escalations: list[dict[str, Any]],
    messages: list[dict[str, Any]],
) -> None:
    """One school's reminders and escalations for `today`, appended to the rows to write."""
    plan = plan_for(school.authority)
    late: list[tuple[Row, list]] = []
    for member in members:
        agenda = day_agenda(plan_items(plan, member.role, school.kind), today)
        away = is_paused(member.paused_until, today) or member.unreachable_at is not None
        due, overdue = due_today(
            agenda, answers.get(member.id, {}),
            school_answers if member.role == Role.ADMIN else {},
            reminded.get(member.id, {}), escalated.get(member.id, frozenset()),
            policy.escalation_days, remind=not away, escalate=member.role != Role.ADMIN,
        )  # fmt: skip
        if due:
            logs += [
                dict(person_id=member.id, item_code=d.state.item.code, kind=d.kind,
                     local_date=today, created_at=now)
                for d in due
            ]  # fmt: skip
            items = [(d.state.item.title, d.kind, d.deadline) for d in due]
            messages.append(message(
                key=f"remind:{member.id}:{today.isoformat()}", kind="reminder",
                to=member, text=t.reminder(member.name, items), not_before=now,
                rows=continue_keyboard(member.id),
            ))  # fmt: skip
        if overdue:
            late.append((member, overdue))
    admins = [m for m in members if m.role == Role.ADMIN]
    if late and admins:
        escalations += [
            dict(person_id=member.id, item_code=s.item.code, created_at=now)
            for member, overdue in late for s in overdue
        ]  # fmt: skip
        text = t.escalation(
            policy.escalation_days,
            [(m.name, [(s.item.title, s.item.deadline) for s in overdue]) for m, overdue in late],
        )
        for admin in admins:
            messages.append(message(
                key=f"escalate:{admin.id}:{today.isoformat()}", kind="escalation",
                to=admin, text=text, not_before=now,
            ))  # fmt: skip
