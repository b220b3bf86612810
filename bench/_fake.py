"""The fake MAX Bot API the benchmarks run against.

The MAX emulator (``bot.emulator``, once the test suite's fake); the import below is the only
place the benchmarks name it.
"""

from __future__ import annotations

import importlib

from bot import emulator as _fakemax  # the MAX emulator (bot/emulator)

FakeMax = _fakemax.FakeMax
FakeUser = _fakemax.FakeUser
bot_polling = _fakemax.bot_polling
dialog_id = _fakemax.dialog_id
BOT_USER_ID = _fakemax.BOT_USER_ID
_faults = importlib.import_module(f"{_fakemax.__name__}.faults")
RateEnforcer = _faults.RateEnforcer
FaultInjector = _faults.FaultInjector

__all__ = [
    "BOT_USER_ID",
    "FakeMax",
    "FakeUser",
    "FaultInjector",
    "RateEnforcer",
    "bot_polling",
    "dialog_id",
]
