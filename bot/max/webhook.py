"""Webhook mode: MAX delivers updates by HTTPS POST instead of long polling.

MAX wants HTTP 200 within 30 s, retries anything else for up to 8 hours and never resends
what it got a 200 for. So the request handler checks the secret, reads the body and commits
it to the inbox (`webhook_inbox`) before it answers 200; the work runs off the request.
Each person (the sender's user id, or the chat id for updates without one) has a queue with
one worker task, created on demand and gone when the queue is empty: updates of one person
are handled in the order they arrived, different people in parallel, at most `workers` at
a time (so a burst never asks the connection pool for more than it has). A handled update
leaves the inbox; on start the server first takes up whatever is still there (a crash, a
kill -9, a stop). Handling is the same as in polling mode (`app.dp.handle`): the middleware
claims each update as its transaction's first write, so a delivery MAX repeats, an update
resumed after a crash and one given to two processes are each handled once.

A stop (SIGTERM) refuses new updates (503: MAX delivers them again later), lets the updates
being handled finish (up to `STOP_TIMEOUT`) and leaves the rest in the inbox. Over
`MAX_PENDING` waiting updates the server answers 503 too. A body that is not an update (not
JSON, nested too deeply, no type) is answered 200 and logged without its content.

`GET /healthz` reports database reachability (probed on a connection of its own, so a busy
pool is "busy", not "down"), the load and the scheduler's state (for a load balancer or a
container health check). TLS is terminated by a reverse proxy: see docs/WEBHOOK.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import signal
import string
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web
from maxapi.methods.types.getted_updates import process_update_webhook
from maxapi.types.updates import UpdateUnion

from bot.clock import utcnow
from bot.config import Settings, default
from bot.max.polling import storable
from bot.max.seam import complete_bot_added, hand_rights_change, is_rights_change
from storage.db import ping, pool_busy
from storage.repo import inbox

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
STOP_TIMEOUT = 8.0  # seconds to finish the updates being handled (docker stop waits 10 s)
MAX_PENDING = 10_000  # accepted but unhandled updates; beyond this answer 503 (MAX retries)
HEALTH_TIMEOUT = 5.0  # seconds for the database probe
UPDATE_TYPE_RE = re.compile(r"[a-z_]{1,40}")


def valid_secret(secret: str) -> bool:
    return SECRET_RE.fullmatch(secret) is not None


def new_secret() -> str:
    """A random webhook secret: 43 letters and digits (256 bits)."""
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(43))


def queue_key(body: dict[str, Any]) -> Hashable:
    """Whose updates must be handled in order: the person's, else the chat's (read from the
    update as MAX sent it)."""
    for path in (("callback", "user"), ("message", "sender"), ("user",)):
        node: Any = body
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        user_id = node.get("user_id") if isinstance(node, dict) else None
        if isinstance(user_id, int):
            return ("user", user_id)
    chat_id = body.get("chat_id")
    if chat_id is None:
        recipient = (
            (body.get("message") or {}).get("recipient")
            if isinstance(body.get("message"), dict)
            else None
        )
        chat_id = recipient.get("chat_id") if isinstance(recipient, dict) else None
    return ("chat", chat_id if isinstance(chat_id, int) else None)


def read_update(raw: bytes) -> dict[str, Any] | None:
    """The update MAX posted, or None when the body is not one (not UTF-8 JSON, nested too
    deeply for the parser, not an object, no update type)."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(body, dict):
        return None
    update_type = body.get("update_type")
    if not isinstance(update_type, str) or not UPDATE_TYPE_RE.fullmatch(update_type):
        return None
    return body


@dataclass(frozen=True)
class Accepted:
    """An update in the inbox: its row and its body."""

    row_id: int
    body: dict[str, Any]


class UpdateQueues:
    """Per-key FIFO queues, each drained by its own worker task while it has updates; at most
    `workers` updates are handled at once."""

    def __init__(self, handle: Callable[[Any], Awaitable[Any]], workers: int = 8) -> None:
        self.handle = handle
        self.pending = 0  # queued or being handled
        self.stopping = False
        self._slots = asyncio.Semaphore(workers)
        self._queues: dict[Hashable, deque[Any]] = {}
        self._workers: dict[Hashable, asyncio.Task[None]] = {}
        self._busy = 0  # being handled now
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def workers(self) -> int:
        return len(self._workers)

    def put(self, key: Hashable, item: Any) -> None:
        self._queues.setdefault(key, deque()).append(item)
        self.pending += 1
        self._idle.clear()
        if key not in self._workers:
            self._workers[key] = asyncio.create_task(self._work(key), name=f"webhook:{key}")

    async def _work(self, key: Hashable) -> None:
        queue = self._queues[key]
        try:
            while queue and not self.stopping:
                async with self._slots:
                    if self.stopping:
                        break
                    self._busy += 1
                    try:
                        await self.handle(queue[0])
                    except Exception:  # dp.handle logs handler errors itself; a backstop
                        log.exception("webhook update failed")
                    finally:
                        self._busy -= 1
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

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109 - plain seconds
        """Stop: let the updates being handled finish (up to `timeout`, then cancel them: their
        transactions roll back) and start no more. Returns how many were left waiting."""
        left = self.pending - self._busy
        self.stopping = True
        workers = list(self._workers.values())
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("webhook stop: %d update(s) still being handled after %.1f s; "
                        "cancelled, they stay in the inbox", self._busy, timeout)  # fmt: skip
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            left = self.pending
        return left


