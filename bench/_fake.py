"""The fake MAX Bot API the benchmarks run against.

It lives in the test suite today; the line below is the only place that names it, so moving
it (e.g. to ``bot.emulator``) means changing that one import.
"""

from __future__ import annotations

import importlib

from bot import emulator as _fakemax  # the MAX emulator (bot/emulator)

FakeMax = _fakemax.FakeMax
FakeUser = _fakemax.FakeUser
bot_polling = _fakemax.bot_polling
dialog_id = _fakemax.dialog_id
BOT_USER_ID = _fakemax.BOT_USER_ID
RateEnforcer = importlib.import_module(f"{_fakemax.__name__}.faults").RateEnforcer

__all__ = ["BOT_USER_ID", "FakeMax", "FakeUser", "RateEnforcer", "bot_polling", "dialog_id"]
