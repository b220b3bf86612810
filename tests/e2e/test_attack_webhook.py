"""Attacks on "nothing is done twice" and "nothing is lost" in webhook mode, through the real
stack (the bot built by build_app, served by WebhookServer on 127.0.0.1, the emulator as MAX)
on SQLite and on PostgreSQL: two processes given one update, people racing for one link, a
burst larger than the connection pool, bodies that are not updates, two `bot_started` in one
millisecond, a callback MAX no longer knows."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.config import Settings
from bot.services import setup
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import joining as joining_texts
from storage.db import POOL_OVERFLOW, POOL_SIZE
from storage.models import HelpRequest, Invite, Outbox, Person, WebhookInbox
from tests.support.db import session_on
from tests.support.webhook import Served, SlowMax, built, serve, wait_until


async def settled(*running: Served, seconds: float = 30.0) -> None:
    """Wait until every server has handled everything it accepted."""
    await wait_until(lambda: all(r.server.queues.pending == 0 for r in running), seconds)


@pytest.fixture
async def two(settings: Settings) -> AsyncIterator[tuple[Served, Served]]:
    """Two webhook processes' worth of bot (two apps, two servers) on one database."""
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(serve(settings))
        second = await stack.enter_async_context(serve(settings))
        yield first, second


async def count(settings: Settings, model: type, *where) -> int:
    async with session_on(settings) as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


# one update, two processes ---------------------------------------------------------------


async def admin_and_teacher(served: Served, fake, world, uid: int, name: str):
    """The school's administrator and a teacher, joined through `served`."""
    admin, teacher = fake.user(uid, "Админ Школы"), fake.user(uid + 1, name)
    await served.post(await built(fake, admin.start(world.codes["admin"], wait=False)))
    await served.post(await built(fake, teacher.start(world.codes["teacher"], wait=False)))
    await settled(served)
    return admin, teacher


async def test_two_workers_given_one_callback_make_one_help_request(two, fake, world, settings):
    first, second = two
    admin, teacher = await admin_and_teacher(first, fake, world, 7001, "Ольга")
    press = await built(fake, teacher.press(checklist_texts.BTN_HELP, wait=False))
    for _ in range(3):  # MAX delivering the same update to both workers, more than once
        statuses = await asyncio.gather(first.post(press), second.post(press))
        assert [s for s, _, _ in statuses] == [200, 200]
    await settled(first, second)
    assert await count(settings, HelpRequest) == 1
    assert await count(settings, Outbox, Outbox.kind == "help") == 1
    comment = await built(fake, teacher.send("Не получается", wait=False))
    await first.post(comment)  # the request goes with her comment in it
    await settled(first, second)
    assert len([t for t in admin.bot_texts() if t and "Ольга" in t]) == 1


async def test_two_presses_of_one_stale_help_button_make_one_request(two, fake, world, settings):
    first, second = two
    _, teacher = await admin_and_teacher(first, fake, world, 7011, "Пётр")
    card = teacher.last_bot_message()
    presses = [
        await built(fake, teacher.press(checklist_texts.BTN_HELP, card, wait=False))
        for _ in range(2)
    ]  # two taps on the same card: two callbacks with their own ids
    await asyncio.gather(first.post(presses[0]), second.post(presses[1]))
    await settled(first, second)
    assert await count(settings, HelpRequest) == 1
    assert await count(settings, Outbox, Outbox.kind == "help") == 1


# one link, many people ------------------------------------------------------------------


async def new_invite(settings: Settings, world, uses: int | None) -> str:
    async with session_on(settings) as session:
        invite = await setup.create_invite(
            session, school_id=world.school_id, role="teacher", uses=uses, now=utcnow()
        )
        await session.commit()
    return invite.code


async def test_twenty_people_racing_for_a_one_time_link_only_one_joins(two, fake, world, settings):
    first, second = two
    code = await new_invite(settings, world, uses=1)
    people = [fake.user(7100 + n, f"Учитель {n}") for n in range(20)]
    starts = [await built(fake, p.start(code, wait=False)) for p in people]
    await asyncio.gather(*((first, second)[n % 2].post(u) for n, u in enumerate(starts)))
    await settled(first, second)
    assert await count(settings, Person, Person.max_user_id.between(7100, 7119)) == 1
    async with session_on(settings) as session:
        uses = await session.scalar(select(Invite.uses).where(Invite.max_uses == 1))
    assert uses == 1
    refused = [p for p in people if joining_texts.JOIN_USED_UP in (p.bot_texts() or [""])[0]]
    assert len(refused) == 19


async def test_a_role_link_counts_every_join(two, fake, world, settings):
    first, second = two
    code = await new_invite(settings, world, uses=None)
    people = [fake.user(7200 + n, f"Учитель {n}") for n in range(120)]
    starts = [await built(fake, p.start(code, wait=False)) for p in people]
    await asyncio.gather(*((first, second)[n % 2].post(u) for n, u in enumerate(starts)))
    await settled(first, second, seconds=60)
    async with session_on(settings) as session:
        uses = await session.scalar(
            select(Invite.uses).where(Invite.max_uses.is_(None), Invite.role == "teacher")
            .order_by(Invite.id.desc()).limit(1)
        )  # fmt: skip
    assert uses == 120
    assert await count(settings, Person, Person.max_user_id.between(7200, 7319)) == 120


