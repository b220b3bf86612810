"""An in-process fake of the MAX Bot API for end-to-end tests of maxapi bots.

It serves what maxapi 1.2.3 calls during long polling, keeps dialogs and group chats with
the messages in them, and records every request. ``wait_processed`` relies on maxapi moving the
marker only after a whole batch was handled (the default ``use_create_task=False``).
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .contract import Contract
from .world import (
    BOT_USER_ID,
    UPLOAD_TYPES,
    ApiError,
    CallbackAnswer,
    Json,
    RecordedRequest,
    Upload,
    World,
    dialog_id,
    now_ms,
)

if TYPE_CHECKING:
    from maxapi import Bot, Dispatcher

    from .faults import FaultInjector, RateEnforcer
    from .user import FakeUser

MAX_BATCH = 100
_BODY = web.RequestKey("json_body", object)


@dataclass
class _Fault:
    prefix: str
    method: str | None
    status: int
    remaining: int
    body: Json = field(default_factory=dict)


class FakeMax(World):
    """Fake MAX Bot API on 127.0.0.1 with a random port.

    Use ``async with FakeMax() as fake`` (or ``start()``/``stop()``) and point the bot at it
    with ``bot.set_api_url(fake.url)``.
    """

    def __init__(
        self,
        *,
        token: str = "test-token",
        poll_timeout: float = 1.0,
        contract: Contract | None = None,
    ) -> None:
        super().__init__()
        self.token = token
        self.poll_timeout = poll_timeout
        self.contract = contract
        self.bot_user: Json = {
            "user_id": BOT_USER_ID,
            "first_name": "Школьный помощник",
            "username": "sferum_roadmap_bot",
            "is_bot": True,
            "last_activity_time": now_ms(),
            "name": "Школьный помощник",
        }
        self.requests: list[RecordedRequest] = []
        self.updates: list[Json] = []
        self.subscriptions: list[Json] = []
        self.answers: list[CallbackAnswer] = []
        self.contract_problems: list[str] = []
        self._callbacks: dict[str, tuple[int | None, str | None]] = {}  # id -> (user, mid)
        self._faults: list[_Fault] = []
        # faults.py: checked for every request, the rate limit first (see _respond)
        self.rate_limit: RateEnforcer | None = None
        self.chaos: FaultInjector | None = None
        self.blocked_users: set[int] = set()  # they blocked the bot: messages to them get 403
        self._acked = 0  # highest marker the bot has asked /updates for
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None

    # lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        routes: list[tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]] = [
            ("GET", "/me", self._get_me),
            ("GET", "/subscriptions", self._get_subscriptions),
            ("POST", "/subscriptions", self._post_subscriptions),
            ("DELETE", "/subscriptions", self._delete_subscriptions),
            ("GET", "/updates", self._get_updates),
            ("GET", "/chats/{chat_id:-?[0-9]+}", self._get_chat),
            ("GET", "/messages", self._get_messages),
            ("POST", "/messages", self._post_message),
            ("PUT", "/messages", self._put_message),
            ("DELETE", "/messages", self._delete_message),
            ("POST", "/answers", self._post_answer),
            ("POST", "/uploads", self._post_uploads),
            ("POST", "/upload/{n:[0-9]+}", self._upload),
            ("GET", "/files/{n:[0-9]+}", self._download),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        self._closing = True
        self._signal()  # release pending long polls
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeMax:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # people --------------------------------------------------------------------------------

    def user(self, user_id: int, first_name: str, last_name: str | None = None) -> FakeUser:
        """Register a person (with a dialog with the bot) and return a driver for them."""
        from .user import FakeUser

        self._register(user_id, first_name, last_name)
        return FakeUser(self, user_id, first_name, last_name)

    # updates and synchronisation ---------------------------------------------------------

    def push(self, update: Json, *, validate: bool = True) -> None:
        """Queue an update for ``GET /updates`` (validated against the contract, if any;
        ``validate=False`` for an update that is malformed on purpose)."""
        if self.contract is not None and validate:
            self.contract_problems.extend(self.contract.validate_update(update))
        if update.get("update_type") == "message_callback":
            callback = update.get("callback") or {}
            message = update.get("message") or {}
            self._callbacks[str(callback.get("callback_id"))] = (
                (callback.get("user") or {}).get("user_id"),
                (message.get("body") or {}).get("mid"),
            )
        self.updates.append(copy.deepcopy(update))
        self._signal()

    async def wait_processed(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 - plain seconds read best in tests
        """Wait until the bot asked ``/updates`` with a marker past every pushed update.

        maxapi moves the marker only after the whole batch was handled, so everything the
        handlers did (replies, callback answers, ...) is recorded by then.
        """
        await self._wait_for(
            lambda: self._acked >= len(self.updates),
            timeout,
            lambda: f"the bot did not finish {len(self.updates) - self._acked} pushed update(s)",
        )

    async def wait_polling(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has sent its first ``GET /updates``."""
        await self._wait_for(
            lambda: any(r.path == "/updates" for r in self.requests),
            timeout,
            lambda: "the bot never polled GET /updates",
        )

    def fail_next(
        self,
        path_prefix: str,
        status: int,
        times: int = 1,
        body: Json | None = None,
        *,
        method: str | None = None,
    ) -> None:
        """Answer the next ``times`` requests whose path starts with ``path_prefix`` with
        ``status`` and ``body`` (default: a ``fake.injected`` error)."""
        default = {"code": "fake.injected", "message": f"Injected HTTP {status}"}
        self._faults.append(
            _Fault(path_prefix, method and method.upper(), status, times, body or default)
        )

    def find_requests(
        self, method: str | None = None, path: str | None = None
    ) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method.upper()) and (path is None or r.path == path)
        ]

    def _signal(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_for(
        self, condition: Callable[[], bool], seconds: float, problem: Callable[[], str]
    ) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = "\n".join(f"  {r}" for r in self.requests[-15:]) or "  (none)"
                raise AssertionError(
                    f"FakeMax: {problem()} within {seconds} s. Recent requests:\n{recent}"
                )
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    # HTTP plumbing -----------------------------------------------------------------------

    @web.middleware
    async def _middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        body: Any = None
        if request.content_type == "application/json" and request.can_read_body:
            try:
                body = await request.json()
            except json.JSONDecodeError:
                body = await request.text()
        request[_BODY] = body
        record = RecordedRequest(
            request.method, request.path, dict(request.query), body, time.monotonic()
        )
        self.requests.append(record)
        self._signal()
        response = await self._respond(request, handler, record)
        record.status = response.status
        self._signal()
        return response

    async def _respond(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
        record: RecordedRequest,
    ) -> web.StreamResponse:
        # the upload host is separate in MAX and authorises by the URL alone
        if not request.path.startswith("/upload/"):
            if request.headers.get("Authorization") != self.token:
                return _error(401, "verify.token", "Invalid access_token")
        if self.contract is not None:
            self.contract_problems.extend(
                self.contract.validate_request(
                    record.method, record.path, record.query, record.json
                )
            )
        for fault in self._faults:
            if request.path.startswith(fault.prefix) and fault.method in (None, request.method):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return web.json_response(fault.body, status=fault.status)

        async def proceed() -> web.StreamResponse:
            return await self._handle(request, handler, record)

        for hook in (self.rate_limit, self.chaos):
            if hook is not None:
                answer = await hook.intercept(request, proceed, record.time)
                if answer is not None:
                    return answer
        return await proceed()

    async def _handle(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
        record: RecordedRequest,
    ) -> web.StreamResponse:
        if isinstance(record.json, str):
            return _error(400, "proto.payload", "Body is not valid JSON")
        try:
            return await handler(request)
        except ApiError as e:
            return _error(e.status, e.code, e.message)
        except web.HTTPException as e:
            code = "not.found" if e.status == 404 else "method.not.allowed"
            return _error(e.status, code, f"{request.method} {request.path}: {e.reason}")

    # routes ------------------------------------------------------------------------------

    async def _get_me(self, request: web.Request) -> web.Response:
        return web.json_response(self.bot_user)

    async def _get_subscriptions(self, request: web.Request) -> web.Response:
        return web.json_response({"subscriptions": self.subscriptions})

    async def _post_subscriptions(self, request: web.Request) -> web.Response:
        body = _json_object(request)
        self.subscriptions.append(
            {"url": body.get("url"), "time": now_ms(), "update_types": body.get("update_types")}
        )
        return web.json_response({"success": True})

    async def _delete_subscriptions(self, request: web.Request) -> web.Response:
        url = request.query.get("url")
        self.subscriptions = [s for s in self.subscriptions if s["url"] != url]
        return web.json_response({"success": True})

    async def _get_updates(self, request: web.Request) -> web.Response:
        query = request.query
        limit = min(_int_param(query, "limit", MAX_BATCH), MAX_BATCH)
        timeout = min(float(_int_param(query, "timeout", 90)), self.poll_timeout)
        if "marker" in query:
            start = _int_param(query, "marker", 0)
            self._acked = max(self._acked, start)
            self._signal()
        else:  # like the real API: without a marker only the latest update is returned
            start = max(len(self.updates) - 1, 0)
        start = min(start, len(self.updates))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.updates) <= start and not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                break
        batch = self.updates[start : start + limit]
        return web.json_response({"updates": batch, "marker": start + len(batch)})

    async def _get_chat(self, request: web.Request) -> web.Response:
        chat_id = int(request.match_info["chat_id"])
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        return web.json_response(chat)

    async def _get_messages(self, request: web.Request) -> web.Response:
        """Messages of a chat, newest first (as MAX returns them), at most ``count``."""
        chat_id = _int_param(request.query, "chat_id", 0)
        if chat_id not in self._chats:
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        count = min(max(_int_param(request.query, "count", 50), 1), 100)
        newest_first = list(reversed(self.chat_messages(chat_id)))[:count]
        return web.json_response({"messages": newest_first})

    async def _post_message(self, request: web.Request) -> web.Response:
        if "chat_id" in request.query:
            chat_id = _int_param(request.query, "chat_id", 0)
        elif "user_id" in request.query:
            user_id = _int_param(request.query, "user_id", 0)
            if user_id not in self._users:
                raise ApiError(404, "not.found", f"Dialog with user {user_id} not found")
            chat_id = dialog_id(user_id)
        else:
            raise ApiError(400, "proto.payload", "Either chat_id or user_id is required")
        if self._dialog_user.get(chat_id) in self.blocked_users:
            raise ApiError(403, "chat.denied", "chat.denied: the user has blocked the bot")
        body = _json_object(request)
        message = self.store_message(
            chat_id, self.bot_user, body.get("text"), body.get("attachments"), body.get("link")
        )
        return web.json_response({"message": message})

    async def _put_message(self, request: web.Request) -> web.Response:
        self._edit(self._mid_param(request), _json_object(request))
        return web.json_response({"success": True})

    async def _delete_message(self, request: web.Request) -> web.Response:
        del self._messages[self._mid_param(request)]
        return web.json_response({"success": True})

    async def _post_answer(self, request: web.Request) -> web.Response:
        callback_id = request.query.get("callback_id", "")
        if callback_id not in self._callbacks:
            raise ApiError(404, "not.found", f"Callback {callback_id!r} not found")
        user_id, mid = self._callbacks[callback_id]
        body = _json_object(request)
        new_message = body.get("message")
        if new_message is not None and mid is not None and mid in self._messages:
            self._edit(mid, new_message)
        self.answers.append(
            CallbackAnswer(callback_id, user_id, mid, body.get("notification"), new_message)
        )
        return web.json_response({"success": True})

    async def _post_uploads(self, request: web.Request) -> web.Response:
        kind = request.query.get("type", "")
        if kind not in UPLOAD_TYPES:
            raise ApiError(400, "proto.payload", f"Unknown upload type {kind!r}")
        n = len(self.uploads) + 1
        upload = Upload(n=n, type=kind, token=f"{kind}-token-{n}")
        self.uploads.append(upload)
        answer: Json = {"url": f"{self.url}/upload/{n}"}
        if kind != "image":
            answer["token"] = upload.token
        return web.json_response(answer)

    async def _upload(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if not 1 <= n <= len(self.uploads):
            raise ApiError(404, "not.found", f"Upload slot {n} not found")
        upload = self.uploads[n - 1]
        form = await request.post()
        data = form.get("data")
        if not isinstance(data, web.FileField):
            raise ApiError(400, "proto.payload", "Multipart field 'data' with a file is required")
        upload.data = data.file.read()
        upload.filename = data.filename
        upload.content_type = data.content_type
        if upload.type == "image":
            return web.json_response({"photos": {f"photo{n}": {"token": upload.token}}})
        return web.json_response({"token": upload.token})

    async def _download(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if not 1 <= n <= len(self.uploads) or self.uploads[n - 1].data is None:
            raise ApiError(404, "not.found", f"File {n} not found")
        upload = self.uploads[n - 1]
        return web.Response(
            body=upload.data,
            content_type=upload.content_type or "application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{upload.filename or n}"'},
        )

    # helpers -----------------------------------------------------------------------------

    def _mid_param(self, request: web.Request) -> str:
        mid = request.query.get("message_id", "")
        if mid not in self._messages:
            raise ApiError(404, "not.found", f"Message {mid!r} not found")
        return mid


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message}, status=status)


def _json_object(request: web.Request) -> Json:
    body = request[_BODY]
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "proto.payload", "JSON body must be an object")
    return body


def _int_param(query: Any, name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, "proto.payload", f"{name} must be an integer") from None


@asynccontextmanager
async def bot_polling(fake: FakeMax, dp: Dispatcher, **bot_kwargs: Any) -> AsyncIterator[Bot]:
    """Run ``dp.start_polling`` with a real maxapi Bot pointed at ``fake``; yields the Bot.

    Waits for the first ``GET /updates`` so that updates pushed right after are not dropped
    by the "no marker -> only the latest update" rule.
    """
    from maxapi import Bot

    bot = Bot(fake.token, **bot_kwargs)
    bot.set_api_url(fake.url)
    task = asyncio.create_task(dp.start_polling(bot))
    try:
        await fake.wait_polling()
        yield bot
    finally:
        await dp.stop_polling()
        await bot.close_session()
        await task
