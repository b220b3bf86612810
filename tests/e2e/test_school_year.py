"""A school in Yekaterinburg (UTC+5) through the winter of 2026/27, day by day, through the
real bot, the fake MAX API, a real database and time-machine: a newcomer of 1 December 2026
sees future deadlines and gets T-7/T-3/T-1, overdue and weekly nudges; nobody is escalated
on their first day; the administrator's weekly and monthly duties come due every period."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select

from bot.clock import utcnow
from bot.jobs.scheduler import Ticker
from bot.services import setup
from bot.services.export import export_authority
from bot.ui.keyboards.checklist import OpenItemCb
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import classes as classes_texts
from bot.vocab import Kind, Role
from storage.models import Authority, Escalation, Person, ReminderLog, School, SchoolClass
from tests.support.db import rows, session_on

TZ = ZoneInfo("Asia/Yekaterinburg")
TICKS = (time(8, 30), time(10, 5), time(15, 0))

PLAN = """
name = "План на 2026/27"
source = "тест"
grace_days = 14

[[items]]
code = "order_read"
ref = "п. 1"
title = "Прочитан приказ"
howto = "Прочитайте приказ."
roles = ["teacher", "admin"]
kinds = ["school"]
scope = "personal"
due_days = 14

[[items]]
code = "old_campaign"
ref = "п. 2"
title = "Пункт кампании 2025 года"
howto = "Сделайте."
roles = ["teacher"]
kinds = ["school"]
scope = "personal"
deadline = 2025-11-30

[[items]]
code = "weekly_kpi"
ref = "п. 3"
title = "Внесены показатели недели"
howto = "Внесите показатели."
roles = ["admin"]
kinds = ["school"]
scope = "school"
every = "week"
day = "friday"

[[items]]
code = "monthly_report"
ref = "п. 4"
title = "Отправлен отчёт за месяц"
howto = "Отправьте отчёт."
roles = ["admin"]
kinds = ["school"]
scope = "school"
every = "month"
day = 5

