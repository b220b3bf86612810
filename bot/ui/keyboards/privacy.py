"""`/forget_me` confirmation. Prefix: "f" (ForgetCb)."""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import privacy as t


class ForgetCb(CallbackPayload, prefix="f"):
    """act: "yes" (remove my data) or "no"."""

    person_id: int
    act: str


def forget_keyboard(person_id: int) -> Rows:
    return [
        [button(t.BTN_FORGET_YES, ForgetCb(person_id=person_id, act="yes"), "negative")],
        [button(t.BTN_FORGET_NO, ForgetCb(person_id=person_id, act="no"))],
    ]
