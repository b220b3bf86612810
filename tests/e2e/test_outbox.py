"""The outbox: exactly-once keys, retries after MAX errors, reconciling a send cut short."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.clock import utcnow
from bot.emulator import BOT_USER_ID, dialog_id
from bot.emulator.faults import FaultInjector
from bot.services.outbox import queue
from bot.ui.keyboards import Rows
from storage.models import Outbox, Person
from storage.repo import schedule

NOW = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)


async def joined(bot, fake, world, user_id: int):
    user = fake.user(user_id, "Анна")
    await user.start(world.codes["teacher"])
    async with bot.app.sessionmaker() as session:
        person = await session.scalar(select(Person).where(Person.max_user_id == user_id))
    return user, person


async def queue_one(bot, person, key: str, text: str) -> bool:
    async with bot.app.sessionmaker() as session:
        added = await queue(session, key=key, kind="test", to=person, text=text, not_before=NOW)
        await session.commit()
    return added


async def outbox_row(bot, key: str) -> Outbox:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Outbox).where(Outbox.key == key))


async def test_same_key_is_queued_and_sent_once(bot, fake, world):
    user, person = await joined(bot, fake, world, 9001)
    assert await queue_one(bot, person, "k1", "Первое")
    assert not await queue_one(bot, person, "k1", "Второе")
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW) == 1
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW) == 0
    assert user.bot_texts().count("Первое") == 1 and "Второе" not in user.bot_texts()


async def test_failed_send_is_retried_later_not_dropped(bot, fake, world):
    user, person = await joined(bot, fake, world, 9002)
    await queue_one(bot, person, "k2", "Повтор")
    fake.fail_next("/messages", 500, method="POST", times=4)  # the call and its 3 retries
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW) == 0
    row = await outbox_row(bot, "k2")
    assert row.sent_at is None and row.attempts == 1 and "500" in row.last_error
    assert row.next_attempt_at > NOW and row.claimed_at == NOW  # kept: checked before a resend
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW) == 0  # not yet: backoff
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW + timedelta(hours=2)) == 1
    assert user.bot_texts().count("Повтор") == 1
    assert (await outbox_row(bot, "k2")).attempts == 2


async def test_a_send_cut_short_is_reconciled_not_repeated(bot, fake, world):
    """A sender died after claiming two messages: one reached MAX, one did not."""
    user, person = await joined(bot, fake, world, 9003)
    await queue_one(bot, person, "delivered", "Дошло")
    await queue_one(bot, person, "lost", "Не дошло")
    async with bot.app.sessionmaker() as session:
        for key in ("delivered", "lost"):
            row = await session.scalar(select(Outbox).where(Outbox.key == key))
            assert await schedule.claim(session, row.id, NOW, NOW + timedelta(minutes=5))
        await session.commit()
    fake.store_message(dialog_id(9003), fake.bot_user, "Дошло")  # it did reach the dialog
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW + timedelta(minutes=1)) == 0
    later = NOW + timedelta(minutes=6)
    assert await bot.app.sender.drain(bot.app.sessionmaker, later) == 2
    texts_ = user.bot_texts()
    assert texts_.count("Дошло") == 1 and texts_.count("Не дошло") == 1
    assert fake.find_requests("GET", "/messages")  # it looked before resending
    assert all(m["sender"]["user_id"] == BOT_USER_ID for m in fake.bot_messages(9003))


async def test_the_scheduler_ticks_with_the_bot(bot, fake, world):
    """APScheduler runs the tick on the bot's loop (first run at start): queued work goes out."""
    user, person = await joined(bot, fake, world, 9004)
    async with bot.app.sessionmaker() as session:
        await queue(session, key="k4", kind="test", to=person, text="Из планировщика",
                    not_before=utcnow())  # fmt: skip
        await session.commit()
    bot.app.start_scheduler()
    assert bot.app.scheduler.get_job("tick") is not None
    for _ in range(200):
        if "Из планировщика" in user.bot_texts():
            break
        await asyncio.sleep(0.01)
    assert user.bot_texts().count("Из планировщика") == 1


def long_text() -> str:
    """A list of 90 lines (about 9,000 characters) in bold, names with «<&» escaped."""
    lines = [f"• <b>Петрова-Водкина &lt;{n}&amp;</b> — {'пункт; ' * 10}" for n in range(90)]
    return "<b>Список</b>\n" + "\n".join(lines)


async def test_a_long_message_is_queued_as_parts_sent_in_order_none_twice(bot, fake, world):
    """A sender died after the first part reached MAX and while the second was on its way:
    the first is not sent again, the third waits for the second, and nothing is cut."""
    user, person = await joined(bot, fake, world, 9004)
    rows: Rows = [[{"text": "Дальше", "payload": "x|1", "intent": "default"}]]
    text = long_text()
    async with bot.app.sessionmaker() as session:
        assert await queue(
            session, key="long", kind="test", to=person, text=text, not_before=NOW, rows=rows
        )
        assert not await queue(
            session, key="long", kind="test", to=person, text=text, not_before=NOW, rows=rows
        )
        await session.commit()
        parts = list(
            await session.scalars(
                select(Outbox).where(Outbox.key.like("long%")).order_by(Outbox.id)
            )
        )
    assert [p.key for p in parts] == ["long", "long#2", "long#3"]
    assert all(len(p.text) < 4000 for p in parts)
    assert [bool(p.buttons) for p in parts] == [False, False, True]  # buttons on the last
    async with bot.app.sessionmaker() as session:
        await schedule.mark_sent(session, parts[0].id, NOW)
        assert await schedule.claim(session, parts[1].id, NOW, NOW + timedelta(minutes=5))
        await session.commit()
    shown = html.unescape(re.sub(r"<[^>]+>", "", parts[0].text))  # as MAX shows the text
    fake.store_message(dialog_id(9004), fake.bot_user, shown)  # the first one arrived
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW + timedelta(minutes=1)) == 0
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW + timedelta(minutes=6)) == 2
    got = [m for m in user.bot_messages() if "Петрова" in (m.text or "")]
    assert len(got) == 3 and got[-1].buttons and not got[-2].buttons
    joined_text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", m.text or "")) for m in got)
    for n in range(90):
        assert joined_text.count(f"Петрова-Водкина <{n}&") == 1


