"""The school-year roll-over through the real bot, the fake MAX API, a real database and
time-machine, for a school in Yekaterinburg (UTC+5): nothing happens on 1 September without
the administrator; a daily reminder asks (not on Sunday, once a day); the preview shows 5А →
6А, 11Б graduating, 4В → 5В; a correction (4В stays, its teacher does not continue) makes an
older confirm button stale; the confirmation advances the classes in place, closes 11Б,
reopens the class items for 2027/28 and keeps 2026/27's answers as history."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.jobs.scheduler import Ticker
from bot.services import setup
from bot.ui import texts
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import rollover as t
from bot.vocab import Kind, Role
from storage.models import Answer, Audit, ClassTeacher, Outbox, Person, School, SchoolClass
from tests.support.db import session_on
from tests.support.plans import CLASS_PLAN

TZ = ZoneInfo("Asia/Yekaterinburg")


def at(day: date, t_: time) -> datetime:
    return datetime.combine(day, t_, TZ).astimezone(UTC)


@pytest.fixture
async def school(settings):
    added = at(date(2027, 5, 14), time(9, 0))
    async with session_on(settings, migrated=True) as session:
        authority_id = await setup.add_authority(
            session, name="УО", tz="Asia/Yekaterinburg", plan_toml=CLASS_PLAN, now=added
        )
        school_id = await setup.add_school(
            session, authority_id=authority_id, name="СОШ №1", kind=Kind.SCHOOL, tz=None,
            staff=40, students=None, now=added,
        )  # fmt: skip
        codes = {
            key: (
                await setup.create_invite(
                    session,
                    school_id=school_id,
                    role=role,
                    class_label=label,
                    now=added,
                    days=365,
                )
            ).code
            for key, role, label in (
                ("admin", Role.ADMIN, None),
                ("5А", Role.CLASS_TEACHER, "5А"),
                ("11Б", Role.CLASS_TEACHER, "11Б"),
                ("4В", Role.CLASS_TEACHER, "4В"),
                ("teacher", Role.TEACHER, None),
            )
        }
        await session.commit()
    return school_id, codes


async def _classes(settings):
    async with session_on(settings) as session:
        rows = await session.scalars(select(SchoolClass).order_by(SchoolClass.id))
        return [(c.label, c.grade, c.school_year, c.closed_at is not None) for c in rows]


async def _reminders(settings):
    async with session_on(settings) as session:
        return list(await session.scalars(select(Outbox.key).where(Outbox.key.like("rollover:%"))))


async def test_the_school_year_rolls_over_only_when_the_administrator_confirms(
    bot, fake, settings, school
):
    school_id, codes = school
    ticker: Ticker = bot.app.ticker
    admin, five, eleven, four = (
        fake.user(9201, "Директор"), fake.user(9202, "Анна"), fake.user(9203, "Борис"),
        fake.user(9204, "Вера"),
    )  # fmt: skip
    teacher = fake.user(9205, "Учитель")
    with time_machine.travel(at(date(2027, 5, 14), time(9, 30)), tick=True):
        await admin.start(codes["admin"])
        await teacher.start(codes["teacher"])
        for user, key in ((five, "5А"), (eleven, "11Б"), (four, "4В")):
            await user.start(codes[key])
        await five.press(checklist_texts.BTN_DONE)  # order_read
        assert "Создан чат с родителями — 5А" in (five.last_bot_message().text or "")
        await five.press(checklist_texts.BTN_DONE)  # chat_parents of 5А, 2026/27

    # 31 August: the school year has not begun; nothing to confirm.
    with time_machine.travel(at(date(2027, 8, 31), time(11, 0)), tick=True):
        await admin.send("/rollover")
        assert admin.bot_texts()[-1] == t.not_due("2026/27", date(2027, 9, 1))
        await ticker.tick()
        assert await _reminders(settings) == []

    before = await _classes(settings)
    assert before == [
        ("5А", 5, "2026/27", False), ("11Б", 11, "2026/27", False), ("4В", 4, "2026/27", False),
    ]  # fmt: skip

    # Wednesday 1 September, 10:05 local: a reminder, once, with a button to the preview.
    with time_machine.travel(at(date(2027, 9, 1), time(10, 5)), tick=True):
        await ticker.tick()
        await ticker.tick()
        assert await _reminders(settings) == [f"rollover:{school_id}:2027-09-01:1"]
        reminder = admin.last_bot_message()
        assert reminder.text == t.reminder("2027/28")
        await admin.press(t.BTN_OPEN, reminder)
        shown = admin.last_bot_message().text or ""
        assert "Переход на 2027/28 учебный год" in shown
        assert "• 4В → <b>5В</b> — Вера" in shown
        assert "• 5А → <b>6А</b> — Анна" in shown
        assert "• 11Б — 🎓 класс закроется" in shown
        assert shown.index("4В") < shown.index("5А") < shown.index("11Б")
        assert await _classes(settings) == before  # a preview changes nothing

        # Stray presses: a teacher cannot use it; a forged button of the admin's is refused.
        await teacher.send("/rollover")
        assert teacher.bot_texts()[-1] == texts.NOT_ALLOWED
        old_confirm = next(
            b["payload"] for row in admin.last_bot_message().buttons for b in row
            if b["text"] == t.BTN_CONFIRM
        )  # fmt: skip
        await teacher.press_payload(old_confirm, teacher.last_bot_message())
        assert await _classes(settings) == before

        # Correct: 4В stays 4В and Вера does not continue with it.
        await admin.send("/rollover")
        await admin.press(t.BTN_FIX)
        await admin.press("4В → 5В")
        await admin.press("⏸ Оставить 4В")
        await admin.press("✅ продолжает: Вера")
        card = admin.last_bot_message()
        assert "4В остаётся 4В ✏️ (не продолжает: Вера)" in (card.text or "")
        assert [b["text"] for row in card.buttons for b in row][:3] == [
            "➡️ Перевести в 5В", "✔️ ⏸ Оставить 4В", "🎓 Закрыть: выпуск или расформирован",
        ]  # fmt: skip
        await admin.press(t.BTN_BACK)
        assert "• 4В остаётся 4В ✏️ (не продолжает: Вера)" in (admin.last_bot_message().text or "")

        # The confirm button of the preview before the correction is stale.
        await admin.press_payload(old_confirm)
        assert admin.notifications()[-1] == t.STALE
        assert await _classes(settings) == before

    # Sunday 5 September: no reminder; Monday 6 September: the next one.
    with time_machine.travel(at(date(2027, 9, 5), time(12, 0)), tick=True):
        await ticker.tick()
        assert len(await _reminders(settings)) == 1
    with time_machine.travel(at(date(2027, 9, 6), time(10, 5)), tick=True):
        await ticker.tick()
        assert len(await _reminders(settings)) == 2

        await admin.send("/rollover")
        confirm = next(
            b["payload"] for row in admin.last_bot_message().buttons for b in row
            if b["text"] == t.BTN_CONFIRM
        )  # fmt: skip
        await admin.press(t.BTN_CONFIRM)
        assert "Школа перешла в 2027/28 учебный год" in (admin.last_bot_message().text or "")
        after = await _classes(settings)
        assert after == [
            ("6А", 6, "2027/28", False), ("11Б", 11, "2026/27", True), ("4В", 4, "2027/28", False),
        ]  # fmt: skip
        await admin.press_payload(confirm)  # twice: done once
        assert admin.notifications()[-1] == t.STALE
        assert await _classes(settings) == after

        async with session_on(settings) as session:
            stored = await session.get(School, school_id)
            assert stored is not None and stored.school_year == "2027/28"
            vera = await session.scalar(select(Person.id).where(Person.max_user_id == 9204))
            labels = await session.execute(
                select(Person.name, Person.class_label)
                .where(Person.max_user_id.in_([9202, 9203, 9204]))
                .order_by(Person.max_user_id)
            )
            assert list(labels) == [("Анна", "6А"), ("Борис", None), ("Вера", None)]
            teaching = list(await session.scalars(select(ClassTeacher).order_by(ClassTeacher.id)))
            assert [(c.person_id == vera, c.until is not None) for c in teaching] == [
                (False, False), (False, True), (True, True),
            ]  # fmt: skip
            answers = await session.execute(
                select(Answer.item_code, Answer.period).where(Answer.class_id.is_not(None))
            )
            assert [(code, period.split("#")[0]) for code, period in answers] == [
                ("chat_parents", "2026/27")  # last year's, kept as history
            ]
            audit = await session.scalar(select(Audit).where(Audit.action == "rollover.confirm"))
            assert audit is not None and audit.details["to_year"] == "2027/28"

        # Анна's class is 6А now, its item open again for the new year.
        await five.send("/checklist")
        overview = five.bot_texts()[-1] or ""
        assert "⬜ Создан чат с родителями — 6А — до 15.09.2027" in overview
        assert "5А" not in overview

    # The next day: the school is in 2027/28, nothing more to remind or confirm.
    with time_machine.travel(at(date(2027, 9, 7), time(10, 5)), tick=True):
        await ticker.tick()
        assert len(await _reminders(settings)) == 2
        await admin.send("/rollover")
        assert admin.bot_texts()[-1] == t.not_due("2027/28", date(2028, 9, 1))
