"""Webhook mode: MAX delivers updates by HTTPS POST instead of long polling.

MAX wants HTTP 200 within 30 s and retries anything else for up to 8 hours, so the request
handler only checks the secret, parses the update and puts it on a queue; the work runs off
the request. Each person (the sender's user id, or the chat id for updates without one) has
a queue with one worker task, created on demand and gone when the queue is empty: updates of
one person are handled in the order they arrived, different people in parallel. Handling is
the same as in polling mode (`app.dp.handle`): the middleware skips an update handled before,
so a delivery MAX repeats changes nothing.

`GET /healthz` reports database reachability and the scheduler's state (for a load balancer
or a container health check). TLS is terminated by a reverse proxy: see docs/WEBHOOK.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import signal
import string
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import TYPE_CHECKING, Any

from aiohttp import web
from maxapi.methods.types.getted_updates import process_update_webhook
from maxapi.types.updates import UpdateUnion

from bot.config import Settings, default
from bot.max.polling import storable
from bot.max.seam import complete_bot_added, hand_rights_change, is_rights_change
from bot.max.updates import event_user
from storage.db import ping

if TYPE_CHECKING:
    from bot.app import App

# bot.app (and with it the handlers) is imported where used: the CLI imports this module for
# its secret helpers and should not pay for loading every handler.

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Max-Bot-Api-Secret"
# MAX's schema accepts 5 to 256 characters from this set (its description names only letters,
# digits and '-', so generated secrets use letters and digits).
SECRET_RE = re.compile(r"[A-Za-z0-9_-]{5,256}")
SECRET_ALPHABET = string.ascii_letters + string.digits
STOP_TIMEOUT = 8.0  # seconds to finish queued updates on stop (docker stop waits 10 s)
MAX_PENDING = 10_000  # accepted but unhandled updates; beyond this answer 503 (MAX retries)
HEALTH_TIMEOUT = 5.0  # seconds for the database probe
UPDATE_TYPE_RE = re.compile(r"[a-z_]{1,40}")


def valid_secret(secret: str) -> bool:
    return SECRET_RE.fullmatch(secret) is not None


def new_secret() -> str:
    """A random webhook secret: 43 letters and digits (256 bits)."""
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(43))


def queue_key(event: UpdateUnion) -> Hashable:
    """Whose updates must be handled in order: the person's, else the chat's."""
    user = event_user(event)
    if user is not None and getattr(user, "user_id", None) is not None:
        return ("user", user.user_id)
    chat_id, user_id = event.get_ids()
    if user_id is not None:
        return ("user", user_id)
    return ("chat", chat_id)


class UpdateQueues:
    """Per-key FIFO queues, each drained by its own worker task while it has updates."""

    def __init__(self, handle: Callable[[Any], Awaitable[Any]]) -> None:
        self.handle = handle
        self.pending = 0  # queued or being handled
        self._queues: dict[Hashable, deque[Any]] = {}
        self._workers: dict[Hashable, asyncio.Task[None]] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def workers(self) -> int:
        return len(self._workers)

    def put(self, key: Hashable, event: Any) -> None:
        self._queues.setdefault(key, deque()).append(event)
        self.pending += 1
        self._idle.clear()
        if key not in self._workers:
            self._workers[key] = asyncio.create_task(self._work(key), name=f"webhook:{key}")

    async def _work(self, key: Hashable) -> None:
        queue = self._queues[key]
        try:
            while queue:
                event = queue[0]
                try:
                    await self.handle(event)
                except Exception:  # dp.handle logs handler errors itself; this is a backstop
                    log.exception("webhook update (%s) failed", getattr(event, "update_type", "?"))
                finally:
                    queue.popleft()
                    self.pending -= 1
        finally:
            # No await between the last `while queue` check and here: a put() for this key
            # either landed in the queue before the check or will start a new worker.
            self.pending -= len(queue)
            del self._queues[key]
            del self._workers[key]
            if not self._workers:
                self._idle.set()

    async def drain(self, timeout: float) -> bool:  # noqa: ASYNC109 - plain seconds
        """Wait until every queue is empty; after `timeout` cancel the rest. True if drained."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except TimeoutError:
            workers = list(self._workers.values())
            log.error(
                "webhook stop: %d update(s) of %d person(s) not handled within %.1f s; dropped",
                self.pending, len(workers), timeout,
            )  # fmt: skip
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            return False


