"""Keyboards and callback payloads: help (part of `bot.ui.keyboards`).

Prefixes: "h" (an administrator's action on a help request).
"""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import help as t

DONE = "done"  # the request is handled


class HelpCb(CallbackPayload, prefix="h"):
    """An administrator's action on help request `request_id`: act "done" (handled)."""

    request_id: int
    act: str


def help_request_keyboard(request_id: int) -> Rows:
    return [[button(t.BTN_HELP_HANDLED, HelpCb(request_id=request_id, act=DONE), "positive")]]
