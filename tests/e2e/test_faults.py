"""The outgoing path under faults: the fake MAX API answers a random (seeded) 10 % of the
bot's messages with 429, 500 or a dropped connection, and refuses people who blocked the bot.
Whatever was due is delivered exactly once; nobody unreachable is written to."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.clock import utcnow
from bot.emulator import FakeMax, dialog_id
from bot.emulator.faults import FaultInjector
from bot.services import announce
from bot.services.outbox import queue
from bot.ui.texts import announce as t
from storage.models import Announcement, Outbox, Person, ReminderLog
from storage.repo import people as people_repo
from tests.support.people import join_many
from tests.support.region import DAYS, START, at, make_school
from tests.support.running import RunningBot

TICKS = (time(9, 5), time(10, 5), time(15, 0))
FAULTS = ("429", "500", "timeout")
REMINDER = "напоминаю о сроках"

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
"""

ONGOING_PLAN = """
name = "План без сроков"
source = "тест"

[[items]]
code = "item_x"
ref = "п. 1"
title = "Пункт без срока"
howto = "Делайте постоянно."
roles = ["teacher", "admin"]
kinds = ["school"]
scope = "personal"
"""


async def start_bot(settings, fake: FakeMax, **changes) -> RunningBot:
    running = RunningBot(settings.model_copy(update=changes), fake)
    await running.start()
    return running


@pytest.fixture
async def flaky_bot(request, settings, fake) -> AsyncIterator[RunningBot]:
    """Few quick retries per call (default 1; parametrize indirectly to change), so some
    sends fail for good and wait for a later tick."""
    running = await start_bot(settings, fake, send_retries=getattr(request, "param", 1))
    yield running
    await running.stop()


async def outbox_rows(app) -> list[Outbox]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(Outbox).order_by(Outbox.id)))


def assert_delivered_exactly_once(rows: list[Outbox], fake: FakeMax, user_ids: list[int]) -> None:
    """Every sent outbox row is in its dialog once; the dialogs hold nothing else (so not
    for people whose messages were edited by callback answers)."""
    queued = Counter(
        (r.user_id, r.text) for r in rows if r.sent_at is not None and r.user_id in user_ids
    )
    in_dialogs = Counter(
        (uid, m["body"]["text"]) for uid in user_ids for m in fake.bot_messages(uid)
    )
    twice = {key: n for key, n in in_dialogs.items() if n > queued.get(key, 0)}
    missing = {key: n for key, n in queued.items() if in_dialogs.get(key, 0) < n}
    assert not twice, f"more often in the dialog than queued: {list(twice.items())[:3]}"
    assert not missing, f"marked sent but not in the dialog: {list(missing.items())[:3]}"


# --- (a) a month of reminders ---------------------------------------------------------------


