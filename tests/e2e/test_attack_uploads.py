"""Bounded uploads (issue 14, point 5), attacked through the real bot: spreadsheets that are
small on disk and enormous when read are refused at once with a clear message and import
nothing; a parse that passes the archive check but burns CPU is stopped by the worker's limit;
the bot keeps answering others meanwhile; CSV files with huge fields or in old encodings get
a true answer. The hostile files are built in memory (tests/support/uploads.py); the archive
check itself is unit-tested in tests/unit/test_uploads.py.

The worker's limits are lowered in a few tests (`uploads.LIMITS`, the one the handler passes):
a file that burns seconds of CPU then meets the limit within a second, through the same path.
"""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import build_app
from bot.config import Settings
from bot.emulator import FakeMax, FakeUser
from bot.max.webhook import SECRET_HEADER, WebhookServer
from bot.rules import uploads as limits
from bot.services import uploads
from bot.ui.texts import roster as roster_texts
from bot.ui.texts import uploads as t
from storage.models import Outbox, ProcessedUpdate, RosterEntry
from tests.support import uploads as hostile
from tests.support.db import rows
from tests.support.roster import HEADER, csv_bytes, sheet_rows

SECRET = "s3cret-for-upload-tests_0123"
PATH = "/max/webhook"


async def roster_size(settings: Settings) -> int:
    [(count,)] = await rows(settings, select(func.count()).select_from(RosterEntry))
    return int(count)


async def admin_of(fake: FakeMax, world, user_id: int = 7401) -> FakeUser:
    admin = fake.user(user_id, "Ольга")
    await admin.start(world.codes["admin"])
    return admin


