"""The demo (`python -m bot demo`) end to end without a browser: its web API drives the real bot
through the MAX emulator; the clock moves; the files it links to are the bot's real files."""

from __future__ import annotations

import asyncio
import base64
import io
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import openpyxl
import pytest
from sqlalchemy import select

from bot.demo import seed
from bot.demo.server import Demo
from bot.plan import default_plan
from bot.ui.texts import chats as chats_texts
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import verify as verify_texts
from storage.models import Answer, Chat, Person
from tests.support.demo import DEMO_START
from tests.support.paths import ROOT

MSK = ZoneInfo("Europe/Moscow")
TEACHER, CLASS_TEACHER, ADMIN, AUTHORITY, NEW = 1001, 1002, 1003, 1004, 1005


@pytest.fixture
async def http(demo: Demo) -> AsyncIterator[Client]:
    async with aiohttp.ClientSession(demo.url) as session:
        yield Client(session)


class Client:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def get(self, path: str, status: int = 200) -> dict:
        async with self.session.get(path) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def post(self, path: str, body: dict, status: int = 200) -> dict:
        async with self.session.post(path, json=body) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def dialog(self, user_id: int) -> list[dict]:
        return (await self.get(f"/api/dialog/{user_id}"))["messages"]

    async def last_bot(self, user_id: int) -> dict:
        return [m for m in await self.dialog(user_id) if m["from"] == "bot"][-1]

    async def press(self, user_id: int, label: str, message: dict | None = None) -> None:
        message = message or await self.last_bot(user_id)
        button = next(b for row in message["buttons"] for b in row if b["text"] == label)
        await self.post(
            f"/api/dialog/{user_id}/press", {"mid": message["mid"], "payload": button["payload"]}
        )

    async def download(self, url: str) -> tuple[bytes, aiohttp.ClientResponse]:
        async with self.session.get(url) as response:
            assert response.status == 200
            return await response.read(), response


async def test_state_names_the_personas_and_says_it_is_an_emulator(demo, http):
    state = await http.get("/api/state")
    assert state["emulator"] is True and state["ready"] is True
    assert "MAX_BOT_TOKEN" in state["connect"] and "make run" in state["connect"]
    assert [p["key"] for p in state["personas"]] == [
        "teacher", "class_teacher", "admin", "authority", "new",
    ]  # fmt: skip
    titles = {p["key"]: p["title"] for p in state["personas"]}
    assert titles["class_teacher"] == "Классный руководитель 5А"
    assert titles["new"] == "Новый человек по приглашению"
    now = datetime.fromisoformat(state["clock"]["now"])
    assert timedelta(0) <= now - DEMO_START < timedelta(minutes=2)
    async with http.session.get("/") as response:
        page = await response.text()
    assert "Это эмулятор MAX" in page and "MAX_BOT_TOKEN" in page and "make run" in page
    for asset in ("/static/app.js", "/static/style.css"):
        async with http.session.get(asset) as response:
            assert response.status == 200, asset
    # The pre-joined people joined through the bot itself.
    teacher_card = await http.last_bot(TEACHER)
    assert "Пункт 1 из" in teacher_card["html"]
    assert checklist_texts.BTN_DONE in [b["text"] for row in teacher_card["buttons"] for b in row]
    assert await http.dialog(NEW) == []


async def test_new_person_joins_with_the_invite_and_walks_the_checklist(demo, http):
    persona = next(p for p in (await http.get("/api/state"))["personas"] if p["key"] == "new")
    await http.post(f"/api/dialog/{NEW}/start", {"payload": persona["invite"]})
    items = default_plan().items_for("teacher", "school")
    expected = len(items)
    shot = next(n for n, item in enumerate(items, 1) if item.evidence == "screenshot")
    for n in range(1, expected + 1):
        card = await http.last_bot(NEW)
        assert f"<b>Пункт {n} из {expected}</b>" in card["html"]
        # a newcomer is overdue with nothing: their own deadlines start when they join
        assert "срок прошёл" not in card["html"]
        await http.press(NEW, checklist_texts.BTN_DONE, card)
        if n == shot:  # «Готово» asks for the screenshot: on to the next item
            refused = await http.last_bot(NEW)
            assert "нужен снимок экрана" in refused["html"]
            await http.press(NEW, verify_texts.BTN_NEXT_ITEM, refused)
    # The walk comes back to the item still waiting for its screenshot.
    assert f"<b>Пункт {shot} из {expected}</b>" in (await http.last_bot(NEW))["html"]
    notices = (await http.get(f"/api/dialog/{NEW}?notices_after=-1"))["notices"]
    assert [n["text"] for n in notices].count("Отмечено: готово ✅") == expected - 1
    async with demo.app.sessionmaker() as session:
        person = await session.scalar(select(Person).where(Person.max_user_id == NEW))
        statuses = list(
            await session.scalars(select(Answer.status).where(Answer.person_id == person.id))
        )
    assert person.role == "teacher" and person.school_id == demo.world.school_id
    assert statuses == ["done"] * (expected - 1)


