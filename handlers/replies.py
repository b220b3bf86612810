"""Answering a button press with a view's `Answer` (the toast, the message's new text, its new
buttons)."""

from __future__ import annotations

from maxapi.types import MessageCallback

from bot.max.reply import Reply
from bot.ui.views import Answer


async def answer(sender: Reply, event: MessageCallback, reply: Answer) -> None:
    toast, text, rows = reply
    await sender.answer_callback(
        event.callback.callback_id, notification=toast, text=text, rows=rows
    )
