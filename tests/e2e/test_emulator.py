"""FakeMax works with the real maxapi client, and its contract checks catch bad traffic."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from maxapi import Bot, Dispatcher, F
from maxapi.exceptions.max import InvalidToken
from maxapi.filters.command import Command
from maxapi.types import (
    BotStarted,
    CallbackButton,
    InputMedia,
    InputMediaBuffer,
    LinkButton,
    MessageCallback,
    MessageCreated,
)
from maxapi.utils.inline_keyboard import InlineKeyboardBuilder

from bot.emulator import BOT_USER_ID, Contract, FakeMax, bot_polling, dialog_id

USER_ID = 111222
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def make_dispatcher() -> Dispatcher:
    """A tiny bot: a keyboard on start, callback answers, /start and an echo."""
    dp = Dispatcher()

    def keyboard() -> Any:
        kb = InlineKeyboardBuilder()
        kb.row(CallbackButton(text="Отчёт за неделю", payload="menu|report"))
        kb.row(LinkButton(text="Сайт", url="https://example.org"))
        return kb.as_markup()

    @dp.bot_started()
    async def on_start(event: BotStarted) -> None:
        assert event.bot is not None
        await event.bot.send_message(
            user_id=event.user.user_id,
            text=f"Здравствуйте! ref={event.payload}",
            attachments=[keyboard()],
        )

    @dp.message_callback(F.callback.payload.startswith("menu|"))
    async def on_menu(event: MessageCallback) -> None:
        action = event.callback.payload.split("|")[1]
        await event.answer(new_text=f"Готовлю: {action}", notification="Принято")
        await event.bot.send_message(user_id=event.callback.user.user_id, text="Отчёт готов")

    @dp.message_callback()
    async def on_unknown_button(event: MessageCallback) -> None:
        await event.ack(notification="Кнопка устарела")

    @dp.message_created(Command("start"))
    async def on_start_command(event: MessageCreated) -> None:
        await event.message.answer("Меню", attachments=[keyboard()])

    @dp.message_created(F.message.body.text)
    async def on_text(event: MessageCreated) -> None:
        await event.message.answer(f"Вы написали: {event.message.body.text}")

    return dp


@pytest.fixture
def contract() -> Contract:
    loaded = Contract.load()
    if loaded is None:
        pytest.skip("MAX OpenAPI schema not found at ../shared/reference (contract tests off)")
    return loaded


@pytest.fixture
async def fake() -> AsyncIterator[FakeMax]:
    """A fake that also checks all traffic against the schema, when the schema is there."""
    async with FakeMax(contract=Contract.load()) as server:
        yield server
    assert server.contract_problems == []


async def api(fake: FakeMax, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
    """A raw call to the fake; returns (status, json)."""
    headers = {"Authorization": fake.token if token is None else token}
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        session.request(method, fake.url + path, **kw) as response,
    ):
        return response.status, await response.json()


async def test_start_press_and_type(fake: FakeMax) -> None:
    user = fake.user(USER_ID, "Анна", "Иванова")
    async with bot_polling(fake, make_dispatcher()):
        await user.start(payload="ref_abc")
        menu = user.last_bot_message()
        assert menu.text == "Здравствуйте! ref=ref_abc"
        assert menu.labels() == ["Отчёт за неделю", "Сайт"]
        assert menu.buttons[0][0]["payload"] == "menu|report"
        assert fake.find_requests("POST", "/messages")[-1].query == {"user_id": str(USER_ID)}

        await user.press("Отчёт")  # prefix of the label
        edited = user.bot_messages()[0]
        assert edited.mid == menu.mid
        assert edited.text == "Готовлю: report"
        assert edited.labels() == menu.labels()  # event.answer keeps the keyboard
        assert user.notifications() == ["Принято"]
        assert user.last_bot_message().text == "Отчёт готов"  # sent after the answer

        await user.press_payload("old|thing", message=menu)
        assert user.notifications() == ["Принято", "Кнопка устарела"]

        await user.send("/start")
        assert user.last_bot_message().text == "Меню"
        assert fake.find_requests("POST", "/messages")[-1].query == {"chat_id": str(user.chat_id)}
        await user.send("привет")

    assert user.bot_texts() == [
        "Готовлю: report",
        "Отчёт готов",
        "Меню",
        "Вы написали: привет",
    ]
    dialog = fake.dialog(USER_ID)
    assert [m["sender"]["user_id"] for m in dialog] == [BOT_USER_ID] * 2 + [
        USER_ID,
        BOT_USER_ID,
    ] * 2
    assert all(m["recipient"]["chat_id"] == dialog_id(USER_ID) for m in dialog)
    assert [m["body"]["seq"] for m in dialog] == sorted(m["body"]["seq"] for m in dialog)

    with pytest.raises(AssertionError, match=r"Отчёт за неделю"):
        await user.press("Нет такой")
    with pytest.raises(AssertionError, match="No callback button"):
        await user.press("Сайт")  # a link button cannot be pressed as a callback


async def test_wait_processed_times_out_without_a_bot() -> None:
    async with FakeMax() as fake:
        fake.push({"update_type": "bot_started", "timestamp": 1, "chat_id": 1, "user": {}})
        with pytest.raises(AssertionError, match="did not finish 1 pushed update"):
            await fake.wait_processed(timeout=0.05)


async def test_marker_semantics() -> None:
    async with FakeMax(poll_timeout=0.1) as fake:
        for n in range(3):
            fake.push({"update_type": "bot_started", "timestamp": n})
        status, body = await api(fake, "GET", "/updates")
        assert status == 200
        assert [u["timestamp"] for u in body["updates"]] == [2] and body["marker"] == 3
        _, body = await api(fake, "GET", "/updates?marker=0")
        assert [u["timestamp"] for u in body["updates"]] == [0, 1, 2] and body["marker"] == 3
        _, body = await api(fake, "GET", "/updates?marker=1&limit=1")
        assert [u["timestamp"] for u in body["updates"]] == [1] and body["marker"] == 2

        _, body = await api(fake, "GET", "/updates?marker=3")  # long poll, nothing new
        assert body == {"updates": [], "marker": 3}
        assert fake.find_requests("GET", "/updates")[-1].status == 200

        fake.poll_timeout = 5.0
        poll = asyncio.create_task(api(fake, "GET", "/updates?marker=3"))
        await asyncio.sleep(0.05)
        fake.push({"update_type": "bot_started", "timestamp": 3})
        _, body = await asyncio.wait_for(poll, 1.0)  # woken by the push, not the timeout
        assert [u["timestamp"] for u in body["updates"]] == [3] and body["marker"] == 4


async def test_only_the_latest_update_reaches_a_bot_without_marker(fake: FakeMax) -> None:
    user = fake.user(USER_ID, "Анна")
    await user.send("первое", wait=False)
    await user.send("второе", wait=False)
    async with bot_polling(fake, make_dispatcher()):
        await fake.wait_processed()
    assert user.bot_texts() == ["Вы написали: второе"]


async def test_wrong_token_is_rejected(fake: FakeMax) -> None:
    status, body = await api(fake, "GET", "/me", token="wrong")
    assert status == 401 and body["code"] == "verify.token"
    bot = Bot("wrong")
    bot.set_api_url(fake.url)
    try:
        with pytest.raises(InvalidToken):
            await bot.get_me()
    finally:
        await bot.close_session()
    me = await api(fake, "GET", "/me")
    assert me == (200, fake.bot_user)


async def test_unknown_route_is_json_404(fake: FakeMax) -> None:
    status, body = await api(fake, "GET", "/nowhere")
    assert status == 404 and body["code"] == "not.found"


async def test_fail_next(fake: FakeMax) -> None:
    fake.fail_next("/me", 503, times=2)
    assert (await api(fake, "GET", "/me"))[0] == 503
    assert (await api(fake, "GET", "/me"))[0] == 503
    assert (await api(fake, "GET", "/me"))[0] == 200

    user = fake.user(USER_ID, "Анна")
    fake.fail_next(
        "/messages", 403, body={"code": "chat.denied", "message": "blocked"}, method="POST"
    )
    async with bot_polling(fake, make_dispatcher()):
        await user.send("раз")  # the reply fails; maxapi logs the error and moves on
        await user.send("два")
    assert user.bot_texts() == ["Вы написали: два"]
    assert [r.status for r in fake.find_requests("POST", "/messages")] == [403, 200]


async def test_group_chat(fake: FakeMax) -> None:
    chat_id = fake.create_group_chat("7Б класс")
    bot = Bot(fake.token)
    bot.set_api_url(fake.url)
    try:
        chat = await bot.get_chat_by_id(chat_id)
        assert (chat.type, chat.title) == ("chat", "7Б класс")
        await bot.send_message(chat_id=chat_id, text="Всем привет")
    finally:
        await bot.close_session()
    [message] = fake.chat_messages(chat_id)
    assert message["body"]["text"] == "Всем привет"
    assert message["recipient"] == {"chat_id": chat_id, "chat_type": "chat", "user_id": None}


async def test_members_are_paged_refused_without_rights_and_follow_the_schema(
    fake: FakeMax, contract: Contract
) -> None:
    """Today's platform: members in pages (`count`, `marker`) or by `user_ids`, only for an
    administrator (else 403 with a `code`); joining and leaving reach only an administrator."""
    chat_id = fake.create_group_chat("5А — родители")
    people = [fake.user(USER_ID + n, f"Родитель {n}") for n in range(5)]
    for person in people[:3]:
        await person.join_chat(chat_id, wait=False)
    assert [u["update_type"] for u in fake.updates] == ["user_added"] * 3
    status, first = await api(fake, "GET", f"/chats/{chat_id}/members?count=2")
    assert status == 200 and contract.validate_object("ChatMembersList", first) == []
    assert [m["is_bot"] for m in first["members"]] == [True, False]  # the bot itself first
    _, rest = await api(fake, "GET", f"/chats/{chat_id}/members?count=2&marker={first['marker']}")
    assert [m["user_id"] for m in rest["members"]] == [USER_ID + 1, USER_ID + 2]
    assert rest["marker"] is None
    _, some = await api(fake, "GET", f"/chats/{chat_id}/members?user_ids={USER_ID + 2}")
    assert [m["user_id"] for m in some["members"]] == [USER_ID + 2]
    status, me = await api(fake, "GET", f"/chats/{chat_id}/members/me")
    assert status == 200 and me["is_admin"] and contract.validate_object("ChatMember", me) == []
    _, chat = await api(fake, "GET", f"/chats/{chat_id}")
    assert (chat["owner_id"], chat["participants_count"]) == (USER_ID, 4)
    assert contract.validate_object("Chat", chat) == []

    await people[0].set_bot_rights(chat_id, False, wait=False)
    assert fake.updates[-1]["update_type"] == "bot_admin_permissions_changed"
    assert contract.validate_update(fake.updates[-1]) == []
    status, refused = await api(fake, "GET", f"/chats/{chat_id}/members")
    assert status == 403 and refused["code"] == "chat.denied" and refused["message"]
    pushed = len(fake.updates)
    await people[3].join_chat(chat_id, wait=False)
    await people[1].leave_chat(chat_id, wait=False)
    assert len(fake.updates) == pushed  # MAX tells only an administrator
    assert (await api(fake, "GET", f"/chats/{chat_id}"))[1]["participants_count"] == 4


async def test_uploads_keep_bytes_and_names(fake: FakeMax, tmp_path: Path) -> None:
    fake.user(USER_ID, "Анна")
    report = tmp_path / "report.csv"
    report.write_bytes(b"a;b\n1;2\n")
    bot = Bot(fake.token)
    bot.set_api_url(fake.url)
    try:
        await bot.send_message(
            user_id=USER_ID, attachments=[InputMedia(str(report))], sleep_after_input_media=False
        )
        await bot.send_message(
            user_id=USER_ID,
            attachments=[InputMediaBuffer(PNG, filename="chart")],
            sleep_after_input_media=False,
        )
    finally:
        await bot.close_session()
    file_upload, image_upload = fake.uploads
    assert (file_upload.type, file_upload.filename, file_upload.data) == (
        "file",
        "report.csv",
        b"a;b\n1;2\n",
    )
    assert (image_upload.type, image_upload.data) == ("image", PNG)
    file_message, image_message = fake.bot_messages(USER_ID)
    [attachment] = file_message["body"]["attachments"]
    assert (attachment["type"], attachment["filename"], attachment["size"]) == (
        "file",
        "report.csv",
        8,
    )
    assert image_message["body"]["attachments"][0]["payload"]["token"] == image_upload.token


async def test_contract_accepts_the_traffic_of_a_real_bot(contract: Contract) -> None:
    async with FakeMax(contract=contract) as fake:
        user = fake.user(USER_ID, "Анна", "Иванова")
        async with bot_polling(fake, make_dispatcher()) as bot:
            await user.start(payload="ref_abc")
            await user.press("Отчёт за неделю")
            await user.press_payload("stale")
            await user.send("/start")
            await bot.subscribe_webhook("https://example.org/hook", secret="s3cret-value")
        assert fake.find_requests("POST", "/answers") and fake.find_requests("POST", "/messages")
        assert fake.contract_problems == []


async def test_contract_reports_invalid_traffic(contract: Contract) -> None:
    async with FakeMax(contract=contract) as fake:
        fake.user(USER_ID, "Анна")
        bad_keyboard = {"type": "inline_keyboard", "payload": {"buttons": [[{"type": "callback"}]]}}
        body = {"text": "x", "attachments": [bad_keyboard], "format": "rtf"}
        status, _ = await api(fake, "POST", f"/messages?user_id={USER_ID}", json=body)
        assert status == 200  # the fake still answers; the contract only reports
        fake.push({"update_type": "message_created", "timestamp": 1, "message": {"body": {}}})
        problems = "\n".join(fake.contract_problems)
    assert (
        "POST /messages: $.attachments[0].payload.buttons[0][0]: 'text' is a required" in problems
    )
    assert "'payload' is a required property" in problems
    assert "$.format: 'rtf' is not one of" in problems
    assert "update 'message_created': $.message: 'recipient' is a required property" in problems
