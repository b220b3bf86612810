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
from .routes import JSON_BODY, Routes, api_error
from .world import ApiError, Json, RecordedRequest

if TYPE_CHECKING:
    from maxapi import Bot, Dispatcher

    from .faults import FaultInjector, RateEnforcer
    from .user import FakeUser


@dataclass
class _Fault:
    prefix: str
    method: str | None
    status: int
    remaining: int
    body: Json = field(default_factory=dict)


class FakeMax(Routes):
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
        super().__init__(poll_timeout=poll_timeout)
        self.token = token
        self.contract = contract
        self.requests: list[RecordedRequest] = []
        self.contract_problems: list[str] = []
        self._faults: list[_Fault] = []
        # faults.py: checked for every request, the rate limit first (see _respond)
        self.rate_limit: RateEnforcer | None = None
        self.chaos: FaultInjector | None = None
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
            ("GET", "/chats/{chat_id:-?[0-9]+}/members/admins", self._get_chat_admins),
            ("GET", "/chats/{chat_id:-?[0-9]+}/members/me", self._get_chat_me),
            ("GET", "/chats/{chat_id:-?[0-9]+}/members", self._get_chat_members),
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
        request[JSON_BODY] = body
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
                return api_error(401, "verify.token", "Invalid access_token")
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
            return api_error(400, "proto.payload", "Body is not valid JSON")
        try:
            return await handler(request)
        except ApiError as e:
            return api_error(e.status, e.code, e.message)
        except web.HTTPException as e:
            code = "not.found" if e.status == 404 else "method.not.allowed"
            return api_error(e.status, code, f"{request.method} {request.path}: {e.reason}")


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