class WebhookServer:
    """The aiohttp app MAX posts updates to, plus `GET /healthz`."""

    def __init__(
        self,
        app: App,
        *,
        secret: str,
        path: str = default("webhook_path"),
        workers: int = default("webhook_workers"),
    ) -> None:
        if not secret:
            raise ValueError("a webhook secret is required")
        if not path.startswith("/"):
            raise ValueError("the webhook path must start with '/'")
        self.app = app
        self.secret = secret
        self.path = path
        self.queues = UpdateQueues(self._handle, workers)
        self.stop_timeout = STOP_TIMEOUT
        self.max_pending = MAX_PENDING
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
        resumed = await self._resume()
        if resumed:
            log.info("webhook: %d update(s) from the inbox taken up", resumed)
        self.accepting = True

    async def _on_shutdown(self, _: web.Application) -> None:
        self.accepting = False

    async def _on_cleanup(self, _: web.Application) -> None:
        # aiohttp runs this after the listening sockets closed and requests in flight ended.
        left = await self.queues.drain(self.stop_timeout)
        if left:
            log.info("webhook stop: %d update(s) left in the inbox for the next start", left)
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
        """Stop accepting updates, let those being handled finish (up to `timeout`) and leave
        the rest in the inbox."""
        if self._runner is None:
            return
        self.stop_timeout = timeout
        self.accepting = False
        runner, self._runner = self._runner, None
        await runner.cleanup()
        log.info("webhook: stopped")

    # the inbox ---------------------------------------------------------------------------

    async def _resume(self) -> int:
        """Queue what the inbox holds (oldest first), before any new update is accepted."""
        async with self.app.sessionmaker() as session:
            rows = await inbox.waiting(session)
        for row_id, raw in rows:
            body = read_update(raw.encode())
            if body is None:  # cannot happen for what _update stored; dropped if it does
                await self._done(row_id)
                continue
            self.queues.put(queue_key(body), Accepted(row_id, body))
        return len(rows)

    async def _accept(self, body: dict[str, Any]) -> Accepted:
        async with self.app.sessionmaker() as session:
            row_id = await inbox.add(session, json.dumps(body, ensure_ascii=False), utcnow())
            await session.commit()
        return Accepted(row_id, body)

    async def _done(self, row_id: int) -> None:
        async with self.app.sessionmaker() as session:
            await inbox.remove(session, row_id)
            await session.commit()

    async def _handle(self, accepted: Accepted) -> None:
        """Handle one update from the inbox, then remove it. Cancelled (a stop that could not
        wait), it stays in the inbox; the claim makes a second handling a skip."""
        try:
            event = await self._event(accepted.body)
            if event is not None:
                await self.app.dp.handle(event)
        except Exception:
            log.exception("webhook update (%s) failed", accepted.body.get("update_type"))
        await self._done(accepted.row_id)

    # routes ------------------------------------------------------------------------------

    async def _update(self, request: web.Request) -> web.Response:
        incoming = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(incoming.encode(), self.secret.encode()):
            log.warning("webhook: request without the right secret from %s", request.remote)
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        if not self.accepting:
            # Stopping: MAX delivers it again later (to the next process).
            return web.json_response({"ok": False, "error": "stopping"}, status=503)
        if self.queues.pending >= self.max_pending:
            log.warning("webhook: %d updates waiting; asking MAX to retry", self.queues.pending)
            return web.json_response({"ok": False, "error": "busy"}, status=503)
        body = read_update(await request.read())
        if body is None:
            # Answered 200: MAX would retry it for hours. Logged without content (updates
            # carry names and messages).
            log.warning("webhook: a body that is not an update (%s bytes); ignored",
                        request.content_length)  # fmt: skip
            return web.json_response({"ok": True})
        try:
            accepted = await self._accept(body)
        except Exception as exc:  # the database is down: MAX keeps it and retries
            log.error("webhook: the update could not be stored (%s); 503", type(exc).__name__)
            return web.json_response({"ok": False, "error": "storage"}, status=503)
        self.queues.put(queue_key(body), accepted)
        return web.json_response({"ok": True})

    async def _event(self, body: dict[str, Any]) -> UpdateUnion | None:
        """The update as a maxapi object bound to the bot, or None (logged without content)."""
        shown = body.get("update_type")
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
        pending = self.queues.pending
        load = "busy" if pending >= self.max_pending // 2 or pool_busy(self.app.engine) else "ok"
        body = {"database": database, "scheduler": state, "queued": pending, "load": load}
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
    server = WebhookServer(
        app, secret=secret, path=settings.webhook_path, workers=settings.webhook_workers
    )
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
