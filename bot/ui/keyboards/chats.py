"""Keyboards and callback payloads: chats (part of `bot.ui.keyboards`).

Prefixes: "c" (what a class chat the bot was added to is for)."""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import chats as t

OTHER = "other"  # a chat that closes no item


class ChatPurposeCb(Payload, prefix="c"):
    """What a chat the bot was added to is for: chat_row_id = the Chat row's id; purpose = a
    `ChatPurpose` ("students" | "parents" | "teachers") or "other" (another chat)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "purpose": {"students": "s", "parents": "p", "teachers": "t", OTHER: "o"}
    }

    chat_row_id: int
    purpose: str


def chat_purpose_keyboard(chat_row_id: int, purposes: list[str]) -> Rows:
    """purposes: the chat purposes of the person's open chat items, in plan order."""
    rows = [
        [button(t.CHAT_PURPOSE_BUTTONS[p], ChatPurposeCb(chat_row_id=chat_row_id, purpose=p))]
        for p in purposes
    ]
    rows.append([button(t.BTN_OTHER_CHAT, ChatPurposeCb(chat_row_id=chat_row_id, purpose=OTHER))])
    return rows