# a burst bigger than the pool -------------------------------------------------------------


async def test_a_burst_of_1500_updates_is_all_handled_and_nobody_hears_locked(
    served_one, fake, world, caplog
):
    people = [fake.user(10_000 + n, f"Учитель {n}") for n in range(750)]
    updates = [await built(fake, p.start(world.codes["teacher"], wait=False)) for p in people]
    updates += [await built(fake, p.send("/help", wait=False)) for p in people]
    with caplog.at_level(logging.WARNING):
        statuses = await asyncio.gather(*(served_one.post(u) for u in updates))
        assert {s for s, _, _ in statuses} == {200}
        await settled(served_one, seconds=240)
    assert all(len(p.bot_texts()) == 2 + 1 for p in people), "every update answered"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "database is locked" not in logged and "QueuePool limit" not in logged


@pytest.fixture
async def served_one(settings: Settings) -> AsyncIterator[Served]:
    async with serve(settings) as running:
        yield running


# what is not an update --------------------------------------------------------------------


async def test_deeply_nested_json_is_answered_200_and_logged(served_one, caplog):
    nested = b"[" * 100_000 + b"]" * 100_000
    deep_object = (
        b'{"update_type": "message_created", "x": ' + b'{"a":' * 50_000 + b"1" + (b"}" * 50_001)
    )
    with caplog.at_level(logging.WARNING):
        for raw in (nested, deep_object):
            status, body, _ = await served_one.post(None, raw=raw)
            assert (status, body) == (200, {"ok": True})
    assert any(r.name == "bot.max.webhook" for r in caplog.records)
    assert (await served_one.health())[0] == 200


# two bot_started in one millisecond --------------------------------------------------------


async def test_two_bot_started_in_one_millisecond_both_count(served_one, fake, world):
    user = fake.user(7501, "Семён")
    first = await built(fake, user.start("WRONGCODE123", wait=False))
    second = await built(fake, user.start(world.codes["teacher"], wait=False))
    second["timestamp"] = first["timestamp"]  # one millisecond, one chat, one user
    for update in (first, second):
        assert (await served_one.post(update))[0] == 200
    await settled(served_one)
    assert any("Здравствуйте, Семён!" in (t or "") for t in user.bot_texts())


# a callback MAX no longer knows ------------------------------------------------------------


async def test_answering_a_forgotten_callback_is_a_warning_not_a_traceback(
    served_one, fake, world, caplog
):
    user = fake.user(7601, "Фаина")
    await served_one.post(await built(fake, user.start(world.codes["teacher"], wait=False)))
    await settled(served_one)
    press = await built(fake, user.press(checklist_texts.BTN_DONE, wait=False))
    press["callback"]["callback_id"] = "forged-" + press["callback"]["callback_id"]
    with caplog.at_level(logging.WARNING):
        await served_one.post(press)
        await settled(served_one)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    assert any("callback" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


# /healthz: overload is not an outage ------------------------------------------------------


async def test_healthz_says_busy_not_down_when_every_pooled_connection_is_taken(served_one):
    engine = served_one.app.engine
    held = []
    try:
        for _ in range(POOL_SIZE + POOL_OVERFLOW):
            held.append(await engine.connect())
        status, body = await served_one.health()
    finally:
        for conn in held:
            await conn.close()
    assert (status, body["database"], body["load"]) == (200, "ok", "busy")
    assert (await served_one.health())[1]["load"] == "ok"


# a stop with a thousand updates waiting ---------------------------------------------------


async def test_a_stop_with_a_thousand_waiting_leaves_them_for_the_next_start(settings, fake, world):
    people = [fake.user(9000 + n, f"Учитель {n}") for n in range(250)]
    updates = [await built(fake, p.start(world.codes["teacher"], wait=False)) for p in people]
    for _ in range(3):
        updates += [await built(fake, p.send("/help", wait=False)) for p in people]
    async with SlowMax(fake, 0.05) as slow:
        async with serve(settings.model_copy(update={"max_api_url": slow.url})) as running:
            statuses = await asyncio.gather(*(running.post(u) for u in updates))
            assert {s for s, _, _ in statuses} == {200}
            await running.server.stop(10)
            left = await running.count(WebhookInbox)
    assert 0 < left
    async with serve(settings) as restarted:
        await settled(restarted, seconds=240)
        assert await restarted.count(WebhookInbox) == 0
    for p in people:
        texts = p.bot_texts()
        assert len([t for t in texts if t and t.startswith("Здравствуйте")]) == 1
        assert len(texts) == 2 + 3, (p.user_id, len(texts))
