"""Webhook mode through the real stack: the bot built by build_app, served by WebhookServer on
127.0.0.1; updates are built by FakeUser (as MAX sends them) and POSTed to the webhook instead
of being polled. The bot talks to the fake MAX API, directly or through a slow proxy."""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.cli import webhook as cli_webhook
from bot.config import Settings
from bot.emulator import FakeMax, FakeUser
from bot.max.webhook import SECRET_HEADER, run_webhook, valid_secret
from bot.ui.texts import chats as chat_texts
from bot.ui.texts import common as common_texts
from bot.ui.views.common import DEFAULT_COMMANDS
from storage.models import Chat, Outbox, Person, ProcessedUpdate, WebhookInbox
from tests.support.webhook import PATH, SECRET, Served, SlowMax, built, serve, wait_until

TEACHER_HELP = common_texts.help_text(DEFAULT_COMMANDS)


@pytest.fixture
async def served(settings: Settings) -> AsyncIterator[Served]:
    async with serve(settings) as running:
        yield running


@pytest.fixture
async def slow_served(settings: Settings, fake: FakeMax) -> AsyncIterator[Served]:
    """The webhook with a MAX API that takes 50 ms per call."""
    async with SlowMax(fake, 0.05) as slow:
        async with serve(settings.model_copy(update={"max_api_url": slow.url})) as running:
            yield running


async def join_updates(fake: FakeMax, user: FakeUser, code: str, n: int) -> list[dict]:
    """bot_started with an invite code, then n texts alternating /help and a free text."""
    updates = [await built(fake, user.start(code, wait=False))]
    for i in range(n):
        text = "/help" if i % 2 == 0 else f"привет {i}"
        updates.append(await built(fake, user.send(text, wait=False)))
    return updates


def expected_replies(n: int) -> list[str]:
    return [TEACHER_HELP if i % 2 == 0 else common_texts.HINT for i in range(n)]


# the secret ------------------------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-123", SECRET[:-1], SECRET + "x"])
async def test_without_the_right_secret_403_and_nothing_processed(served, fake, world, secret):
    user = fake.user(2001, "Анна")
    update = await built(fake, user.start(world.codes["teacher"], wait=False))
    requests_before = len(fake.requests)
    status, body, _ = await served.post(update, secret=secret)
    assert status == 403 and body["ok"] is False
    await asyncio.sleep(0.2)  # anything started would have reached the fake by now
    assert served.server.queues.pending == 0 and served.server.queues.workers == 0
    assert len(fake.requests) == requests_before
    assert user.bot_texts() == []
    for model in (Person, Outbox, ProcessedUpdate):
        assert await served.count(model) == 0


async def test_right_secret_registers_and_greets(served, fake, world, settings):
    user = fake.user(2002, "Борис", "Иванов")
    update = await built(fake, user.start(world.codes["teacher"], wait=False))
    status, body, _ = await served.post(update)
    assert (status, body) == (200, {"ok": True})
    await wait_until(lambda: len(user.bot_texts()) >= 2)
    greeting, first = user.bot_texts()
    assert "Здравствуйте, Борис!" in greeting and "Пункт 1 из" in first
    async with served.app.sessionmaker() as session:
        [person] = list(await session.scalars(select(Person)))
    assert (person.max_user_id, person.name, person.school_id) == (
        2002,
        "Борис Иванов",
        world.school_id,
    )


