"""A synthetic person's month of reminders, escalations and sent reminder messages, as the
daily tick would have recorded them (bench/_region.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from bench._fake import dialog_id
from bot.plan import Item
from bot.rules.checklist import CLOSED
from bot.rules.schedule import MILESTONES, OVERDUE
from bot.vocab import Role
from storage.models import Escalation, Outbox, ReminderLog

REMINDER_TEXT = (
    "{}, напоминаю о сроках дорожной карты:\n\n⏰ Просрочено: Ознакомился(ась) с "
    "приказом о внедрении MAX (срок 30.11.2025)\n\nНажмите «Продолжить»."
)


def history(
    day: date,
    add: Callable[..., None],
    pid: int,
    user_id: int,
    role: str,
    items: list[Item],
    answers: dict[str, str],
    answered_at: dict[str, datetime],
    joined: datetime,
) -> None:
    """Reminders and escalations already sent before `day` for the items whose deadline has
    passed, as the daily tick would have recorded them, and the outbox rows of those reminders
    (sent)."""
    sent_days: set[date] = set()
    joined_day = joined.date()
    for item in items:
        if item.deadline is None or item.deadline >= day - timedelta(days=1):
            continue
        for kind, offset in MILESTONES:
            due = item.deadline + timedelta(days=offset)
            when = max(due, joined_day)
            if when >= day - timedelta(days=1) or (kind != OVERDUE and joined_day > due):
                continue  # not due yet when they joined (a late joiner gets "overdue" only)
            if item.code in answered_at and answered_at[item.code].date() <= when:
                continue  # answered before the reminder was due
            add(
                ReminderLog,
                person_id=pid,
                item_code=item.code,
                kind=kind,
                local_date=when,
                created_at=datetime.combine(when, time(7, 5), UTC),
            )
            sent_days.add(when)
        if role != Role.ADMIN and answers.get(item.code) not in CLOSED:
            when = max(item.deadline + timedelta(days=3), joined_day)
            if when < day - timedelta(days=1):
                add(
                    Escalation,
                    person_id=pid,
                    item_code=item.code,
                    created_at=datetime.combine(when, time(7, 5), UTC),
                )
    for when in sorted(sent_days):
        at = datetime.combine(when, time(7, 6), UTC)
        add(
            Outbox,
            key=f"remind:{pid}:{when.isoformat()}",
            kind="reminder",
            person_id=pid,
            user_id=user_id,
            chat_id=dialog_id(user_id),
            text=REMINDER_TEXT.format(pid),
            buttons=[],
            image=None,
            created_at=at,
            next_attempt_at=at,
            attempts=1,
            claimed_at=None,
            last_error=None,
            sent_at=at,
            dropped_at=None,
        )
