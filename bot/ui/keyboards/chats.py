"""Keyboards and callback payloads: chats (part of `bot.ui.keyboards`).

Prefixes: "c" (what a class chat the bot was added to is for; buttons sent before classes
were asked), "cc" (what it is for, and of which class)."""

from __future__ import annotations

from typing import ClassVar

from bot.services.chats import ChatChoice
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


class ChatClassCb(Payload, prefix="cc"):
    """What a chat the bot was added to is for, and of which class: chat_row_id = the Chat
    row's id; purpose as in `ChatPurposeCb`; class_id = the class (0: an item of no class)."""

    codes: ClassVar[dict[str, dict[str, str]]] = ChatPurposeCb.codes

    chat_row_id: int
    purpose: str
    class_id: int = 0


def chat_purpose_keyboard(chat_row_id: int, choices: list[ChatChoice]) -> Rows:
    """choices: the person's open chat items (purpose, class), in plan order."""
    rows = [
        [
            button(
                t.choice_button(c.purpose, c.class_label),
                ChatClassCb(chat_row_id=chat_row_id, purpose=c.purpose, class_id=c.class_id or 0),
            )
        ]
        for c in choices
    ]
    rows.append([button(t.BTN_OTHER_CHAT, ChatPurposeCb(chat_row_id=chat_row_id, purpose=OTHER))])
    return rows
