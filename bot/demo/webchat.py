"""The demo's web chat: static files and a small JSON API over the MAX emulator.

Everything a visitor does goes into the emulator as a MAX update (bot_started, message_created,
message_callback, bot_added, bot_removed), exactly as the MAX app would send it; the page reads
the dialogs back from the emulator. Served on 127.0.0.1 only; requests with another Host or a
foreign Origin are refused (no DNS rebinding, no cross-site posts).
"""

from __future__ import annotations

import json
import mimetypes
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

from bot import clock
from bot.demo._emulator import ChatMessage, FakeUser, dialog_id
from bot.demo.render import Json, chat_view, message_view, persona_view

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from bot.demo.server import Demo

WEB_DIR = Path(__file__).resolve().parent / "web"
DEMO: web.AppKey[Demo] = web.AppKey("demo")
MAX_TEXT = 3999  # MAX rejects 4000 characters and more
MAX_UPLOAD = 10 * 1024 * 1024
IMAGE_MAGIC = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif"}
MAX_ADVANCE_DAYS = 31
START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
CONNECT_HINT = (
    "Это эмулятор MAX: сообщения никуда не уходят, а время можно перематывать. "
    "Чтобы подключить настоящего бота, задайте MAX_BOT_TOKEN в .env и запустите make run."
)
TIMEOUT_TEXT = "Бот не ответил за 5 секунд: посмотрите журнал в терминале."
NO_PERSONA = "Нет такого человека в демо."


# routes -------------------------------------------------------------------------------------


def _http_error(error: type[web.HTTPException], text: str) -> web.HTTPException:
    """An HTTP error whose body is the page's usual {"error": "..."}."""
    body = json.dumps({"error": text}, ensure_ascii=False)
    return error(text=body, content_type="application/json")


def _demo(request: web.Request) -> Demo:
    demo = request.app[DEMO]
    if not demo.ready:
        raise _http_error(web.HTTPServiceUnavailable, "Демо ещё запускается…")
    return demo


def _error(status: int, text: str) -> web.Response:
    return web.json_response({"error": text}, status=status)


async def _json(request: web.Request) -> Json:
    try:
        body = await request.json()
    except ValueError:
        raise _http_error(web.HTTPBadRequest, "Ожидался JSON.") from None
    if not isinstance(body, dict):
        raise _http_error(web.HTTPBadRequest, "Ожидался JSON-объект.")
    return body


def _user_id(request: web.Request) -> int:
    try:
        return int(request.match_info["user_id"])
    except ValueError:
        raise _http_error(web.HTTPNotFound, NO_PERSONA) from None


def _persona(demo: Demo, request: web.Request) -> tuple[int, FakeUser]:
    """The persona named in the URL: only they may be acted as (not the background people)."""
    user_id = _user_id(request)
    user = demo.user(user_id)
    if user is None:
        raise _http_error(web.HTTPNotFound, NO_PERSONA)
    return user_id, user


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-cache"})


async def state(request: web.Request) -> web.Response:
    demo = request.app[DEMO]
    body: Json = {
        "emulator": True,
        "ready": demo.ready,
        "connect": CONNECT_HINT,
        "clock": {
            "now": clock.utcnow().isoformat(),
            "offset_seconds": clock.offset().total_seconds(),
        },
    }
    if demo.ready:
        assert demo.world is not None and demo.fake is not None
        body["bot"] = {
            "name": demo.fake.bot_user["name"],
            "username": demo.fake.bot_user["username"],
        }
        body["personas"] = [persona_view(p) for p in demo.world.personas.values()]
    return web.json_response(body)


async def dialog(request: web.Request) -> web.Response:
    demo = _demo(request)
    user_id, _ = _persona(demo, request)
    assert demo.fake is not None
    messages = [message_view(demo, m) for m in demo.fake.dialog(user_id)]
    answers = demo.fake.answers
    after = request.query.get("notices_after")
    notices = []
    if after is not None and after.lstrip("-").isdigit():
        notices = [
            {"id": n, "text": a.notification}
            for n, a in enumerate(answers)
            if n > int(after) and a.user_id == user_id and a.notification
        ]
    return web.json_response(
        {
            "user_id": user_id,
            "messages": messages,
            "notices": notices,
            "last_notice": len(answers) - 1,
        }
    )


async def _act(action: Callable[[], Awaitable[Any]]) -> web.Response:
    try:
        await action()
    except AssertionError:  # the emulator waited in vain for the bot to handle the update
        return _error(504, TIMEOUT_TEXT)
    return web.json_response({"ok": True})


async def start(request: web.Request) -> web.Response:
    demo = _demo(request)
    _, user = _persona(demo, request)
    payload = (await _json(request)).get("payload")
    if payload is not None and (not isinstance(payload, str) or not START_PAYLOAD.match(payload)):
        return _error(400, "Параметр ссылки: до 128 символов A–Z, a–z, 0–9, _ и -.")
    return await _act(lambda: user.start(payload))


async def send(request: web.Request) -> web.Response:
    demo = _demo(request)
    _, user = _persona(demo, request)
    text = (await _json(request)).get("text")
    if not isinstance(text, str) or not text.strip():
        return _error(400, "Пустое сообщение.")
    if len(text) > MAX_TEXT:
        return _error(400, f"Сообщение длиннее {MAX_TEXT} символов.")
    return await _act(lambda: user.send(text.strip()))


