"""Inline keyboards and their callback payloads, in one place.

Payloads carry the person's id (a button pressed by someone else is refused) and, for answers,
the state the item had when the button was drawn (a button from an older message is refused).
"""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload
from maxapi.types.attachments.buttons import CallbackButton
from maxapi.utils.inline_keyboard import InlineKeyboardBuilder

from bot import texts
from bot.rules.checklist import DONE, HELP, NA

_SHORT = {None: "", DONE: "d", HELP: "h", NA: "n"}
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


def item_keyboard(pid: int, code: str, status: str | None):
    seen = short_status(status)
    kb = InlineKeyboardBuilder()
    for label, act, intent in (
        (texts.BTN_DONE, "d", "positive"),
        (texts.BTN_HELP, "h", "default"),
        (texts.BTN_NA, "n", "default"),
    ):
        payload = AnswerCb(pid=pid, code=code, act=act, seen=seen).pack()
        kb.row(CallbackButton(text=label, payload=payload, intent=intent))
    kb.row(CallbackButton(text=texts.BTN_CHECKLIST, payload=MenuCb(pid=pid, act="list").pack()))
    return kb.as_markup()


def checklist_keyboard(pid: int, entries: list[tuple[str, str]], can_continue: bool):
    """entries: (button label, item code) in plan order."""
    kb = InlineKeyboardBuilder()
    if can_continue:
        kb.row(
            CallbackButton(
                text=texts.BTN_CONTINUE,
                payload=MenuCb(pid=pid, act="next").pack(),
                intent="positive",
            )
        )
    for label, code in entries:
        kb.row(CallbackButton(text=label, payload=OpenItemCb(pid=pid, code=code).pack()))
    return kb.as_markup()


def menu_keyboard(pid: int):
    kb = InlineKeyboardBuilder()
    kb.row(CallbackButton(text=texts.BTN_CHECKLIST, payload=MenuCb(pid=pid, act="list").pack()))
    return kb.as_markup()