[[items]]
code = "chat_parents"
ref = "п. 5"
title = "Создан чат с родителями"
howto = "Создайте чат."
roles = ["class_teacher"]
kinds = ["school"]
scope = "class"
due_days = 14
"""


def at(day: date, t: time) -> datetime:
    return datetime.combine(day, t, TZ).astimezone(UTC)


@pytest.fixture
async def codes(settings):
    added = at(date(2026, 9, 1), time(9, 0))
    async with session_on(settings, migrated=True) as session:
        authority_id = await setup.add_authority(
            session, name="УО", tz="Asia/Yekaterinburg", plan_toml=PLAN, now=added
        )
        school_id = await setup.add_school(
            session, authority_id=authority_id, name="СОШ №1", kind=Kind.SCHOOL, tz=None,
            staff=40, students=None, now=added,
        )  # fmt: skip
        out = {
            role: (
                await setup.create_invite(
                    session, school_id=school_id, role=role, now=added, days=365
                )
            ).code
            for role in (Role.TEACHER, Role.ADMIN)
        }
        await session.commit()
    return out


async def test_a_winter_of_the_school_year_for_a_newcomer_and_the_administrator(
    bot, fake, settings, codes
):
    ticker: Ticker = bot.app.ticker
    admin = fake.user(9001, "Директор")
    with time_machine.travel(at(date(2026, 9, 1), time(9, 30)), tick=True):
        await admin.start(codes[Role.ADMIN])
        await admin.press(checklist_texts.BTN_DONE)  # order_read

    # Day 1, Tuesday 1 December 2026: a new teacher joins; nothing is overdue for them.
    first_day = date(2026, 12, 1)
    teacher = fake.user(9002, "Учительница")
    with time_machine.travel(at(first_day, time(9, 0)), tick=True):
        await teacher.start(codes[Role.TEACHER])
        card = teacher.last_bot_message().text
        assert "🗓 Срок: до 15.12.2026" in card and "срок прошёл" not in card
        await teacher.send("/checklist")
        overview = teacher.bot_texts()[-1]
        assert "Просрочено" not in overview and "срок прошёл" not in overview

    # The administrator answers December's report on 3 December, then nothing else.
    end = date(2027, 1, 15)
    day = first_day
    while day <= end:
        for t in TICKS:
            with time_machine.travel(at(day, t), tick=True):
                await ticker.tick(at(day, t))
        if day == date(2026, 12, 3):
            with time_machine.travel(at(day, time(16, 0)), tick=True):
                await admin.send("/checklist")
                (admin_id,) = await rows(
                    settings, select(Person.id).where(Person.max_user_id == 9001)
                )
                item = OpenItemCb(person_id=admin_id[0], code="monthly_report")
                await admin.press_payload(item.pack())
                assert "Отправлен отчёт за месяц" in admin.last_bot_message().text
                await admin.press(checklist_texts.BTN_DONE)
        day += timedelta(days=1)

    ids = {row[0]: row[1] for row in await rows(settings, select(Person.max_user_id, Person.id))}
    log: dict[int, list[tuple[date, str, str, str]]] = defaultdict(list)
    for person_id, code, period, kind, local_date in await rows(
        settings,
        select(ReminderLog.person_id, ReminderLog.item_code, ReminderLog.period,
               ReminderLog.kind, ReminderLog.local_date)
        .order_by(ReminderLog.local_date, ReminderLog.item_code),
    ):  # fmt: skip
        log[person_id].append((local_date, code, period, kind))

    d = date
    # The newcomer: both items due 15 December (joined + 14: the 2025 date is long past, so
    # the grace gives them their own), reminded T-7, T-3, T-1, overdue, then weekly 3 times.
    teacher_log = log[ids[9002]]
    expected = []
    for when, kind in (
        (d(2026, 12, 8), "t7"), (d(2026, 12, 12), "t3"), (d(2026, 12, 14), "t1"),
        (d(2026, 12, 16), "overdue"), (d(2026, 12, 23), "late1"), (d(2026, 12, 30), "late2"),
        (d(2027, 1, 6), "late3"),
    ):  # fmt: skip
        expected += [(when, "old_campaign", "", kind), (when, "order_read", "", kind)]
    assert teacher_log == expected
    assert all(entry[0].isoweekday() != 7 for entry in teacher_log)

    # The administrator: the monthly report comes due on the 5th (Saturday 5 December moves
    # to Friday the 4th); December's was answered on the 3rd (after its T-3 and T-1), and
    # January's is reminded again: T-3 on Saturday 2 January, T-1 on Monday the 4th.
    admin_log = log[ids[9001]]
    monthly = [e for e in admin_log if e[1] == "monthly_report"]
    assert monthly == [
        (d(2026, 12, 1), "monthly_report", "2026-12", "t3"),
        (d(2026, 12, 3), "monthly_report", "2026-12", "t1"),
        (d(2027, 1, 2), "monthly_report", "2027-01", "t3"),
        (d(2027, 1, 4), "monthly_report", "2027-01", "t1"),
        (d(2027, 1, 6), "monthly_report", "2027-01", "overdue"),
        (d(2027, 1, 13), "monthly_report", "2027-01", "late1"),
    ]
    # The weekly figures come due every Friday: T-3 on Tuesday, T-1 on Thursday, overdue on
    # Saturday — in every week, each week's its own answer.
    weekly = [e for e in admin_log if e[1] == "weekly_kpi"]
    weeks = sorted({e[2] for e in weekly})
    assert weeks[0] == "2026-W49" and weeks[-1] == "2027-W02" and len(weeks) == 7
    for week in weeks:
        kinds = [(e[0].isoweekday(), e[3]) for e in weekly if e[2] == week]
        full = [(2, "t3"), (4, "t1"), (6, "overdue")]
        # the simulation ends on Friday 15 January: that week's Saturday has not come
        assert kinds == (full if week != "2027-W02" else full[:2]), (week, kinds)

    # Escalated once, three days after the teacher's own deadline — not on their first day.
    escalated = await rows(
        settings, select(Escalation.person_id, Escalation.item_code, Escalation.created_at)
    )
    assert sorted((p, c) for p, c, _ in escalated) == [
        (ids[9002], "old_campaign"),
        (ids[9002], "order_read"),
    ]
    assert {created.astimezone(TZ).date() for _, _, created in escalated} == {d(2026, 12, 18)}

    # In January the administrator's checklist asks for January's report again; December's
    # answer is history, in the authority's export.
    with time_machine.travel(at(d(2027, 1, 15), time(16, 0)), tick=True):
        await admin.send("/checklist")
        overview = admin.bot_texts()[-1]
        assert "Отправлен отчёт за месяц" in overview and "05.01.2027" in overview
        async with session_on(settings) as session:
            authority = await session.get(Authority, 1)
            exported = await export_authority(session, authority, utcnow())
    history = load_workbook(io.BytesIO(exported.data))["История по периодам"]
    assert [[c.value for c in row] for row in history.iter_rows(min_row=6)] == [
        ["СОШ №1", "Отправлен отчёт за месяц", "2026-12", None, 1, 1],
        ["Итого: УО", None, None, None, 1, 1],  # the authority's whole figure
    ]


async def test_class_teachers_answer_per_class_and_an_admin_may_teach_one(
    bot, fake, settings, codes
):
    now = at(date(2026, 12, 1), time(9, 0))
    async with session_on(settings) as session:
        school_id = await session.scalar(select(School.id))
        invite = await setup.create_invite(
            session, school_id=school_id, role=Role.CLASS_TEACHER, class_label="5а", now=now
        )
        await session.commit()
    teacher, admin = fake.user(9101, "Классная"), fake.user(9102, "Директор")
    with time_machine.travel(now, tick=True):
        await teacher.start(invite.code)
        await admin.start(codes[Role.ADMIN])
        async with session_on(settings) as session:
            classes = list(await session.scalars(select(SchoolClass)))
            assert [(c.label, c.grade, c.letter, c.school_year) for c in classes] == [
                ("5А", 5, "А", "2026/27")
            ]
        # the administrator is also the class teacher of 7Б: added and taken in /classes
        await admin.send("/classes")
        await admin.press(classes_texts.BTN_ADD)
        await admin.send("7Б")
        await admin.press(classes_texts.BTN_ASSIGN)
        await admin.press("Директор")
        await teacher.send("/checklist")
        assert "Создан чат с родителями — 5А" in teacher.bot_texts()[-1]
        await admin.send("/checklist")
        overview = admin.bot_texts()[-1]
        assert "Создан чат с родителями — 7Б" in overview and "Внесены показатели" in overview