async def test_a_failed_first_part_holds_back_the_others(bot, fake, world):
    user, person = await joined(bot, fake, world, 9005)
    await queue_one(bot, person, "held", long_text())
    fake.fail_next("/messages", 500, method="POST", times=4)  # the call and its 3 retries
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW) == 0
    assert not [t for t in user.bot_texts() if "Петрова" in (t or "")]
    assert await bot.app.sender.drain(bot.app.sessionmaker, NOW + timedelta(hours=2)) == 3
    texts_ = [t for t in user.bot_texts() if t and ("Петрова" in t or "Список" in t)]
    assert len(texts_) == 3
    assert texts_[0].startswith("<b>Список") and "&lt;89&amp;" in texts_[2]


async def reply_rows(app, user_id: int, after: int = 0) -> list[Outbox]:
    async with app.sessionmaker() as session:
        query = select(Outbox).where(
            Outbox.kind == "reply", Outbox.user_id == user_id, Outbox.id > after
        )
        return list(await session.scalars(query.order_by(Outbox.id)))


async def test_a_failed_reply_is_retried_by_the_sender_not_by_a_tick(bot, fake, world):
    """A burst of 4 MAX errors on POST /messages eats a reply's call and its 3 quick retries;
    the sender's own retry loop delivers it seconds later. No scheduler runs in this test
    (RunningBot starts none) and nothing calls a tick; a scheduled message that fails the
    same way still waits for a tick (RetryPolicy.later)."""
    user, person = await joined(bot, fake, world, 9020)
    app = bot.app
    assert app.scheduler is None
    joining = (await reply_rows(app, user.user_id))[-1].id  # the replies to Start
    chaos = fake.chaos = FaultInjector(
        seed=17, rate=1.0, kinds=("429", "500"), paths=("/messages",), retry_after=None, budget=4
    )
    await user.send("/checklist")  # handled; its reply failed 4 times and waits
    [row] = await reply_rows(app, user.user_id, joining)
    assert row.sent_at is None and row.attempts == 1
    assert row.next_attempt_at - utcnow() < timedelta(seconds=2)  # soon, not a tick's minute
    assert sum(chaos.injected.values()) == 4
    for _ in range(300):  # the retry loop sends it (waiting at most 30 s)
        [row] = await reply_rows(app, user.user_id, joining)
        if row.sent_at is not None:
            break
        await asyncio.sleep(0.1)
    assert row.sent_at is not None and row.attempts == 2  # the retry loop's one attempt
    assert row.last_error is None and row.claimed_at is None
    posts = fake.find_requests("POST", "/messages")
    assert [r.status for r in posts[-5:]][-1] == 200
    assert sum(r.status != 200 for r in posts) == 4
    texts = [m["body"]["text"] for m in fake.bot_messages(user.user_id)]
    assert texts.count(texts[-1]) == 1  # delivered once (the 500s stored nothing)
    assert app.sender.retrying is not None
    for _ in range(100):  # and the loop ends: nothing waits any more
        if app.sender.retrying.done():
            break
        await asyncio.sleep(0.1)
    assert app.sender.retrying.done()

    # A scheduled message keeps the ticks' schedule.
    fake.chaos = FaultInjector(seed=17, rate=1.0, kinds=("500",), paths=("/messages",), budget=4)
    await queue_one(bot, person, "scheduled", "По расписанию")
    assert await app.sender.drain(app.sessionmaker) == 0
    scheduled = await outbox_row(bot, "scheduled")
    assert scheduled.sent_at is None
    assert scheduled.next_attempt_at - utcnow() > timedelta(seconds=40)  # a later tick
    assert app.sender.retrying.done()  # the retry loop is for replies only


async def test_a_scheduled_message_waits_for_the_morning_a_reply_does_not(bot, fake, world):
    """A wave that has not finished by the evening never spills into quiet hours: what is left
    is held for the next allowed morning in its person's zone; an answer to what the person
    just did still goes."""
    user, person = await joined(bot, fake, world, 9010)  # a Moscow school
    evening = datetime(2026, 1, 14, 17, 30, tzinfo=UTC)  # 20:30 in Moscow
    async with bot.app.sessionmaker() as session:
        await queue(session, key="late", kind="reminder", to=person, text="Поздно", not_before=NOW)
        await queue(session, key="answer", kind="reply", to=person, text="Ответ", not_before=NOW)
        await session.commit()
    assert await bot.app.sender.drain(bot.app.sessionmaker, evening) == 1  # the reply
    assert user.bot_texts().count("Ответ") == 1 and "Поздно" not in user.bot_texts()
    row = await outbox_row(bot, "late")
    assert row.sent_at is None and row.attempts == 0  # held, not failed
    morning = datetime(2026, 1, 15, 5, 0, tzinfo=UTC)  # 08:00 in Moscow
    assert row.next_attempt_at == morning
    assert await bot.app.sender.drain(bot.app.sessionmaker, morning - timedelta(minutes=1)) == 0
    assert await bot.app.sender.drain(bot.app.sessionmaker, morning) == 1
    assert user.bot_texts().count("Поздно") == 1
