"""The real bot (maxapi Dispatcher, long polling) against the emulator."""

from __future__ import annotations

import asyncio
import contextlib

from bot.app import App, build_app
from bot.config import Settings
from bot.emulator import FakeMax


class RunningBot:
    """The real bot (maxapi Dispatcher, long polling) against the fake; can be restarted."""

    def __init__(self, settings: Settings, fake: FakeMax) -> None:
        self.settings, self.fake = settings, fake
        self.app: App | None = None
        self.task: asyncio.Task | None = None

    async def start(self) -> App:
        self.app = await build_app(self.settings)
        self.task = asyncio.create_task(self.app.dp.start_polling(self.app.bot))
        await self.fake.wait_polling()
        return self.app

    async def stop(self) -> None:
        if self.app is None:
            return
        await self.app.dp.stop_polling()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        await self.app.close()
        self.app = self.task = None

    async def kill(self) -> None:
        """Stop abruptly: cancel the polling task without a graceful shutdown."""
        assert self.task is not None and self.app is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.app.close()
        self.app = self.task = None