async def test_only_buttons_shown_to_this_person_can_be_pressed(demo, http):
    card = await http.last_bot(TEACHER)
    updates = len(demo.fake.updates)
    forged = {"mid": card["mid"], "payload": "a|999|order_read|d|"}
    assert "error" in await http.post(f"/api/dialog/{TEACHER}/press", forged, status=400)
    foreign = {"mid": card["mid"], "payload": card["buttons"][0][0]["payload"]}
    await http.post(f"/api/dialog/{ADMIN}/press", foreign, status=404)
    await http.post("/api/dialog/2001/send", {"text": "/help"}, status=404)  # not a persona
    await http.post(f"/api/dialog/{TEACHER}/send", {"text": "   "}, status=400)
    await http.post(f"/api/dialog/{NEW}/start", {"payload": "<script>"}, status=400)
    assert len(demo.fake.updates) == updates  # nothing reached the bot


async def test_a_week_later_the_admin_has_a_digest_with_its_chart(demo, http):
    before = await http.dialog(ADMIN)
    assert not any("Еженедельная сводка" in m["html"] for m in before)
    result = await http.post("/api/clock", {"days": 7})
    assert result["sent"] > 0
    now = datetime.fromisoformat(result["now"])
    assert timedelta(days=7) <= now - DEMO_START < timedelta(days=7, minutes=2)
    digests = [m for m in await http.dialog(ADMIN) if "Еженедельная сводка" in m["html"]]
    assert len(digests) == 1
    digest = digests[0]
    assert seed.SCHOOL_NAME in digest["html"]
    sent = datetime.fromtimestamp(digest["time"] / 1000, MSK)
    assert (sent.isoweekday(), sent.hour, sent.minute) == (1, 9, 1)  # Monday, 09:01 local
    [image] = digest["images"]
    data, response = await http.download(image["url"])
    assert response.content_type == "image/png" and data.startswith(b"\x89PNG")
    # The authority got its ranking. The teacher joined a week ago: the school year's plan
    # gives a newcomer a week for the order and MAX on the phone, so they were reminded
    # before that day (T-3, T-1) and nothing is overdue yet.
    assert any("Еженедельная сводка" in m["html"] for m in await http.dialog(AUTHORITY))
    reminders = [m for m in await http.dialog(TEACHER) if "напоминаю о сроках" in m["html"]]
    assert reminders and all("срок прошёл" not in m["html"] for m in reminders)
    assert all("Ознакомился(ась) с приказом" in m["html"] for m in reminders)
    state = await http.get("/api/state")
    assert datetime.fromisoformat(state["clock"]["now"]) - now < timedelta(minutes=1)
    await http.post("/api/clock", {"days": 0}, status=400)
    await http.post("/api/clock", {"days": "7"}, status=400)


async def test_authority_exports_a_workbook_that_opens(demo, http):
    await http.post(f"/api/dialog/{AUTHORITY}/send", {"text": "/export"})
    message = await http.last_bot(AUTHORITY)
    assert "Отчёт для ежемесячного мониторинга" in message["html"]
    [file] = message["files"]
    assert file["name"].endswith(".xlsx") and file["url"].startswith("/files/")
    data, response = await http.download(file["url"])
    assert response.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response.headers["Content-Disposition"]
    assert file["name"] in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
    assert seed.SCHOOL_NAME in cells and seed.PRESCHOOL_NAME in cells


async def test_class_teacher_confirms_a_chat_item_by_adding_the_bot(demo, http):
    added = await http.post("/api/chats", {"title": "5А — ученики", "user_id": CLASS_TEACHER})
    chat = added["chat"]
    assert chat["active"] and chat["added_by"] == CLASS_TEACHER
    question = await http.last_bot(CLASS_TEACHER)
    assert "Что это за чат?" in question["html"]
    await http.press(CLASS_TEACHER, chats_texts.choice_button("students", "5А"), question)
    assert "✅ Записано" in (await http.last_bot(CLASS_TEACHER))["html"]
    async with demo.app.sessionmaker() as session:
        row = await session.scalar(select(Chat).where(Chat.chat_id == chat["chat_id"]))
    assert row.purpose == "students" and row.title == "5А — ученики"
    await http.post(f"/api/chats/{chat['chat_id']}/remove", {})
    assert (await http.get("/api/chats"))["chats"][0]["active"] is False
    await http.post("/api/chats", {"title": "x", "user_id": 2001}, status=404)