class WebhookServer:
    """The aiohttp app MAX posts updates to, plus `GET /healthz`."""

    def __init__(self, app: App, *, secret: str, path: str = default("webhook_path")) -> None:
        if not secret:
            raise ValueError("a webhook secret is required")
        if not path.startswith("/"):
            raise ValueError("the webhook path must start with '/'")
        self.app = app
        self.secret = secret
        self.path = path
        self.queues = UpdateQueues(app.dp.handle)
        self.stop_timeout = STOP_TIMEOUT
        self.accepting = False
        self.url = ""  # http://host:port of the running server
        self._runner: web.AppRunner | None = None

    # the aiohttp application -------------------------------------------------------------

    def web_app(self) -> web.Application:
        application = web.Application()
        application.router.add_post(self.path, self._update)
        application.router.add_get("/healthz", self._healthz)
        application.on_startup.append(self._on_startup)
        application.on_shutdown.append(self._on_shutdown)
        application.on_cleanup.append(self._on_cleanup)
        return application

    async def _on_startup(self, _: web.Application) -> None:
        # Binds the bot to the dispatcher and reads GET /me (Command needs the bot's name).
        await self.app.dp.startup(self.app.bot)
        self.accepting = True

    async def _on_shutdown(self, _: web.Application) -> None:
        self.accepting = False

    async def _on_cleanup(self, _: web.Application) -> None:
        # aiohttp runs this after the listening sockets closed and requests in flight ended.
        await self.queues.drain(self.stop_timeout)
        await self.app.dp.shutdown()

    # lifecycle ---------------------------------------------------------------------------

    async def start(self, host: str, port: int) -> None:
        """Serve on host:port (port 0 = any free port; see `url`)."""
        self._runner = web.AppRunner(self.web_app(), access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0]
        self.url = f"http://{bound[0]}:{bound[1]}"
        log.info("webhook: listening on %s, updates at %s", self.url, self.path)

    async def stop(self, timeout: float = STOP_TIMEOUT) -> None:  # noqa: ASYNC109 - seconds
        """Stop accepting updates, then let the queued ones finish (up to `timeout`)."""
        if self._runner is None:
            return
        self.stop_timeout = timeout
        self.accepting = False
        runner, self._runner = self._runner, None
        await runner.cleanup()
        log.info("webhook: stopped")

    # routes ------------------------------------------------------------------------------

    async def _update(self, request: web.Request) -> web.Response:
        incoming = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(incoming.encode(), self.secret.encode()):
            log.warning("webhook: request without the right secret from %s", request.remote)
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        if not self.accepting:
            # Stopping: MAX delivers it again later (to the next process).
            return web.json_response({"ok": False, "error": "stopping"}, status=503)
        if self.queues.pending >= MAX_PENDING:
            log.warning("webhook: %d updates waiting; asking MAX to retry", self.queues.pending)
            return web.json_response({"ok": False, "error": "busy"}, status=503)
        event = await self._parse(request)
        if event is not None:
            self.queues.put(queue_key(event), event)
        # Unknown or malformed updates are answered 200 too: MAX would retry them for hours.
        return web.json_response({"ok": True})

    async def _parse(self, request: web.Request) -> UpdateUnion | None:
        """The update as a maxapi object bound to the bot, or None (logged without content:
        updates carry names and messages)."""
        try:
            body = await request.json()
        except (ValueError, LookupError):  # not JSON, not UTF-8, an unknown charset
            log.warning("webhook: body is not JSON (%s bytes); ignored", request.content_length)
            return None
        if not isinstance(body, dict):
            log.warning("webhook: body is not a JSON object; ignored")
            return None
        update_type = body.get("update_type")
        shown = update_type if isinstance(update_type, str) else None
        if shown is not None and not UPDATE_TYPE_RE.fullmatch(shown):
            shown = "?"
        try:
            bot = self.app.bot
            if is_rights_change(body):  # newer than maxapi: handled here, nothing to dispatch
                await hand_rights_change(body, getattr(bot, "rights_changed", None))
                return None
            body = await complete_bot_added(bot, storable(body), getattr(bot, "registered", None))
            event = await process_update_webhook(event_json=body, bot=bot)
        except Exception as exc:
            log.warning(
                "webhook: update %s could not be read (%s); ignored", shown, type(exc).__name__
            )
            return None
        if event is None:
            log.warning("webhook: unknown or malformed update %s; ignored", shown)
        return event

    async def _healthz(self, _: web.Request) -> web.Response:
        database = "ok"
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await ping(self.app.engine)
        except Exception as exc:
            log.warning("healthz: the database is not reachable: %s", type(exc).__name__)
            database = "error"
        scheduler = self.app.scheduler
        state = "disabled" if scheduler is None else "running" if scheduler.running else "stopped"
        body = {"database": database, "scheduler": state, "queued": self.queues.pending}
        return web.json_response(body, status=200 if database == "ok" else 503)


async def run_webhook(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """`python -m bot run --webhook`: serve updates and run the scheduler until SIGTERM or
    SIGINT (or until `stop` is set), then stop gracefully."""
    secret = settings.webhook_secret
    if not secret:
        raise SystemExit(
            "WEBHOOK_SECRET is not set: generate one with `python -m bot webhook set --url URL`"
        )
    if not valid_secret(secret):
        raise SystemExit("WEBHOOK_SECRET must be 5-256 characters of A-Z, a-z, 0-9, '_' and '-'")
    from bot.app import build_app

    app = await build_app(settings)
    server = WebhookServer(app, secret=secret, path=settings.webhook_path)
    loop = asyncio.get_running_loop()
    signals: list[signal.Signals] = []
    if stop is None:
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):  # not on Windows
                loop.add_signal_handler(sig, stop.set)
                signals.append(sig)
    try:
        await server.start(settings.webhook_host, settings.webhook_port)
        app.start_scheduler()
        log.info("bot running (webhook) against %s", settings.max_api_url)
        await stop.wait()
        log.info("webhook: stopping")
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        try:
            await server.stop()
        finally:
            await app.close()
