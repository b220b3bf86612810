"""Webhook mode in tests: the bot built by build_app and served by WebhookServer on 127.0.0.1;
updates are built by FakeUser (exactly as MAX sends them) and POSTed like MAX does."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.config import Settings
from bot.emulator import FakeMax
from bot.max.webhook import SECRET_HEADER, WebhookServer

SECRET = "s3cret-for-tests_0123456789"
PATH = "/max/webhook"


class SlowMax:
    """A proxy in front of the fake MAX API that makes every call take `delay` seconds."""

    def __init__(self, fake: FakeMax, delay: float) -> None:
        self.fake, self.delay = fake, delay
        self.url = ""

    async def __aenter__(self) -> SlowMax:
        self.http = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.cleanup()
        await self.http.close()

    async def _forward(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.delay)
        headers = {
            k: v for k, v in request.headers.items() if k in ("Authorization", "Content-Type")
        }
        body = await request.read()
        async with self.http.request(
            request.method, self.fake.url + request.path_qs, data=body or None, headers=headers
        ) as response:
            data = await response.read()
            return web.Response(
                body=data,
                status=response.status,
                headers={"Content-Type": response.headers.get("Content-Type", "application/json")},
            )


@dataclass
class Served:
    app: App
    server: WebhookServer
    http: aiohttp.ClientSession

    async def post(
        self, update: Any, secret: str | None = SECRET, *, raw: bytes | None = None
    ) -> tuple[int, dict, float]:
        """POST an update like MAX does; returns (status, JSON answer, seconds taken)."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        started = time.monotonic()
        async with self.http.post(
            self.server.url + PATH, json=None if raw else update, data=raw, headers=headers
        ) as response:
            body = await response.json()
            return response.status, body, time.monotonic() - started

    async def health(self) -> tuple[int, dict]:
        async with self.http.get(self.server.url + "/healthz") as response:
            return response.status, await response.json()

    async def count(self, model: type) -> int:
        async with self.app.sessionmaker() as session:
            return await session.scalar(select(func.count()).select_from(model))


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[Served]:
    app = await build_app(settings)
    server = WebhookServer(app, secret=SECRET, path=PATH)
    await server.start("127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:
            yield Served(app, server, http)
    finally:
        await server.stop(5)
        await app.close()


async def built(fake: FakeMax, action: Awaitable[Any]) -> dict:
    """The update a FakeUser action builds (exactly as MAX would send it), not delivered by
    polling: nobody polls the fake here."""
    await action
    return fake.updates[-1]


async def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)
