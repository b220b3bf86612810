"""Daily planning for one school: deadline reminders and escalations, exactly once."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards, texts
from bot.rules.checklist import states_for
from bot.rules.schedule import (
    Policy,
    due_escalations,
    due_reminders,
    is_paused,
    reminders_open,
    to_local,
)
from bot.services.outbox import queue
from bot.services.plans import plan_for
from storage.models import Escalation, ReminderLog, School
from storage.repo import people, schedule

log = logging.getLogger(__name__)


async def plan_school_day(
    session: AsyncSession, school: School, now: datetime, policy: Policy
) -> int:
    """Queue today's reminders and escalations for `school` once; returns messages queued.

    Runs in one transaction with a per-(school, date) marker, so a re-run tick or a restart
    plans nothing twice, and a crash before the commit leaves it all for the next tick.
    """
    local = to_local(now, school.tz)
    today = local.date()
    marker = f"day:{school.id}:{today.isoformat()}"
    if not reminders_open(local, policy) or await schedule.job_done(session, marker):
        return 0
    plan = plan_for(school.authority)
    members = await people.members_of(session, school.id)
    answers = await people.answers_in_school(session, school.id)
    school_answers = await people.school_answers(session, school.id)
    reminded = await schedule.reminded_in_school(session, school.id)
    escalated = await schedule.escalated_in_school(session, school.id)
    queued = 0
    late: list[tuple[str, list]] = []
    for member in members:
        states = states_for(
            plan, member.role, school.kind, answers.get(member.id, {}),
            school_answers if member.role == "admin" else {},
        )  # fmt: skip
        away = is_paused(member.paused_until, today) or member.unreachable_at is not None
        due = [] if away else due_reminders(states, today, reminded.get(member.id, ()))
        if due:
            await schedule.insert_ignore(session, ReminderLog, [
                dict(person_id=member.id, item_code=d.state.item.code, kind=d.kind,
                     local_date=today, created_at=now)
                for d in due
            ])  # fmt: skip
            items = [(d.state.item.title, d.kind, d.state.item.deadline) for d in due]
            queued += await queue(
                session, key=f"remind:{member.id}:{today.isoformat()}", kind="reminder",
                to=member, text=texts.reminder(member.name, items), not_before=now,
                rows=keyboards.continue_keyboard(member.id),
            )  # fmt: skip
        if member.role != "admin":
            overdue = due_escalations(
                states, today, policy.escalation_days, escalated.get(member.id, ())
            )
            if overdue:
                late.append((member, overdue))
    admins = [m for m in members if m.role == "admin"]
    if late and admins:
        await schedule.insert_ignore(session, Escalation, [
            dict(person_id=member.id, item_code=s.item.code, created_at=now)
            for member, overdue in late for s in overdue
        ])  # fmt: skip
        text = texts.escalation(
            policy.escalation_days,
            [(m.name, [(s.item.title, s.item.deadline) for s in overdue]) for m, overdue in late],
        )
        for admin in admins:
            queued += await queue(
                session, key=f"escalate:{admin.id}:{today.isoformat()}", kind="escalation",
                to=admin, text=text, not_before=now,
            )  # fmt: skip
    await schedule.mark_job(session, marker, now)
    await session.commit()
    if queued:
        log.info("school %s: %d reminder/escalation message(s) queued", school.id, queued)
    return queued