async def test_bot_added_without_user_asks_the_registered_admin(served, fake, world):
    """Today's `bot_added` (no `user`) in webhook mode: the seam reads the chat's
    administrators, so the class teacher who added the bot is asked in their dialog."""
    teacher = fake.user(2010, "Елена")
    status, _, _ = await served.post(
        await built(fake, teacher.start(world.codes["class_teacher"], wait=False))
    )
    assert status == 200
    await wait_until(lambda: len(teacher.bot_texts()) >= 2)
    chat_id = fake.create_group_chat("5А — родители")
    update = await built(fake, teacher.add_bot_to_chat(chat_id, wait=False))
    assert "user" not in update
    assert (await served.post(update))[0] == 200
    await wait_until(
        lambda: teacher.bot_texts()[-1] == chat_texts.chat_purpose_question("5А — родители")
    )
    async with served.app.sessionmaker() as session:
        chat = await session.scalar(select(Chat).where(Chat.chat_id == chat_id))
    assert chat is not None and chat.added_by_user_id == teacher.user_id
    assert chat.school_id == world.school_id and fake.chat_messages(chat_id) == []

    # bot_admin_permissions_changed (unknown to maxapi) reaches the seam: read the chat now.
    async with served.app.sessionmaker() as session:
        chat = await session.scalar(select(Chat).where(Chat.chat_id == chat_id))
        chat.refresh_at = None  # read already
        await session.commit()
    update = await built(fake, teacher.set_bot_rights(chat_id, True, wait=False))
    assert (await served.post(update))[0] == 200
    await wait_until(lambda: served.server.queues.pending == 0)
    async with served.app.sessionmaker() as session:
        chat = await session.scalar(select(Chat).where(Chat.chat_id == chat_id))
    assert chat is not None and chat.refresh_at is not None
    assert await served.app.ticker.refresh_chats() == 1


async def test_a_delivery_repeated_by_max_is_handled_once(served, fake, world):
    user = fake.user(2003, "Вера")
    update = await built(fake, user.send("/help", wait=False))
    for _ in range(3):
        assert (await served.post(update))[0] == 200
    await wait_until(lambda: served.server.queues.pending == 0 and len(user.bot_texts()) >= 1)
    await asyncio.sleep(0.1)
    assert len(user.bot_texts()) == 1


async def test_unknown_or_malformed_updates_200_logged_without_content(served, fake, caplog):
    user = fake.user(2004, "Секретное Имя")
    unknown = {"update_type": "something_new", "timestamp": 1, "user": user.info}
    malformed = {"update_type": "message_created", "timestamp": 1, "message": {"sender": user.info}}
    requests_before = len(fake.requests)
    with caplog.at_level(logging.WARNING):
        for update in (unknown, malformed, ["not", "an", "object"]):
            status, body, _ = await served.post(update)
            assert (status, body) == (200, {"ok": True})
        status, _, _ = await served.post(None, raw=b"{not json")
        assert status == 200
    warnings = [r for r in caplog.records if r.name == "bot.max.webhook"]
    assert len(warnings) == 4 and all(r.levelno == logging.WARNING for r in warnings)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Секретное" not in logged and SECRET not in logged
    await asyncio.sleep(0.1)
    assert len(fake.requests) == requests_before
    assert await served.count(ProcessedUpdate) == 0


# off the request, in order per person, in parallel across people --------------------------


async def test_a_slow_bot_does_not_delay_the_200_and_keeps_the_order(slow_served, fake, world):
    user = fake.user(2010, "Галина")
    updates = await join_updates(fake, user, world.codes["teacher"], 19)
    for update in updates:
        status, _, _ = await slow_served.post(update)
        assert status == 200
    # Every answer came back before the bot (50 ms per MAX call) had finished.
    assert len(user.bot_texts()) < 2 + 19
    await wait_until(lambda: len(user.bot_texts()) >= 2 + 19)
    replies = user.bot_texts()
    assert "Здравствуйте, Галина!" in replies[0]
    # /help gives the teacher's commands (not a stranger's), and each reply answers its update.
    assert replies[2:] == expected_replies(19)
    assert await slow_served.count(ProcessedUpdate) == 20