async def test_seeded_people_make_progress_visible(demo, http):
    await http.post(f"/api/dialog/{AUTHORITY}/send", {"text": "/progress"})
    ranking = (await http.last_bot(AUTHORITY))["html"]
    assert seed.SCHOOL_NAME in ranking and seed.PRESCHOOL_NAME in ranking
    # Мария asked for help during the seeding; the notice waits for Monday (no messages on
    # Sundays), the next clock move delivers it.
    await http.post("/api/clock", {"days": 1})
    texts_now = [m["html"] for m in await http.dialog(ADMIN)]
    assert any("от: Мария Попова" in t and "Просьба о помощи" in t for t in texts_now)


async def test_foreign_sites_cannot_use_the_api(demo, http):
    async with http.session.get("/api/state", headers={"Host": "evil.example"}) as response:
        assert response.status == 421
    updates = len(demo.fake.updates)
    async with http.session.post(
        f"/api/dialog/{TEACHER}/send",
        json={"text": "/help"},
        headers={"Origin": "http://evil.example"},
    ) as response:
        assert response.status == 403
    assert len(demo.fake.updates) == updates


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# `python -m bot demo` once bot/cli.py wires bot/demo/cli.py; the same module directly until then.
RUN_DEMO_CLI = """
import argparse, sys
from bot.config import get_settings
from bot.demo import cli
parser = argparse.ArgumentParser()
cli.add_parser(parser.add_subparsers(dest="command"))
sys.exit(cli.run(get_settings(), parser.parse_args(sys.argv[1:])))
"""


async def test_the_demo_command_serves_the_web_chat_until_interrupted(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING", "MAX_BOT_TOKEN": ""}
    probe = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--help", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await probe.communicate()
    command = ["-m", "bot"] if b"demo" in out else ["-c", RUN_DEMO_CLI]
    port = _free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *command, "demo", "--port", str(port), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        banner = b""
        while b"Ctrl+C" not in banner:
            line = await asyncio.wait_for(proc.stdout.readline(), 60)
            assert line, "the demo exited before printing its banner"
            banner += line
        assert url.encode() in banner and b"MAX_BOT_TOKEN" in banner
        async with aiohttp.ClientSession(url) as session, session.get("/api/state") as response:
            state = await response.json()
        assert state["ready"] and len(state["personas"]) == 5
        assert (tmp_path / "data" / "demo.sqlite3").is_file()
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


async def test_a_photo_sent_from_the_page_reaches_the_bot_and_can_be_seen(demo, http):
    before = len(await http.dialog(TEACHER))
    form = aiohttp.FormData()
    form.add_field("file", PIXEL_PNG, filename="screen.png", content_type="image/png")
    async with http.session.post(f"/api/dialog/{TEACHER}/upload", data=form) as response:
        assert response.status == 200, await response.text()
    after = await http.dialog(TEACHER)
    sent = after[before]
    assert sent["from"] == "user" and len(sent["images"]) == 1
    data, response = await http.download(sent["images"][0]["url"])
    assert data == PIXEL_PNG and response.content_type == "image/png"
    assert after[-1]["from"] == "bot"  # the bot answered the photo
    # Another new person can be added; they have the fresh teacher invite.
    persona = (await http.post("/api/personas", {}))["persona"]
    assert persona["key"] == "new2" and persona["invite"] == demo.world.codes["new"]
    await http.post(f"/api/dialog/{persona['user_id']}/start", {"payload": persona["invite"]})
    assert "Пункт 1 из" in (await http.last_bot(persona["user_id"]))["html"]


async def test_parents_joining_6b_move_its_figure_with_the_clock(demo, http):
    """The demo's 6Б parents' chat: counted from the start, more parents every «+1 день»."""
    from bot.demo import seed

    async def present() -> int | None:
        async with demo.app.sessionmaker() as session:
            row = await session.scalar(select(Chat).where(Chat.title == seed.PARENTS_CHAT_TITLE))
            assert row is not None and row.purpose == "parents"
            return row.present

    assert await present() == seed.FIRST_PARENTS
    await http.post("/api/clock", {"days": 1})
    assert await present() == seed.FIRST_PARENTS + seed.PARENTS_A_DAY
    assert demo.fake.chat_messages(demo.world.parents_chat) == []
