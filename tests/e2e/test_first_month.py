"""A school that starts on Tuesday 1 December 2026 with the built-in 2026/27 plan, in
Novosibirsk (UTC+7), day by day through its first month — the real bot, the fake MAX API, a
real database and time-machine. What its people see on day 1, day 8 and day 30, and what they
are reminded of in between, when nobody answers anything."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.jobs.scheduler import Ticker
from bot.services import setup
from bot.vocab import Kind, Role
from storage.models import Escalation, Person, ReminderLog
from tests.support.db import rows, session_on

TZ = ZoneInfo("Asia/Novosibirsk")
TICKS = (time(8, 30), time(10, 5), time(15, 0))
DAY1 = date(2026, 12, 1)


def at(day: date, t: time) -> datetime:
    return datetime.combine(day, t, TZ).astimezone(UTC)


@pytest.fixture
async def codes(settings):
    added = at(DAY1, time(9, 0))
    async with session_on(settings, migrated=True) as session:
        authority_id = await setup.add_authority(
            session, name="УО", tz="Asia/Novosibirsk", plan_toml=None, now=added
        )
        school_id = await setup.add_school(
            session, authority_id=authority_id, name="СОШ №7", kind=Kind.SCHOOL, tz=None,
            staff=30, students=300, now=added,
        )  # fmt: skip
        out = {}
        for key, role, label in (
            ("admin", Role.ADMIN, None),
            ("teacher", Role.TEACHER, None),
            ("5А", Role.CLASS_TEACHER, "5А"),
        ):
            invite = await setup.create_invite(
                session, school_id=school_id, role=role, class_label=label, now=added, days=365
            )
            out[key] = invite.code
        await session.commit()
    return out


def overview(text: str | None) -> str:
    """«✅ Сделано: 0 · ⬜ Открыто: 9» and «⏰ Просрочено 5 из 9 открытых» of a /checklist
    answer, as one line."""
    lines = (text or "").splitlines()
    return " / ".join(line for line in lines if "Сделано" in line or "Просрочено" in line)


async def test_day_1_8_and_30_of_a_school_starting_on_1_december(bot, fake, settings, codes):
    ticker: Ticker = bot.app.ticker
    users = {
        "admin": fake.user(9401, "Директор"),
        "teacher": fake.user(9402, "Учитель"),
        "5А": fake.user(9403, "Классный"),
    }
    seen: dict[tuple[int, str], str] = {}
    with time_machine.travel(at(DAY1, time(9, 30)), tick=True):
        for key, user in users.items():
            await user.start(codes[key])
            card = user.last_bot_message().text or ""
            assert "срок прошёл" not in card, (key, card)
    day = DAY1
    while day <= DAY1 + timedelta(days=29):
        for t in TICKS:
            with time_machine.travel(at(day, t), tick=True):
                await ticker.tick(at(day, t))
        number = (day - DAY1).days + 1
        if number in (1, 8, 30):
            with time_machine.travel(at(day, time(16, 0)), tick=True):
                for key, user in users.items():
                    await user.send("/checklist")
                    seen[(number, key)] = overview(user.bot_texts()[-1])
        day += timedelta(days=1)

    ids = {row[0]: row[1] for row in await rows(settings, select(Person.max_user_id, Person.id))}
    who = {ids[u.user_id]: key for key, u in users.items()}
    log: dict[str, list[tuple[date, str, str]]] = defaultdict(list)
    for person_id, code, kind, local_date in await rows(
        settings,
        select(ReminderLog.person_id, ReminderLog.item_code, ReminderLog.kind,
               ReminderLog.local_date)
        .order_by(ReminderLog.local_date, ReminderLog.item_code),
    ):  # fmt: skip
        log[who[person_id]].append((local_date, code, kind))
    escalated = await rows(
        settings, select(Escalation.person_id, Escalation.item_code, Escalation.created_at)
    )

    # Day 1: future deadlines only, for everyone. Day 8: the first week's items (reading the
    # order, MAX on the phone: 7 days) are due today, not late; the administrator's monthly
    # report (due Friday the 4th: the 5th is a Saturday) is. Day 30: what nobody did is late.
    assert seen == {
        (1, "admin"): "✅ Сделано: 0 · ⬜ Открыто: 24",
        (1, "teacher"): "✅ Сделано: 0 · ⬜ Открыто: 8",
        (1, "5А"): "✅ Сделано: 0 · ⬜ Открыто: 14",
        (8, "admin"): "✅ Сделано: 0 · ⬜ Открыто: 24 / ⏰ Просрочено 1 из 24 открытых",
        (8, "teacher"): "✅ Сделано: 0 · ⬜ Открыто: 8",
        (8, "5А"): "✅ Сделано: 0 · ⬜ Открыто: 14",
        (30, "admin"): "✅ Сделано: 0 · ⬜ Открыто: 24 / ⏰ Просрочено 12 из 24 открытых",
        (30, "teacher"): "✅ Сделано: 0 · ⬜ Открыто: 8 / ⏰ Просрочено 6 из 8 открытых",
        (30, "5А"): "✅ Сделано: 0 · ⬜ Открыто: 14 / ⏰ Просрочено 8 из 14 открытых",
    }

    d = date
    # The teacher: one item's whole course — T-7 on day 1, T-3, T-1, overdue the day after,
    # then weekly three times; the two-week items start a week later; the month's on the 24th.
    order_read = [(when, kind) for when, code, kind in log["teacher"] if code == "order_read"]
    assert order_read == [
        (d(2026, 12, 1), "t7"), (d(2026, 12, 5), "t3"), (d(2026, 12, 7), "t1"),
        (d(2026, 12, 9), "overdue"), (d(2026, 12, 16), "late1"), (d(2026, 12, 23), "late2"),
        (d(2026, 12, 30), "late3"),
    ]  # fmt: skip
    days = sorted({when.day for when, _, _ in log["teacher"]})
    assert days == [1, 5, 7, 8, 9, 12, 14, 16, 23, 24, 28, 30]
    assert {code for _, code, _ in log["teacher"]} == {
        "order_read", "max_phone", "max_web", "sferum_profile", "sferum_join", "safe_mode",
        "chats_moved", "course",
    }  # fmt: skip
    # The class teacher has the class's chats besides, due in 14 days like the profile.
    chat = [(when, kind) for when, code, kind in log["5А"] if code == "chat_parents"]
    assert chat == [
        (d(2026, 12, 8), "t7"), (d(2026, 12, 12), "t3"), (d(2026, 12, 14), "t1"),
        (d(2026, 12, 16), "overdue"), (d(2026, 12, 23), "late1"), (d(2026, 12, 30), "late2"),
    ]  # fmt: skip
    # The administrator: the weekly figures every week (T-3 Tuesday, T-1 Thursday, overdue
    # Saturday), and never anything on a Sunday for anyone.
    weekly = [(when, kind) for when, code, kind in log["admin"] if code == "weekly_kpi"]
    assert [(when.isoweekday(), kind) for when, kind in weekly] == [
        (2, "t3"), (4, "t1"), (6, "overdue"),
    ] * 4 + [(2, "t3")]  # fmt: skip
    assert all(when.isoweekday() != 7 for entries in log.values() for when, _, _ in entries)

    # Escalated to the administrator three days after a person's own deadline, never earlier.
    first = min(created.astimezone(TZ).date() for _, _, created in escalated)
    assert first == d(2026, 12, 11)
    on_first = {(who[p], c) for p, c, when in escalated if when.astimezone(TZ).date() == first}
    assert sorted(on_first) == [
        ("5А", "max_phone"), ("5А", "order_read"), ("teacher", "max_phone"),
        ("teacher", "order_read"),
    ]  # fmt: skip
