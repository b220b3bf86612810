"""A school of 30 over a simulated month: reminders, escalations, digests, help requests —
through the real bot, the fake MAX API, a SQLite file and time-machine."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date, time, timedelta

import pytest
import time_machine
from sqlalchemy import select, update

from bot.jobs.scheduler import Ticker
from bot.ui import texts
from bot.ui.texts import authority as authority_texts
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import help as help_texts
from bot.ui.texts import inputs as inputs_texts
from bot.ui.texts import pause as pause_texts
from bot.ui.texts import progress as progress_texts
from storage.models import Answer, Escalation, Outbox, Person, ReminderLog, School
from tests.support.db import rows, session_on
from tests.support.region import DAYS, START, TZ, at, make_school

TICKS = (time(8, 30), time(9, 5), time(10, 5), time(15, 0), time(21, 0))

PLAN = """
name = "Тестовый план"
source = "тест"

[[items]]
code = "item_a"
ref = "п. 1"
title = "Пункт А"
howto = "Сделайте А."
roles = ["teacher", "admin"]
kinds = ["school"]
scope = "personal"
deadline = 2026-01-20

[[items]]
code = "item_b"
ref = "п. 2"
title = "Пункт Б"
howto = "Сделайте Б."
roles = ["teacher", "admin"]
kinds = ["school"]
scope = "personal"
deadline = 2026-01-31

