"""Keyboards and callback payloads: help (part of `bot.ui.keyboards`).

Prefixes: "h" (a helper's action on a help request: an administrator or the authority).
"""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.keyboards.checklist import OpenItemCb, continue_keyboard
from bot.ui.texts import help as t

DONE = "done"  # the request is handled
ANSWER = "answer"  # the next typed text goes to the person
PASS = "pass"  # passed on to the authority
NOT_NOW = "notnow"  # no answer after all


class HelpCb(Payload, prefix="h"):
    """A helper's action on help request `request_id`: act "done" (handled), "answer"
    (type an answer), "pass" (to the authority), "notnow" (stop waiting for the answer)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {"act": {ANSWER: "ans", NOT_NOW: "no"}}

    request_id: int
    act: str


def help_request_keyboard(request_id: int, can_pass: bool = False) -> Rows:
    rows = [
        [button(t.BTN_HELP_ANSWER, HelpCb(request_id=request_id, act=ANSWER))],
        [button(t.BTN_HELP_HANDLED, HelpCb(request_id=request_id, act=DONE), "positive")],
    ]
    if can_pass:
        rows.append([button(t.BTN_HELP_PASS, HelpCb(request_id=request_id, act=PASS))])
    return rows


def answering_keyboard(request_id: int) -> Rows:
    return [[button(t.BTN_HELP_NOT_NOW, HelpCb(request_id=request_id, act=NOT_NOW))]]


def answered_keyboard(request_id: int) -> Rows:
    return [
        [button(t.BTN_HELP_HANDLED, HelpCb(request_id=request_id, act=DONE), "positive")],
        [button(t.BTN_HELP_ANSWER_MORE, HelpCb(request_id=request_id, act=ANSWER))],
    ]


def for_person_keyboard(person_id: int, item_ref: str) -> Rows:
    """Under an answer or «решён» for the person: the item itself, and on."""
    return [
        [button(t.BTN_OPEN_ITEM, OpenItemCb(person_id=person_id, code=item_ref), "positive")],
        *continue_keyboard(person_id),
    ]