async def test_people_are_handled_in_parallel(slow_served, fake):
    slow, quick = fake.user(2011, "Дмитрий"), fake.user(2012, "Елена")
    for _ in range(8):
        await slow_served.post(await built(fake, slow.send("/help", wait=False)))
    await slow_served.post(await built(fake, quick.send("/help", wait=False)))
    await wait_until(lambda: len(slow.bot_texts()) == 8 and len(quick.bot_texts()) == 1)
    # Елена did not wait for Дмитрий's eight updates (400 ms of MAX calls) to be handled.
    [quick_reply] = quick.bot_messages()
    assert quick_reply.raw["body"]["seq"] < slow.bot_messages()[-1].raw["body"]["seq"]


async def test_stop_leaves_what_waits_in_the_inbox_for_the_next_start(settings, fake, world):
    user = fake.user(2013, "Жанна")
    updates = await join_updates(fake, user, world.codes["teacher"], 5)
    async with SlowMax(fake, 0.05) as slow:
        async with serve(settings.model_copy(update={"max_api_url": slow.url})) as running:
            for update in updates:
                assert (await running.post(update))[0] == 200
            assert len(user.bot_texts()) < 2 + 5
            url = running.server.url
            await running.server.stop(10)
            # The update being handled finished; what waited is still in the inbox.
            handled = len(user.bot_texts())
            assert await running.count(WebhookInbox) > 0
            with pytest.raises(aiohttp.ClientConnectionError):
                async with running.http.post(url + PATH, json={}) as response:
                    await response.read()
    async with serve(settings) as restarted:  # the next start takes up the inbox, in order
        await wait_until(
            lambda: len(user.bot_texts()) >= 2 + 5 and restarted.server.queues.pending == 0
        )
        assert await restarted.count(WebhookInbox) == 0
    assert handled < 2 + 5
    assert user.bot_texts()[2:] == expected_replies(5)


# /healthz ----------------------------------------------------------------------------------


async def test_healthz_reports_database_and_scheduler(served, tmp_path):
    assert await served.health() == (
        200, {"database": "ok", "scheduler": "disabled", "queued": 0, "load": "ok"}
    )  # fmt: skip
    served.app.start_scheduler()
    assert (await served.health())[1]["scheduler"] == "running"
    served.app.scheduler.shutdown(wait=False)
    assert (await served.health())[1]["scheduler"] == "stopped"

    good = served.app.engine
    read_only = tmp_path / "ro"
    read_only.mkdir(mode=0o500)
    served.app.engine = create_async_engine(
        f"sqlite+aiosqlite:///{read_only}/no/such/dir/bot.sqlite3"
    )
    try:
        status, body = await served.health()
    finally:
        await served.app.engine.dispose()
        served.app.engine = good
    assert (status, body["database"]) == (503, "error")
    assert (await served.health())[0] == 200


# run_webhook -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_run_webhook_serves_until_stopped(settings, fake, world):
    port = free_port()
    configured = settings.model_copy(
        update={"webhook_secret": SECRET, "webhook_host": "127.0.0.1", "webhook_port": port}
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(configured, stop=stop))
    user = fake.user(2020, "Зоя")
    update = await built(fake, user.start(world.codes["teacher"], wait=False))
    async with aiohttp.ClientSession() as http:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                async with http.get(base + "/healthz") as response:
                    health = await response.json()
                    break
            except aiohttp.ClientConnectionError:
                assert time.monotonic() < deadline and not task.done(), "run_webhook did not start"
                await asyncio.sleep(0.05)
        assert health["database"] == "ok" and health["scheduler"] == "running"
        headers = {SECRET_HEADER: SECRET}
        async with http.post(base + PATH, json=update, headers=headers) as response:
            assert response.status == 200
        stop.set()
        await asyncio.wait_for(task, 15)
    assert "Здравствуйте, Зоя!" in user.bot_texts()[0]


async def test_run_webhook_refuses_to_start_without_a_secret(settings):
    with pytest.raises(SystemExit, match="WEBHOOK_SECRET"):
        await run_webhook(settings.model_copy(update={"webhook_secret": ""}))
    with pytest.raises(SystemExit, match="WEBHOOK_SECRET"):
        await run_webhook(settings.model_copy(update={"webhook_secret": "has spaces"}))