[[items]]
code = "item_c"
ref = "п. 3"
title = "Пункт В"
howto = "Без срока."
roles = ["teacher", "admin"]
kinds = ["school"]
scope = "personal"
"""


@pytest.fixture
async def school(settings):
    return await make_school(settings, PLAN, at(START, time(6, 0)), staff=35)


async def run_day(ticker: Ticker, day: date, times=TICKS) -> int:
    sent = 0
    for t in times:
        with time_machine.travel(at(day, t), tick=True):
            sent += await ticker.tick(at(day, t))
    return sent


async def test_a_month_of_reminders_escalations_and_digests(bot, fake, school, settings):
    ticker: Ticker = bot.app.ticker
    groups: dict[str, list] = {"done": [], "a_late": [], "paused": [], "never": []}
    sizes = {"done": 10, "a_late": 5, "paused": 3, "never": 12}
    admin = fake.user(6000, "Директор")
    with time_machine.travel(at(START, time(7, 0)), tick=True):
        await admin.start(school["admin"])
        for _ in range(3):
            await admin.press(checklist_texts.BTN_DONE)
        uid = 6001
        for group, size in sizes.items():
            for _ in range(size):
                user = fake.user(uid, f"Учитель {uid}")
                uid += 1
                await user.start(school["teacher"])
                groups[group].append(user)
        for user in groups["done"]:
            for _ in range(3):
                await user.press(checklist_texts.BTN_DONE)
        for user in groups["paused"]:
            await user.send("/pause 25.01.2026")
            assert user.bot_texts()[-1] == pause_texts.paused(date(2026, 1, 25))

    for offset in range(DAYS):
        day = START + timedelta(days=offset)
        if day == date(2026, 1, 15):  # the "a_late" group finishes item A between t7 and t3
            with time_machine.travel(at(day, time(12, 0)), tick=True):
                for user in groups["a_late"]:
                    await user.press(checklist_texts.BTN_CONTINUE)  # on the reminder of 13 Jan
                    assert "Пункт А" in user.last_bot_message().text
                    await user.press(checklist_texts.BTN_DONE)
        await run_day(ticker, day)
        if day == date(2026, 1, 13):  # the same tick again: nothing new
            assert await ticker.tick(at(day, time(10, 6))) == 0

    ids = {row[0]: row[1] for row in await rows(settings, select(Person.max_user_id, Person.id))}
    log = defaultdict(list)
    for person_id, code, kind, local_date in await rows(
        settings,
        select(ReminderLog.person_id, ReminderLog.item_code, ReminderLog.kind,
               ReminderLog.local_date).order_by(ReminderLog.local_date, ReminderLog.item_code),
    ):  # fmt: skip
        log[person_id].append((local_date, code, kind))
    d = date
    expected = {
        "done": [],
        "never": [
            (d(2026, 1, 13), "item_a", "t7"), (d(2026, 1, 17), "item_a", "t3"),
            (d(2026, 1, 19), "item_a", "t1"), (d(2026, 1, 21), "item_a", "overdue"),
            # a week after "overdue", item A is nudged again (OVERDUE_NUDGES)
            (d(2026, 1, 24), "item_b", "t7"), (d(2026, 1, 28), "item_a", "late1"),
            (d(2026, 1, 28), "item_b", "t3"),
            (d(2026, 1, 30), "item_b", "t1"), (d(2026, 2, 2), "item_b", "overdue"),
            (d(2026, 2, 4), "item_a", "late2"),
        ],
        "a_late": [
            (d(2026, 1, 13), "item_a", "t7"), (d(2026, 1, 24), "item_b", "t7"),
            (d(2026, 1, 28), "item_b", "t3"), (d(2026, 1, 30), "item_b", "t1"),
            (d(2026, 2, 2), "item_b", "overdue"),
        ],
        "paused": [  # paused to 25 Jan: on Monday 26 Jan the newest milestones of both items
            (d(2026, 1, 26), "item_a", "overdue"), (d(2026, 1, 26), "item_b", "t7"),
            (d(2026, 1, 28), "item_a", "late1"), (d(2026, 1, 28), "item_b", "t3"),
            (d(2026, 1, 30), "item_b", "t1"), (d(2026, 2, 2), "item_b", "overdue"),
            (d(2026, 2, 4), "item_a", "late2"),
        ],
    }  # fmt: skip
    sent = await rows(settings, select(Outbox.kind, Outbox.person_id, Outbox.sent_at, Outbox.key))
    for group, users in groups.items():
        for user in users:
            person_id = ids[user.info["user_id"]]
            assert log[person_id] == expected[group], (group, user.info)
            # One message per reminder day, delivered to the person's dialog.
            days = sorted({entry[0] for entry in expected[group]})
            reminder_days = sorted(
                r.sent_at.astimezone(TZ).date()
                for r in sent
                if r.person_id == person_id and r.kind == "reminder"
            )
            assert reminder_days == days, (group, user.info)
            in_dialog = [t for t in user.bot_texts() if "напоминаю о сроках" in t]
            # a_late turned the 13 Jan reminder into an item card with «Продолжить»
            assert len(in_dialog) == len(days) - (group == "a_late"), group
    assert log[ids[6000]] == []

    assert all(row.sent_at is not None for row in sent)
    for row in sent:
        if row.kind == "reply":  # answers to what people did themselves
            continue
        local = row.sent_at.astimezone(TZ)
        assert local.isoweekday() != 7 and time(8, 0) <= local.time() < time(20, 0), row
    admin_id = ids[6000]
    admin_kinds = sorted((r.kind, r.sent_at.astimezone(TZ).date()) for r in sent
                         if r.person_id == admin_id and r.kind != "reply")  # fmt: skip
    mondays = [START + timedelta(days=7 * n) for n in range(5)]
    assert admin_kinds == sorted(
        [("digest", m) for m in mondays]
        + [("escalation", d(2026, 1, 23)), ("escalation", d(2026, 2, 3))]
    )
    escalated = await rows(settings, select(Escalation.person_id, Escalation.item_code))
    late_a = {ids[u.info["user_id"]] for u in groups["never"] + groups["paused"]}
    late_b = late_a | {ids[u.info["user_id"]] for u in groups["a_late"]}
    assert sorted(escalated) == sorted([(p, "item_a") for p in late_a] +
                                       [(p, "item_b") for p in late_b])  # fmt: skip
    escalations = [t for t in admin.bot_texts() if t.startswith("⏰ Просрочено")]
    assert len(escalations) == 2 and escalations[0].count("• Пункт А") == 15

    # The last digest's figures equal what the answers table says.
    digests = [m for m in admin.bot_messages() if "Еженедельная сводка" in (m.text or "")]
    assert len(digests) == 5
    last = digests[-1]
    assert any(a["type"] == "image" for a in last.attachments)
    answers = await rows(settings, select(Answer.item_code, Answer.status))
    people = len(ids)
    figures: dict[str, str] = {}
    for code, title in (("item_a", "Пункт А"), ("item_b", "Пункт Б"), ("item_c", "Пункт В")):
        done = sum(1 for c, s in answers if c == code and s == "done")
        na = sum(1 for c, s in answers if c == code and s == "na")
        base = 35 - na  # of the declared staff: the 4 not in the bot count as not done
        assert f"{title} — {100 * done / base:.0f} % ({done} из {base})" in last.text
        figures[title] = f"• {title}: {done}/{people - na}"
    assert "в боте 31 из 35, у них" in last.text and "% штата</b>" in last.text
    assert "На паузе" not in last.text  # the pauses ended on 25 Jan
    assert "На паузе" in digests[2].text  # 19 Jan
    await admin.press("📋 Подробно", last)  # the details: every item's figures
    details = admin.bot_texts()[-1]
    assert all(line in details for line in figures.values()), details


async def test_a_tick_stopped_midway_sends_the_rest_exactly_once(bot, fake, school, settings):
    users = [fake.user(7000 + n, f"Учитель {n}") for n in range(30)]
    with time_machine.travel(at(START, time(7, 0)), tick=True):
        for user in users:
            await user.start(school["teacher"])
    day = date(2026, 1, 21)  # item A is overdue for everyone
    now = at(day, time(10, 5))

    def reminders_delivered() -> int:
        return sum("напоминаю о сроках" in t for u in users for t in u.bot_texts())

    with time_machine.travel(now, tick=True):
        task = asyncio.create_task(bot.app.ticker.tick(now))
        while reminders_delivered() < 10:  # noqa: ASYNC110 (polling the fake's state)
            await asyncio.sleep(0.001)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert 10 <= reminders_delivered() < 30  # stopped in the middle of the wave
    await bot.kill()  # the process dies: no graceful shutdown
    await bot.start()
    later = now + timedelta(minutes=6)  # past the claim lease of a send that was in flight
    with time_machine.travel(later, tick=True):
        await bot.app.ticker.tick(later)
        assert await bot.app.ticker.tick(later) == 0
    for user in users:
        reminders = [t for t in user.bot_texts() if "напоминаю о сроках" in t]
        assert len(reminders) == 1, user.info


async def test_help_request_reaches_the_admin_and_comes_back(bot, fake, school, settings):
    admin, teacher = fake.user(8001, "Директор"), fake.user(8002, "Анна")
    day = date(2026, 1, 14)
    with time_machine.travel(at(day, time(14, 0)), tick=True):
        await admin.start(school["admin"])
        await teacher.start(school["teacher"])
        before = len(admin.bot_texts())
        await teacher.press(checklist_texts.BTN_HELP)
        assert teacher.last_bot_message().text == help_texts.HELP_ASK_COMMENT
        assert len(admin.bot_texts()) == before  # the notice waits for the comment
        await teacher.send("Не приходит СМС с кодом")
        assert teacher.bot_texts()[-2] == help_texts.HELP_COMMENT_SENT
        assert "Пункт 2 из 3" in teacher.bot_texts()[-1]  # the walk goes on
        assert len(admin.bot_texts()) == before + 1  # one message: the request with its comment
        notice = admin.last_bot_message()
        assert "от: Анна, педагог" in notice.text and "Пункт А" in notice.text
        assert "Комментарий: Не приходит СМС с кодом" in notice.text
        assert notice.labels() == [help_texts.BTN_HELP_ANSWER, help_texts.BTN_HELP_HANDLED,
                                   help_texts.BTN_HELP_PASS]  # fmt: skip
        await admin.send("/digest")
        digest = admin.bot_messages()[-1]
        assert "🆘 Открытые просьбы о помощи: 1" in digest.text
        assert any(a["type"] == "image" for a in digest.attachments)
        await admin.press(progress_texts.BTN_HELP, message=digest)  # the details: a message
        assert "Анна: Пункт А — «Не приходит СМС с кодом»" in admin.bot_texts()[-1]
        await admin.press(help_texts.BTN_HELP_HANDLED, message=notice)
        assert admin.notifications()[-1] == "✅"
        assert "Вопрос решён" in fake.message(notice.mid)["body"]["text"]
        solved = teacher.last_bot_message()
        assert "отмечен как решённый" in solved.text
        assert solved.labels()[0] == help_texts.BTN_OPEN_ITEM  # a next step: the item itself
        done = [b for b in notice.buttons for b in b if b["text"] == help_texts.BTN_HELP_HANDLED]
        await admin.press_payload(done[0]["payload"], message=notice)
        assert admin.notifications()[-1] == help_texts.HELP_ALREADY_HANDLED
        await teacher.press_payload(done[0]["payload"], message=notice)
        assert teacher.notifications()[-1] == texts.ONLY_ADMIN

    late = at(day, time(21, 30))  # quiet hours: the administrator is not disturbed
    with time_machine.travel(late, tick=True):
        before = len(admin.bot_texts())
        await teacher.send("/checklist")
        await teacher.press(checklist_texts.BTN_CONTINUE)
        await teacher.press(checklist_texts.BTN_HELP)
        await teacher.press(inputs_texts.BTN_SKIP)
        assert len(admin.bot_texts()) == before
    morning = at(day + timedelta(days=1), time(8, 0))
    with time_machine.travel(morning, tick=True):
        await bot.app.ticker.tick(morning)
    assert len(admin.bot_texts()) == before + 1 and "Пункт Б" in admin.bot_texts()[-1]


async def test_authority_gets_a_weekly_summary_of_its_schools(bot, fake, world):
    inspector, admin, teacher = (
        fake.user(8101, "Инспектор"),
        fake.user(8102, "Д"),
        fake.user(8103, "Т"),
    )
    joined = date(2026, 1, 12)
    # three weeks later: past the newcomers' own deadlines (joined + 14 days of grace)
    monday = joined + timedelta(days=21)
    with time_machine.travel(at(joined, time(7, 0)), tick=True):
        await inspector.start(world.codes["authority"])
        await admin.start(world.codes["admin"])
        await teacher.start(world.codes["teacher"])
        await teacher.press(checklist_texts.BTN_DONE)
    for t in (time(8, 30), time(9, 5), time(12, 0)):
        with time_machine.travel(at(monday, t), tick=True):
            await bot.app.ticker.tick(at(monday, t))
    summaries = [m for m in inspector.bot_messages() if "Еженедельная сводка" in (m.text or "")]
    assert len(summaries) == 1
    summary = summaries[0]
    assert "Больше всего отстают" in summary.text and "МАОУ СОШ №24" in summary.text
    assert "⏰ Просрочено: 2 человека в 1 организации" in summary.text
    assert any(a["type"] == "image" for a in summary.attachments)  # the chart of the schools
    await inspector.press(authority_texts.BTN_RATING, message=summary)  # the details
    # 2 February is also the month's first working day: the monthly report came after it.
    rating = next(t for t in reversed(inspector.bot_texts()) if "рейтинг школ на" in t)
    assert rating.index("МАОУ СОШ №24") < rating.index("МБДОУ Детский сад №3")
    # The Yekaterinburg ДОУ has no administrator: no school digest there; the ОУ's admin has one.
    assert sum("Еженедельная сводка: МАОУ СОШ №24" in s for s in admin.bot_texts()) == 1
    await inspector.send("/digest")
    assert "Еженедельная сводка" in inspector.bot_texts()[-1]


async def test_a_school_that_cannot_be_planned_does_not_hold_back_the_others(
    bot, fake, world, settings, caplog
):
    admin = fake.user(8202, "Д")
    monday = date(2026, 1, 12)
    with time_machine.travel(at(monday, time(7, 0)), tick=True):
        await admin.start(world.codes["admin"])
    # The other school's time zone is broken (say, edited by hand in the database): the bulk
    # planning fails on it, and the ticker plans the schools one by one instead.
    async with session_on(settings) as session:
        await session.execute(
            update(School).where(School.id == world.preschool_id).values(tz="Mars/Olympus")
        )
        await session.commit()
    with time_machine.travel(at(monday, time(9, 5)), tick=True):
        await bot.app.ticker.tick(at(monday, time(9, 5)))
    assert sum("Еженедельная сводка: МАОУ СОШ №24" in s for s in admin.bot_texts()) == 1
    assert f"planning (plan_digests) failed for school {world.preschool_id}" in caplog.text
    assert f"planning (plan_day) failed for school {world.preschool_id}" in caplog.text
