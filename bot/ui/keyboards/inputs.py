"""The way out of a typed answer the bot waits for. Prefix: "s" (SkipInputCb)."""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import inputs as t


class SkipInputCb(CallbackPayload, prefix="s"):
    """Stop waiting for typed input (a help comment, a pause date)."""

    person_id: int


def skip_input_keyboard(person_id: int) -> Rows:
    return [[button(t.BTN_SKIP, SkipInputCb(person_id=person_id))]]