async def press(request: web.Request) -> web.Response:
    """Press a callback button of a bot message in this person's dialog."""
    demo = _demo(request)
    user_id, user = _persona(demo, request)
    assert demo.fake is not None
    body = await _json(request)
    message = demo.fake.message(str(body.get("mid", "")))
    if message is None or message["recipient"]["chat_id"] != dialog_id(user_id):
        return _error(404, "Сообщение не найдено.")
    shown = ChatMessage(message)
    payloads = [
        b.get("payload") for row in shown.buttons for b in row if b.get("type") == "callback"
    ]
    payload = body.get("payload")
    if payload not in payloads:
        return _error(400, "На этом сообщении нет такой кнопки.")
    return await _act(lambda: user.press_payload(str(payload), shown))


async def upload(request: web.Request) -> web.Response:
    """Send a photo (e.g. a screenshot) or a document (e.g. a roster) into the dialog."""
    demo = _demo(request)
    _, user = _persona(demo, request)
    form = await request.post()
    field = form.get("file")
    if not isinstance(field, web.FileField):
        return _error(400, "Выберите файл.")
    data = field.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _error(400, "Файл больше 10 МБ.")
    name = Path(field.filename or "file").name
    if (field.content_type or "").startswith("image/"):
        return await _act(lambda: user.send_image(data))
    return await _act(lambda: user.send_file(name, data))


async def chats(request: web.Request) -> web.Response:
    demo = _demo(request)
    return web.json_response({"chats": [chat_view(demo, c) for c in demo.chats]})


async def add_chat(request: web.Request) -> web.Response:
    """Create a group chat and have the persona add the bot to it."""
    demo = _demo(request)
    body = await _json(request)
    title = body.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        return _error(400, "Название чата: от 1 до 200 символов.")
    user_id = body.get("user_id")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return _error(400, "Кто добавляет бота?")
    if demo.user(user_id) is None:
        return _error(404, NO_PERSONA)
    try:
        chat = await demo.add_group_chat(title.strip(), user_id)
    except AssertionError:
        return _error(504, TIMEOUT_TEXT)
    return web.json_response({"chat": chat_view(demo, chat)})


async def remove_chat(request: web.Request) -> web.Response:
    demo = _demo(request)
    chat_id = request.match_info["chat_id"]
    chat = next((c for c in demo.chats if str(c.chat_id) == chat_id and c.active), None)
    if chat is None:
        return _error(404, "Чат не найден.")
    return await _act(lambda: demo.remove_from_chat(chat))


async def move_clock(request: web.Request) -> web.Response:
    demo = _demo(request)
    days = (await _json(request)).get("days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_ADVANCE_DAYS:
        return _error(400, f"Перемотать можно на 1–{MAX_ADVANCE_DAYS} дн.")
    sent = await demo.advance(days)
    return web.json_response({"sent": sent, "now": clock.utcnow().isoformat()})


async def new_persona(request: web.Request) -> web.Response:
    demo = _demo(request)
    return web.json_response({"persona": persona_view(demo.new_person())})


async def download(request: web.Request) -> web.Response:
    """A file or image stored by the emulator (what the bot uploaded or a person sent)."""
    demo = _demo(request)
    assert demo.fake is not None
    n = int(request.match_info["n"])
    uploads = demo.fake.uploads
    item = uploads[n - 1] if 1 <= n <= len(uploads) else None
    data = item.data if item is not None else None
    if item is None or data is None:
        raise _http_error(web.HTTPNotFound, "Файл не найден.")
    headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
    if item.type == "image":  # shown inline: only what really is a picture
        kind = next(
            (t for magic, t in IMAGE_MAGIC.items() if data.startswith(magic)),
            "application/octet-stream",
        )
        return web.Response(body=data, content_type=kind, headers=headers)
    name = Path(item.filename or f"file{n}").name
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return web.Response(body=data, content_type=kind, headers=headers)


# the application ----------------------------------------------------------------------------


@web.middleware
async def _guard(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Only this machine's browser, by its own address: no DNS rebinding, no cross-site posts."""
    demo = request.app[DEMO]
    allowed = {f"127.0.0.1:{demo.port}", f"localhost:{demo.port}"}
    if request.host not in allowed:
        return web.Response(status=421, text="Open the demo at " + demo.url)
    if request.method != "GET":
        origin = request.headers.get("Origin")
        if origin is not None and origin.removeprefix("http://") not in allowed:
            return web.Response(status=403, text="cross-site request refused")
    return await handler(request)


def make_app(demo: Demo) -> web.Application:
    app = web.Application(middlewares=[_guard], client_max_size=MAX_UPLOAD + 64 * 1024)
    app[DEMO] = demo
    app.router.add_get("/", index)
    app.router.add_static("/static", WEB_DIR, append_version=False)
    app.router.add_get("/files/{n:[0-9]+}", download)
    app.router.add_get("/api/state", state)
    app.router.add_get("/api/dialog/{user_id}", dialog)
    app.router.add_post("/api/dialog/{user_id}/start", start)
    app.router.add_post("/api/dialog/{user_id}/send", send)
    app.router.add_post("/api/dialog/{user_id}/press", press)
    app.router.add_post("/api/dialog/{user_id}/upload", upload)
    app.router.add_get("/api/chats", chats)
    app.router.add_post("/api/chats", add_chat)
    app.router.add_post("/api/chats/{chat_id}/remove", remove_chat)
    app.router.add_post("/api/clock", move_clock)
    app.router.add_post("/api/personas", new_persona)
    return app


async def start_site(demo: Demo, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(make_app(demo), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError:
        await runner.cleanup()
        raise
    return runner