def unpacked(data: bytes, part: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(part).file_size


# --- refused before parsing, within a second, nothing imported --------------------------------


async def test_a_roster_padded_to_column_xfd_is_refused_with_what_to_do(bot, fake, world, settings):
    admin = await admin_of(fake, world)
    await admin.send_file("список.xlsx", hostile.padded_to_xfd())
    reply = admin.last_bot_message().text or ""
    assert "Список не загружен" in reply
    assert t.too_many_columns(16384, limits.MAX_COLUMNS) in reply
    assert "на новый лист" in reply and await roster_size(settings) == 0


async def test_rows_formatted_to_xfd_do_not_freeze_the_bot(bot, fake, world, settings):
    """100 KB on disk, 50 MB of empty styled cells: fifteen seconds of CPU for the old parser
    (the bot answered nobody meanwhile); refused by the size of the sheet, unread."""
    admin = await admin_of(fake, world)
    data = hostile.formatted_rows()
    await admin.send_file("список.xlsx", data)
    size = unpacked(data, hostile.SHEET)
    assert t.too_large(size, limits.MAX_PART_BYTES) in (admin.last_bot_message().text or "")
    assert await roster_size(settings) == 0


async def test_a_400_mb_shared_string_is_refused_unread(bot, fake, world, settings):
    admin = await admin_of(fake, world)
    data = hostile.giant_shared_string(400)
    assert len(data) < 500_000
    await admin.send_file("список.xlsx", data)
    size = unpacked(data, hostile.STRINGS)
    assert t.too_much_text(size, limits.MAX_PART_BYTES) in (admin.last_bot_message().text or "")
    assert await roster_size(settings) == 0


# --- stopped by the worker's limits; the next upload works -----------------------------------


async def test_a_parse_over_the_cpu_limit_is_stopped_and_the_next_file_imports(
    bot, fake, world, settings, monkeypatch
):
    data = hostile.busy_strings()
    assert limits.inspect_xlsx(data) is None  # nothing for the archive check to refuse
    admin = await admin_of(fake, world)
    monkeypatch.setattr(uploads, "LIMITS", uploads.Limits(cpu_seconds=1))
    await admin.send_file("список.xlsx", data, wait=False)
    await fake.wait_processed(timeout=30)
    assert admin.last_bot_message().text == t.TOO_SLOW
    assert await roster_size(settings) == 0

    await admin.send_file("список.csv", csv_bytes(HEADER, "Петров Олег;учитель;учитель;"))
    assert "Список сотрудников загружен" in (admin.last_bot_message().text or "")
    assert sheet_rows(fake.uploads[-1].data)[1][0] == "Петров Олег"
    assert await roster_size(settings) == 1


async def test_the_bounded_runner_stops_on_time_memory_and_failure_and_goes_on():
    with pytest.raises(uploads.Refused) as stopped:
        await uploads.run_bounded(time.sleep, 60, limits=uploads.Limits(wall_seconds=0.5))
    assert stopped.value.why is uploads.Stop.TIME
    with pytest.raises(uploads.Refused) as stopped:
        tight = uploads.Limits(memory_bytes=256 * limits.MB)
        await uploads.run_bounded(bytearray, 2 * 1024 * limits.MB, limits=tight)
    assert stopped.value.why is uploads.Stop.MEMORY
    with pytest.raises(uploads.Refused) as stopped:
        await uploads.run_bounded(int, "not a number")
    assert stopped.value.why is uploads.Stop.FAILED
    # Every parse has a process of its own: nothing is left broken for the next one.
    assert await uploads.run_bounded(len, b"four") == 4
    parsed = await uploads.parse_roster("a.csv", csv_bytes(HEADER, "Петров Олег;;учитель;"))
    assert parsed is not None and [r.full_name for r in parsed.rows] == ["Петров Олег"]


# --- everyone else is answered meanwhile (webhook mode: people are handled in parallel) -------


@asynccontextmanager
async def webhook(settings: Settings) -> AsyncIterator[Callable[[dict], Awaitable[None]]]:
    """The real bot served as a webhook on 127.0.0.1; yields `post(update)`."""
    app = await build_app(settings)
    server = WebhookServer(app, secret=SECRET, path=PATH)
    await server.start("127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:

            async def post(update: dict) -> None:
                headers = {SECRET_HEADER: SECRET}
                async with http.post(server.url + PATH, json=update, headers=headers) as answer:
                    assert answer.status == 200

            yield post
    finally:
        await server.stop(5)
        await app.close()


async def built(fake: FakeMax, action: Awaitable[Any]) -> dict:
    """The update a FakeUser action builds (nobody polls the fake here: it is posted)."""
    await action
    return fake.updates[-1]


async def eventually(condition: Callable[[], Awaitable[bool]]) -> None:
    deadline = time.monotonic() + 30
    while not await condition():
        assert time.monotonic() < deadline, "not reached within 30 s"
        await asyncio.sleep(0.01)


async def settled(settings: Settings, handled: int) -> bool:
    """`handled` updates handled and every reply they queued delivered."""
    [(done,)] = await rows(settings, select(func.count()).select_from(ProcessedUpdate))
    [(unsent,)] = await rows(
        settings, select(func.count()).select_from(Outbox).where(Outbox.sent_at.is_(None))
    )
    return done >= handled and unsent == 0


async def test_a_teacher_is_answered_while_a_heavy_file_is_being_refused(
    settings, fake, world, monkeypatch
):
    admin, teacher = fake.user(7411, "Ольга"), fake.user(7412, "Галина")
    monkeypatch.setattr(uploads, "LIMITS", uploads.Limits(cpu_seconds=1))
    async with webhook(settings) as post:
        await post(await built(fake, admin.start(world.codes["admin"], wait=False)))
        await post(await built(fake, teacher.start(world.codes["teacher"], wait=False)))
        await eventually(lambda: settled(settings, 2))
        admin_before, teacher_before = len(admin.bot_messages()), len(teacher.bot_messages())

        upload = admin.send_file("список.xlsx", hostile.busy_strings(), wait=False)
        await post(await built(fake, upload))
        await post(await built(fake, teacher.send("/checklist", wait=False)))
        await eventually(lambda: settled(settings, 4))
    [refusal] = admin.bot_messages()[admin_before:]
    [answer] = teacher.bot_messages()[teacher_before:]
    assert refusal.text == t.TOO_SLOW
    assert answer.text and "Мой чек-лист" in answer.text
    # The teacher's answer was sent before the administrator's file had been given up on.
    assert answer.raw["body"]["seq"] < refusal.raw["body"]["seq"]
    assert await roster_size(settings) == 0


# --- CSV: a huge field, old encodings -----------------------------------------------------


async def test_a_csv_field_of_a_megabyte_gets_an_answer_naming_the_cell(bot, fake, world, settings):
    admin = await admin_of(fake, world)
    data = csv_bytes(HEADER, "Петров Олег;;учитель;", "Ж" * 1_000_000 + ";учитель;учитель;")
    await admin.send_file("список.csv", data)
    reply = admin.last_bot_message().text or ""
    assert "Список не загружен" in reply
    assert roster_texts.problem_line(3, "ФИО", roster_texts.too_long(200)) in reply
    assert await roster_size(settings) == 0


@pytest.mark.parametrize("encoding", ["utf-16", "koi8_r", "cp866", "cp1251"])
async def test_a_roster_saved_in_an_old_encoding_imports(bot, fake, world, settings, encoding):
    admin = await admin_of(fake, world)
    await admin.send_file("список.csv", hostile.roster_text().encode(encoding))
    assert "Список сотрудников загружен" in (admin.last_bot_message().text or "")
    names = [row[0] for row in sheet_rows(fake.uploads[-1].data)[1:]]
    assert names == [row[0] for row in hostile.ROSTER[1:]]
    assert await roster_size(settings) == 3


async def test_text_in_an_encoding_that_cannot_be_told_is_refused_naming_utf8(bot, fake, world):
    admin = await admin_of(fake, world)
    await admin.send_file("список.csv", "name;role\r\nЮДИН ЮРИЙ;teacher\r\n".encode("koi8_r"))
    reply = admin.last_bot_message().text or ""
    assert t.BAD_ENCODING in reply and "UTF-8" in reply