@pytest.mark.parametrize(
    "kinds",
    [
        FAULTS,
        pytest.param((*FAULTS, "500-after-store"), id="with-500-after-store"),
    ],
    ids=lambda kinds: "-".join(kinds) if isinstance(kinds, tuple) else None,
)
@pytest.mark.parametrize("flaky_bot", [0], indirect=True, ids=["no-quick-retry"])
async def test_a_month_of_reminders_under_faults_is_delivered_exactly_once(
    flaky_bot, fake, settings, kinds
):
    codes = await make_school(settings, PLAN, at(START, time(6, 0)))
    app = flaky_bot.app
    admin_id, teacher_ids = 6000, list(range(6001, 6030))
    with time_machine.travel(at(START, time(7, 0)), tick=True):
        admin = await join_many(app.sessionmaker, fake, codes["admin"], [admin_id])
        teachers = await join_many(app.sessionmaker, fake, codes["teacher"], teacher_ids)
        done_ids = teacher_ids[:9]  # these finished everything before the month began
        async with app.sessionmaker() as session:
            for uid in done_ids:
                for code in ("item_a", "item_b"):
                    await people_repo.set_answer(session, teachers[uid].id, code, "done", utcnow())
            await session.commit()
    chaos = fake.chaos = FaultInjector(seed=20260105, rate=0.1, kinds=kinds)

    seen: dict[str, Outbox] = {}  # every row ever queued (sent rows expire after 30 days)
    for offset in range(DAYS):
        day = START + timedelta(days=offset)
        for moment in TICKS:
            with time_machine.travel(at(day, moment), tick=True):
                await app.ticker.tick(at(day, moment))
        seen.update((r.key, r) for r in await outbox_rows(app))
    last = START + timedelta(days=DAYS - 1)
    for n in range(1, 13):  # catch-up ticks on the last afternoon, past the backoff
        moment = at(last, time(15, 0)) + timedelta(minutes=10 * n)
        with time_machine.travel(moment, tick=True):
            await app.ticker.tick(moment)
        if all(r.sent_at is not None for r in await outbox_rows(app)):
            break

    seen.update((r.key, r) for r in await outbox_rows(app))
    rows = list(seen.values())
    assert [r.key for r in rows if r.sent_at is None] == []
    assert_delivered_exactly_once(rows, fake, [admin_id, *teacher_ids])
    assert all(chaos.injected[kind] > 0 for kind in kinds), chaos.injected
    assert any(r.attempts > 1 for r in rows)  # some waited for a later tick

    # Each reminder the database says is due went out once (on its day, or a later tick's).
    async with app.sessionmaker() as session:
        logged = set(await session.execute(select(ReminderLog.person_id, ReminderLog.local_date)))
    reminders = [r for r in rows if r.kind == "reminder"]
    assert {(r.person_id, date.fromisoformat(r.key.rsplit(":", 1)[1])) for r in reminders} == {
        (person_id, day) for person_id, day in logged
    }
    by_person = {p.id: uid for uid, p in teachers.items()}
    for uid, person in {**admin, **teachers}.items():
        got = [m for m in fake.bot_messages(uid) if REMINDER in (m["body"]["text"] or "")]
        assert len(got) == sum(r.person_id == person.id for r in reminders), uid
    never = [p for p in by_person if by_person[p] not in done_ids]
    d = date
    expected = [
        (d(2026, 1, 13), "item_a", "t7"), (d(2026, 1, 17), "item_a", "t3"),
        (d(2026, 1, 19), "item_a", "t1"), (d(2026, 1, 21), "item_a", "overdue"),
        (d(2026, 1, 24), "item_b", "t7"), (d(2026, 1, 28), "item_a", "late1"),
        (d(2026, 1, 28), "item_b", "t3"), (d(2026, 1, 30), "item_b", "t1"),
        (d(2026, 2, 2), "item_b", "overdue"), (d(2026, 2, 4), "item_a", "late2"),
    ]  # fmt: skip
    async with app.sessionmaker() as session:
        for person_id in never:
            entries = await session.execute(
                select(ReminderLog.local_date, ReminderLog.item_code, ReminderLog.kind)
                .where(ReminderLog.person_id == person_id)
                .order_by(ReminderLog.local_date, ReminderLog.item_code)
            )
            assert list(entries) == expected
    assert not any(by_person.get(person_id) in done_ids for person_id, _ in logged)


async def test_a_message_processed_but_answered_500_is_not_sent_twice(bot, fake, world):
    """The nasty case on its own: MAX stored the message, then answered 500."""
    user = fake.user(6101, "Анна")
    await user.start(world.codes["teacher"])
    async with bot.app.sessionmaker() as session:
        person = await session.scalar(select(Person).where(Person.max_user_id == 6101))
        await queue(session, key="once", kind="test", to=person, text="Один раз",
                    not_before=utcnow())  # fmt: skip
        await session.commit()
    fake.chaos = FaultInjector(seed=1, rate=1.0, kinds=("500-after-store",), budget=1)
    await bot.app.sender.drain(bot.app.sessionmaker)
    later = utcnow() + timedelta(hours=2)  # whatever the first drain left, the next one sends
    await bot.app.sender.drain(bot.app.sessionmaker, later)
    assert fake.chaos.injected["500-after-store"] == 1
    assert user.bot_texts().count("Один раз") == 1


# --- (b) a 500-person announcement ----------------------------------------------------------

TEXT = "Завтра в 15:00 совещание в актовом зале."


async def test_an_announcement_to_500_under_faults_reaches_each_once(
    flaky_bot, fake, settings, weekday_noon, caplog
):
    caplog.set_level(logging.INFO, logger="bot.max.sender")
    codes = await make_school(settings, ONGOING_PLAN, utcnow())
    app = flaky_bot.app
    admin = fake.user(7000, "Директор")
    await admin.start(codes["admin"])
    staff_ids = list(range(7001, 7501))
    await join_many(app.sessionmaker, fake, codes["teacher"], staff_ids)
    chaos = fake.chaos = FaultInjector(seed=500, rate=0.1, kinds=FAULTS)

    await admin.send("/announce")
    await admin.press("Всем сотрудникам школы")
    await admin.send(TEXT)
    preview = admin.last_bot_message()
    assert "получат 500 человек" in preview.text
    await admin.press(t.BTN_SEND, message=preview)
    assert fake.message(preview.mid)["body"]["text"] == t.announce_queued(500)
    async with app.sessionmaker() as session:
        aid = await session.scalar(select(Announcement.id))
        assert await announce.delivered(session, aid) == (0, 500)  # a wave: not in the handler

    now, delivered = utcnow(), 0
    for _ in range(15):
        with time_machine.travel(now, tick=True):
            await app.ticker.tick(now)
        async with app.sessionmaker() as session:
            delivered, total = await announce.delivered(session, aid)
        if delivered == total:
            break
        now += timedelta(minutes=5)  # past the backoff of a send that failed for good

    assert (delivered, total) == (500, 500)
    got = Counter(uid for uid in staff_ids for text in fake.bot_messages(uid)
                  if text["body"]["text"].endswith("\n\n" + TEXT))  # fmt: skip
    assert sorted(got.values()) == [1] * 500
    assert not any(x.endswith("\n\n" + TEXT) for x in admin.bot_texts())
    assert admin.bot_texts().count(t.announce_final(500, 500, TEXT)) == 1  # the author is told
    assert all(chaos.injected[kind] > 0 for kind in FAULTS), chaos.injected
    assert_delivered_exactly_once(await outbox_rows(app), fake, staff_ids)
    progress = [r.getMessage() for r in caplog.records if r.getMessage().startswith("outbox: sent")]
    assert "outbox: sent 100 of 200+ due" in progress
    wave = (
        r"outbox: sent (\d+) of 500 due \((\d+) failed, retried later; 0 unreachable; "
        r"0 held for the end of quiet hours\)"
    )
    ends = [m for p in progress if (m := re.fullmatch(wave, p))]
    assert len(ends) == 1 and int(ends[0][1]) + int(ends[0][2]) == 500, progress


