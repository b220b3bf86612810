"""Inline keyboards and their callback payloads, in one place.

A keyboard is plain data — rows of {"text", "payload", "intent"} — so it can be stored in the
outbox and turned into a maxapi attachment by the sender (`markup`).

Payloads carry the person's id (a button pressed by someone else is refused) and, for answers,
the state the item had when the button was drawn (a button from an older message is refused).
"""

from __future__ import annotations

from typing import Any

from maxapi.filters.callback_payload import CallbackPayload
from maxapi.types.attachments.buttons import CallbackButton
from maxapi.utils.inline_keyboard import InlineKeyboardBuilder

from bot.ui import texts
from bot.vocab import Status

Rows = list[list[dict[str, str]]]

_SHORT = {None: "", Status.DONE: "d", Status.HELP: "h", Status.NA: "n"}
_LONG = {v: k for k, v in _SHORT.items()}


def short_status(status: str | None) -> str:
    return _SHORT[status]


def long_status(short: str) -> str | None:
    """Raises KeyError on a code that no button ever carried."""
    return _LONG[short]


class AnswerCb(CallbackPayload, prefix="a"):
    """Answer an item: act and seen are short statuses (d/h/n; seen "" = unanswered)."""

    pid: int
    code: str
    act: str
    seen: str


class OpenItemCb(CallbackPayload, prefix="o"):
    pid: int
    code: str


class MenuCb(CallbackPayload, prefix="m"):
    """act: "next" (the first open item), "list" (the checklist overview)."""

    pid: int
    act: str


class PauseCb(CallbackPayload, prefix="p"):
    """act: "week" (pause 7 days), "date" (ask for a date), "off" (resume)."""

    pid: int
    act: str


class SkipInputCb(CallbackPayload, prefix="s"):
    """Stop waiting for typed input (a help comment, a pause date)."""

    pid: int


def button(text: str, payload: CallbackPayload, intent: str = "default") -> dict[str, str]:
    return {"text": text, "payload": payload.pack(), "intent": intent}


def markup(rows: Rows) -> Any:
    """The maxapi inline keyboard attachment for `rows`."""
    kb = InlineKeyboardBuilder()
    for row in rows:
        kb.row(*(CallbackButton(**b) for b in row))
    return kb.as_markup()


def item_keyboard(pid: int, code: str, status: str | None) -> Rows:
    seen = short_status(status)
    return [
        [button(texts.BTN_DONE, AnswerCb(pid=pid, code=code, act="d", seen=seen), "positive")],
        [button(texts.BTN_HELP, AnswerCb(pid=pid, code=code, act="h", seen=seen))],
        [button(texts.BTN_NA, AnswerCb(pid=pid, code=code, act="n", seen=seen))],
        [button(texts.BTN_CHECKLIST, MenuCb(pid=pid, act="list"))],
    ]


def checklist_keyboard(pid: int, entries: list[tuple[str, str]], can_continue: bool) -> Rows:
    """entries: (button label, item code) in plan order."""
    rows = [[button(label, OpenItemCb(pid=pid, code=code))] for label, code in entries]
    if can_continue:
        rows.insert(0, [button(texts.BTN_CONTINUE, MenuCb(pid=pid, act="next"), "positive")])
    return rows


def menu_keyboard(pid: int) -> Rows:
    return [[button(texts.BTN_CHECKLIST, MenuCb(pid=pid, act="list"))]]


def continue_keyboard(pid: int) -> Rows:
    return [[button(texts.BTN_CONTINUE, MenuCb(pid=pid, act="next"), "positive")]]


def skip_input_keyboard(pid: int) -> Rows:
    return [[button(texts.BTN_SKIP, SkipInputCb(pid=pid))]]


def pause_keyboard(pid: int, paused: bool) -> Rows:
    rows = [
        [button(texts.BTN_PAUSE_WEEK, PauseCb(pid=pid, act="week"))],
        [button(texts.BTN_PAUSE_DATE, PauseCb(pid=pid, act="date"))],
    ]
    if paused:
        rows.append([button(texts.BTN_PAUSE_OFF, PauseCb(pid=pid, act="off"), "positive")])
    return rows


# Callback payload prefixes in use (each must be unique across the bot):
#   a, o, m, p, s, f        — this module (answers, open item, menu, pause, skip input,
#                             forget me)
#   h                       — keyboards/help.py (help requests)
#   r*                      — keyboards/roster.py
#   i*, st*, rm*            — keyboards/invites.py (invites, staff pages, remind)
#   v*                      — keyboards/verify.py (evidence review)
#   c*                      — keyboards/chats.py (class chats)
#   k*                      — keyboards/kpi.py (KPI entry)
#   au*                     — keyboards/authority.py (rating, schools, overdue)
#   x*                      — keyboards/export.py (XLSX export)
#   an*, sc*                — keyboards/console.py (announcements, schools)


class ForgetCb(CallbackPayload, prefix="f"):
    """/forget_me confirmation: act "yes" or "no"."""

    pid: int
    act: str


def forget_keyboard(pid: int) -> Rows:
    return [
        [button(texts.BTN_FORGET_YES, ForgetCb(pid=pid, act="yes"), "negative")],
        [button(texts.BTN_FORGET_NO, ForgetCb(pid=pid, act="no"))],
    ]
