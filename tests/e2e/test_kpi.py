"""KPI figures: `/kpi` end to end (buttons, typed form, trend, access); the pure rules are in
tests/unit/test_kpi.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select, update

from bot.clock import utcnow
from bot.plan import builtin_plan
from bot.rules import kpi as rules
from bot.services import setup
from bot.ui import texts
from bot.ui.keyboards.kpi import KpiCb
from bot.ui.texts import kpi as t
from storage.models import Audit, KpiEntry, Person, School, SchoolAnswer
from tests.support.db import run_builtin_plan

WEEK1 = datetime(2025, 11, 19, 9, 0, tzinfo=UTC)  # Wednesday, 12:00 in Moscow, 2025-W47
WEEK2 = WEEK1 + timedelta(days=7)  # 2025-W48


async def _entries(bot, school_id):
    async with bot.app.sessionmaker() as session:
        rows = await session.scalars(
            select(KpiEntry).where(KpiEntry.school_id == school_id).order_by(KpiEntry.week)
        )
        return [(r.week, r.staff_weekly, r.students_parents_weekly, r.entered_by) for r in rows]


async def _person_id(bot, user_id):
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Person.id).where(Person.max_user_id == user_id))


async def test_kpi_entry_display_targets_and_trend(bot, fake, world):
    await run_builtin_plan(bot.app.sessionmaker, world.authority_id, "2025")  # autumn 2025
    plan = builtin_plan("2025")
    staff_title = plan.kpi_for(rules.STAFF_WEEKLY).title
    parents_title = plan.kpi_for(rules.STUDENTS_PARENTS_WEEKLY).title
    admin, teacher = fake.user(6101, "Директор"), fake.user(6102, "Учитель")
    with time_machine.travel(WEEK1, tick=True):
        await admin.start(world.codes["admin"])
        await teacher.start(world.codes["teacher"])
        admin_id = await _person_id(bot, 6101)

        await teacher.send("/kpi")
        assert teacher.bot_texts()[-1] == texts.NOT_ALLOWED
        await teacher.send("/kpi staff 50")
        assert teacher.bot_texts()[-1] == texts.NOT_ALLOWED

        await admin.send("/kpi")
        screen = admin.last_bot_message()
        assert "Неделя 17.11–23.11.2025" in screen.text
        # 2 people joined of 40 declared staff; the first stage (75 % by 30.11.2025) is ahead.
        assert "<b>Регистрация</b>: 2 из 40 сотрудников — 5 % · цель ≥ 75 % к 30.11.2025 ⏳" in (
            screen.text
        )
        assert f"<b>{staff_title}</b>: ещё не введено · цель ≥ 15 % к 30.11.2025" in screen.text
        assert screen.labels() == [
            t.BTN_ENTER[rules.STAFF_WEEKLY],
            t.BTN_ENTER[rules.STUDENTS_PARENTS_WEEKLY],
        ]

        # Staff 37 % with the buttons: tens, then the exact value.
        await admin.press(t.BTN_ENTER[rules.STAFF_WEEKLY])
        assert "Выберите десятки" in admin.last_bot_message().text
        assert admin.last_bot_message().labels()[:4] == ["0…", "10…", "20…", "30…"]
        await admin.press("30…")
        assert admin.last_bot_message().labels()[:10] == [f"{n} %" for n in range(30, 40)]
        await admin.press("37 %")
        assert admin.notifications()[-1] == "Записано: сотрудники — 37 %"
        screen = admin.last_bot_message()
        assert f"<b>{staff_title}</b>: 37 % · цель ≥ 15 % к 30.11.2025 ✅" in screen.text
        assert await _entries(bot, world.school_id) == [("2025-W47", 37.0, None, admin_id)]

        # The same figure typed, and the parents' figure typed.
        await admin.send("/kpi сотрудники 37")
        assert "✅ Записано: сотрудники — 37 % за неделю 17.11–23.11.2025." in admin.bot_texts()[-1]
        await admin.send("/kpi родители 12")
        screen = admin.last_bot_message()
        assert "✅ Записано: ученики и родители — 12 %" in screen.text
        assert f"<b>{parents_title}</b>: 12 % · цель ≥ 5 % к 30.11.2025 ✅" in screen.text
        assert "• 17.11–23.11.2025: 37 % · 12 %" in screen.text
        assert await _entries(bot, world.school_id) == [("2025-W47", 37.0, 12.0, admin_id)]

        # Bad values: clear errors, nothing stored.
        for typed, answer in (
            ("/kpi staff 101", t.BAD_PERCENT[rules.OUT_OF_RANGE]),
            ("/kpi staff много", t.BAD_PERCENT[rules.NOT_A_NUMBER]),
            ("/kpi staff", t.BAD_PERCENT[rules.EMPTY]),
            ("/kpi зарплата 5", t.KPI_USAGE),
        ):
            await admin.send(typed)
            assert admin.bot_texts()[-1] == answer, typed
        # A forged keypad value over 100 %, another person's keypad, a teacher's own keypad.
        await admin.press_payload(
            KpiCb(person_id=admin_id, act="value", indicator="staff", value=150).pack()
        )
        assert admin.notifications()[-1] == t.KEYPAD_STALE
        await admin.press_payload(
            KpiCb(person_id=admin_id, act="value", indicator="z", value=15).pack()
        )
        assert admin.notifications()[-1] == t.KEYPAD_STALE
        await teacher.press_payload(
            KpiCb(person_id=admin_id, act="value", indicator="staff", value=5).pack()
        )
        assert teacher.notifications()[-1] == texts.FOREIGN_BUTTON
        teacher_id = await _person_id(bot, 6102)
        await teacher.press_payload(
            KpiCb(person_id=teacher_id, act="value", indicator="staff", value=5).pack()
        )
        assert teacher.notifications()[-1] == texts.NOT_ALLOWED
        assert await _entries(bot, world.school_id) == [("2025-W47", 37.0, 12.0, admin_id)]

    with time_machine.travel(WEEK2, tick=True):
        await admin.send("/kpi staff 45,5")
        await admin.send("/kpi")
        await admin.press(t.BTN_ENTER[rules.STUDENTS_PARENTS_WEEKLY])
        await admin.press("10…")
        await admin.press("10 %")
        screen = admin.last_bot_message()
        assert "Неделя 24.11–30.11.2025" in screen.text
        assert f"<b>{staff_title}</b>: 45,5 % ↑ · цель ≥ 15 % к 30.11.2025 ✅" in screen.text
        assert f"<b>{parents_title}</b>: 10 % ↓ · цель ≥ 5 % к 30.11.2025 ✅" in screen.text
        history = [ln for ln in screen.text.splitlines() if ln.startswith("• ")]
        assert history[:3] == [
            "• 24.11–30.11.2025: 45,5 % ↑ · 10 % ↓",
            "• 17.11–23.11.2025: 37 % · 12 %",
            "• 10.11–16.11.2025: — · —",
        ]
        assert len(history) == 5
        assert await _entries(bot, world.school_id) == [
            ("2025-W47", 37.0, 12.0, admin_id),
            ("2025-W48", 45.5, 10.0, admin_id),
        ]

    # December: the next stage (75 % by 30.12) is in force and 45,5 % is below it.
    with time_machine.travel(WEEK2 + timedelta(days=7), tick=True):
        await admin.send("/kpi")
        text = admin.last_bot_message().text
        assert f"<b>{staff_title}</b>: ещё не введено · цель ≥ 75 % к 30.12.2025" in text
        assert "• 24.11–30.11.2025: 45,5 % ↑ · 10 % ↓" in text

    async with bot.app.sessionmaker() as session:
        audits = list(await session.scalars(select(Audit).where(Audit.action == "kpi.enter")))
    assert len(audits) == 5  # buttons 37, typed 37, typed 12, typed 45,5, buttons 10
    assert all(a.actor_person_id == admin_id for a in audits)
    assert audits[-1].details == {
        "school_id": world.school_id,
        "week": "2025-W48",
        "indicator": rules.STUDENTS_PARENTS_WEEKLY,
        "value": 10.0,
    }


async def test_kpi_registration_unknown_declared_staff(bot, fake, world):
    async with bot.app.sessionmaker() as session:
        school_id = await setup.add_school(
            session, authority_id=world.authority_id, name="МБУ ДО ДДТ", kind="extra",
            tz="Europe/Moscow", staff=None, students=None, now=utcnow(),
        )  # fmt: skip
        invite = await setup.create_invite(session, now=utcnow(), school_id=school_id, role="admin")
        await session.commit()
    admin = fake.user(6201, "Методист")
    await admin.start(invite.code)
    await admin.send("/kpi")
    assert (
        "<b>Регистрация</b>: 1 человек — доля: — (численность сотрудников не указана)"
        in admin.last_bot_message().text
    )
    stranger = fake.user(6202, "Прохожий")
    await stranger.send("/kpi")
    assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED


async def test_the_weeks_figures_close_the_weekly_item_of_the_school_year_plan(bot, fake, world):
    """2026/27's «Внесены показатели недели» (evidence "kpi") closes itself for the week when
    both figures are in, not before; next week it is open again."""
    admin = fake.user(6111, "Директор")
    wednesday = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, 2026-W49
    async with bot.app.sessionmaker() as session:  # the school was added before that week
        await session.execute(
            update(School)
            .where(School.id == world.school_id)
            .values(created_at=datetime(2026, 9, 1, tzinfo=UTC))
        )
        await session.commit()
    with time_machine.travel(wednesday, tick=True):
        await admin.start(world.codes["admin"])
        await admin.send("/kpi staff 40")
        await admin.send("/checklist")
        assert "⬜ Внесены показатели недели — до 04.12.2026" in admin.bot_texts()[-1]
        await admin.send("/kpi parents 12")
        await admin.send("/checklist")
        assert "✅ Внесены показатели недели" in admin.bot_texts()[-1]
    async with bot.app.sessionmaker() as session:
        rows = await session.execute(
            select(SchoolAnswer.item_code, SchoolAnswer.period, SchoolAnswer.status)
        )
        assert list(rows) == [("weekly_kpi", "2026-W49", "done")]
    with time_machine.travel(wednesday + timedelta(days=7), tick=True):
        await admin.send("/checklist")
        assert "⬜ Внесены показатели недели — до 11.12.2026" in admin.bot_texts()[-1]
