"""Keyboards and callback payloads: verify (part of `bot.ui.keyboards`).

Prefixes: "v" (an administrator's review of a screenshot), "c" (a class chat's purpose)."""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.keyboards.checklist import OpenItemCb
from bot.ui.texts import verify as t

APPROVE = "ok"
RETURN = "ret"  # ask for a reason; the reasons are the keys of texts.verify.RETURN_REASONS
OTHER = "o"  # a chat that closes no item

# Chat purposes as short codes in payloads, and back.
PURPOSE_CODES = {"students": "s", "parents": "p", "teachers": "t"}
PURPOSES = {v: k for k, v in PURPOSE_CODES.items()}


class EvidenceCb(CallbackPayload, prefix="v"):
    """An administrator's action on a screenshot: act "ok", "ret" or a reason code ("r1"…)."""

    eid: int
    act: str


class ChatPurposeCb(CallbackPayload, prefix="c"):
    """What a chat the bot was added to is for: cid = the Chat row's id; p = "s" | "p" | "t"
    (students / parents / teachers) or "o" (another chat)."""

    cid: int
    p: str


def review_keyboard(evidence_id: int) -> Rows:
    return [
        [button(t.BTN_APPROVE, EvidenceCb(eid=evidence_id, act=APPROVE), "positive")],
        [button(t.BTN_RETURN, EvidenceCb(eid=evidence_id, act=RETURN), "negative")],
    ]


def reasons_keyboard(evidence_id: int) -> Rows:
    return [
        [button(reason, EvidenceCb(eid=evidence_id, act=code))]
        for code, reason in t.RETURN_REASONS.items()
    ]


def open_item_keyboard(pid: int, code: str) -> Rows:
    return [[button(t.BTN_OPEN_ITEM, OpenItemCb(person_id=pid, code=code))]]


def chat_purpose_keyboard(chat_row_id: int, purposes: list[str]) -> Rows:
    """purposes: the chat purposes of the person's open chat items, in plan order."""
    rows = [
        [button(t.CHAT_PURPOSE_BUTTONS[p], ChatPurposeCb(cid=chat_row_id, p=PURPOSE_CODES[p]))]
        for p in purposes
    ]
    rows.append([button(t.BTN_OTHER_CHAT, ChatPurposeCb(cid=chat_row_id, p=OTHER))])
    return rows