# --- (c), (d) unreachable people ------------------------------------------------------------


async def person_of(app, user_id: int) -> Person:
    async with app.sessionmaker() as session:
        return await session.scalar(select(Person).where(Person.max_user_id == user_id))


async def queue_for(app, user_ids: list[int], key: str, text: str) -> None:
    async with app.sessionmaker() as session:
        for uid in user_ids:
            person = await session.scalar(select(Person).where(Person.max_user_id == uid))
            await queue(session, key=f"{key}:{uid}", kind="test", to=person, text=text,
                        not_before=utcnow())  # fmt: skip
        await session.commit()


def posts_to(fake: FakeMax, user_id: int) -> int:
    return sum(
        1
        for r in fake.find_requests("POST", "/messages")
        if r.query.get("user_id") == str(user_id)
        or r.query.get("chat_id") == str(dialog_id(user_id))
    )


async def test_a_403_marks_the_person_unreachable_until_they_start_again(
    bot, fake, world, weekday_noon
):
    users = {uid: fake.user(uid, f"Учитель {uid}") for uid in (6201, 6202, 6203)}
    for user in users.values():
        await user.start(world.codes["teacher"])
    app, gone = bot.app, users[6202]
    fake.blocked_users.add(gone.user_id)  # they blocked the bot: MAX answers 403

    await queue_for(app, list(users), "first", "Первое")
    assert await app.sender.drain(app.sessionmaker) == 2
    assert (await person_of(app, 6202)).unreachable_at is not None
    for uid in (6201, 6203):
        assert (await person_of(app, uid)).unreachable_at is None
    rows = {r.key: r for r in await outbox_rows(app)}
    assert rows["first:6202"].dropped_at is not None and rows["first:6202"].last_error == (
        "unreachable"
    )
    assert [u.bot_texts().count("Первое") for u in users.values()] == [1, 0, 1]
    tries = posts_to(fake, 6202)

    await queue_for(app, list(users), "second", "Второе")
    assert await app.sender.drain(app.sessionmaker) == 2
    assert posts_to(fake, 6202) == tries  # not even tried
    assert [u.bot_texts().count("Второе") for u in users.values()] == [1, 0, 1]

    fake.blocked_users.discard(gone.user_id)
    await gone.start()  # they come back: bot_started
    assert (await person_of(app, 6202)).unreachable_at is None
    assert gone.bot_texts(), "the bot answered the start"
    await queue_for(app, list(users), "third", "Третье")
    await app.sender.drain(app.sessionmaker)
    assert gone.bot_texts().count("Первое") == 0  # dropped for good
    assert gone.bot_texts().count("Второе") == 1  # waited while they were away
    assert [u.bot_texts().count("Третье") for u in users.values()] == [1, 1, 1]


@pytest.mark.parametrize("update_type", ["bot_stopped", "dialog_removed"])
async def test_stopping_the_bot_marks_the_person_unreachable(
    bot, fake, world, weekday_noon, update_type
):
    user, other = fake.user(6301, "Анна"), fake.user(6302, "Борис")
    await user.start(world.codes["teacher"])
    await other.start(world.codes["teacher"])
    fake.push({
        "update_type": update_type, "timestamp": int(utcnow().timestamp() * 1000),
        "chat_id": user.chat_id, "user": user.info, "user_locale": "ru",
    })  # fmt: skip
    await fake.wait_processed()
    app = bot.app
    assert (await person_of(app, 6301)).unreachable_at is not None
    before = posts_to(fake, 6301)
    await queue_for(app, [6301, 6302], "after", "После остановки")
    assert await app.sender.drain(app.sessionmaker) == 1
    assert posts_to(fake, 6301) == before
    assert other.bot_texts().count("После остановки") == 1

    await user.start()
    assert (await person_of(app, 6301)).unreachable_at is None
    await app.sender.drain(app.sessionmaker)
    assert user.bot_texts().count("После остановки") == 1