# CLI: webhook set / info / delete --------------------------------------------------------------


def cli_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli_webhook.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["webhook", *argv])


async def test_cli_set_info_delete(settings, fake, capsys):
    url = "https://bot.example.org/max/webhook"
    assert (
        await cli_webhook.run_async(settings, cli_args("set", "--url", url, "--secret", SECRET))
        == 0
    )
    [post] = fake.find_requests("POST", "/subscriptions")
    assert post.json["url"] == url and post.json["secret"] == SECRET
    assert [s["url"] for s in fake.subscriptions] == [url]
    assert "generated secret" not in capsys.readouterr().out

    assert await cli_webhook.run_async(settings, cli_args("info")) == 0
    assert url in capsys.readouterr().out

    assert await cli_webhook.run_async(settings, cli_args("delete", "--url", url)) == 0
    assert fake.subscriptions == []
    assert f"unsubscribed: {url}" in capsys.readouterr().out
    assert await cli_webhook.run_async(settings, cli_args("info")) == 0
    assert "no webhook subscriptions" in capsys.readouterr().out


async def test_cli_set_generates_a_secret_and_prints_it(settings, fake, capsys):
    url = "https://bot.example.org/max/webhook"
    assert await cli_webhook.run_async(settings, cli_args("set", "--url", url)) == 0
    out = capsys.readouterr().out
    [post] = fake.find_requests("POST", "/subscriptions")
    secret = post.json["secret"]
    assert valid_secret(secret) and len(secret) >= 32 and secret.isalnum()
    assert f"generated secret: {secret}" in out and f"WEBHOOK_SECRET={secret}" in out


async def test_cli_set_uses_the_configured_url_and_secret(settings, fake, capsys):
    configured = settings.model_copy(
        update={"webhook_url": "https://bot.example.org/max/webhook", "webhook_secret": SECRET}
    )
    assert await cli_webhook.run_async(configured, cli_args("set")) == 0
    [post] = fake.find_requests("POST", "/subscriptions")
    assert post.json == {"url": "https://bot.example.org/max/webhook", "secret": SECRET}
    assert SECRET not in capsys.readouterr().out
    # delete without --url: WEBHOOK_URL
    assert await cli_webhook.run_async(configured, cli_args("delete")) == 0
    assert fake.subscriptions == []


async def test_cli_delete_without_url_removes_every_subscription(settings, fake, capsys):
    for url in ("https://a.example.org/hook", "https://b.example.org/hook"):
        await cli_webhook.run_async(settings, cli_args("set", "--url", url, "--secret", SECRET))
    assert len(fake.subscriptions) == 2
    assert await cli_webhook.run_async(settings, cli_args("delete")) == 0
    assert fake.subscriptions == []
    out = capsys.readouterr().out
    assert "unsubscribed: https://a.example.org/hook" in out
    assert "unsubscribed: https://b.example.org/hook" in out


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["set", "--url", "http://bot.example.org/max/webhook"], "https://"),
        (["set"], "--url"),
        (
            ["set", "--url", "https://bot.example.org/max/webhook", "--secret", "a b c d e"],
            "secret",
        ),
        (["set", "--url", "https://bot.example.org/max/webhook", "--secret", "abc"], "secret"),
    ],
)
async def test_cli_set_refuses_what_max_would_refuse(settings, fake, capsys, argv, problem):
    assert await cli_webhook.run_async(settings, cli_args(*argv)) == 2
    assert problem in capsys.readouterr().err
    assert fake.find_requests("POST", "/subscriptions") == []


async def test_cli_run_is_sync(settings, fake, capsys):
    """`run` (what bot/cli.py calls) runs the command on its own event loop."""
    assert await asyncio.to_thread(cli_webhook.run, settings, cli_args("info")) == 0
    assert "no webhook subscriptions" in capsys.readouterr().out
