"""Keyboards and callback payloads: common — the next steps under `/help` and under the
answer to a text the bot does not understand (part of `bot.ui.keyboards`). Prefix: cm."""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.keyboards.authority import RATING as AUTHORITY_RATING
from bot.ui.keyboards.authority import AuthorityCb
from bot.ui.keyboards.checklist import MenuCb
from bot.ui.texts import common as t

HELP = "help"  # the commands of the caller's role (as /help)


class CommonCb(CallbackPayload, prefix="cm"):
    """act: "help" (what `/help` says)."""

    act: str


def next_steps(person_id: int, checklist: bool, authority: bool, with_help: bool = True) -> Rows:
    """Where a registered person can go from here: their checklist (and the current item,
    where «Нужна помощь» is), the authority's rating; and `/help`."""
    rows: Rows = []
    if checklist:
        rows.append([button(t.BTN_CHECKLIST, MenuCb(person_id=person_id, act="list"), "positive")])
        rows.append([button(t.BTN_NEED_HELP, MenuCb(person_id=person_id, act="next"))])
    if authority:
        rows.append([button(t.BTN_RATING, AuthorityCb(act=AUTHORITY_RATING, target=0))])
    if with_help:
        rows.append([button(t.BTN_COMMANDS, CommonCb(act=HELP))])
    return rows


def checklist_row(person_id: int) -> Rows:
    """«Мой чек-лист» alone (under an announcement to a member of staff)."""
    return [[button(t.BTN_CHECKLIST, MenuCb(person_id=person_id, act="list"))]]
