"""Keyboards and callback payloads: announcements and schools (part of `bot.ui.keyboards`)."""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import KIND_TITLES
from bot.ui.texts import console as t


class AnnounceCb(CallbackPayload, prefix="an"):
    """act: "aud" (val = audience), "cls" (list classes), "send"/"cancel" (aid)."""

    act: str
    val: str = ""
    aid: int = 0


class SchoolCb(CallbackPayload, prefix="sc"):
    """act: "open", "link", "prog" (sid), "add" (start), "kind" (val = kind)."""

    act: str
    sid: int = 0
    val: str = ""


def audience_keyboard(audiences: list[str], with_class: bool) -> Rows:
    rows = [
        [button(t.audience_title(a).capitalize(), AnnounceCb(act="aud", val=a))] for a in audiences
    ]
    if with_class:
        rows.append([button(t.BTN_CLASS, AnnounceCb(act="cls"))])
    return rows


def class_keyboard(labels: list[str]) -> Rows:
    buttons = [button(label, AnnounceCb(act="aud", val=f"class:{label}")) for label in labels]
    return [buttons[i : i + 4] for i in range(0, len(buttons), 4)]


def cancel_keyboard(aid: int) -> Rows:
    return [[button(t.BTN_CANCEL, AnnounceCb(act="cancel", aid=aid))]]


def preview_keyboard(aid: int, count: int) -> Rows:
    if count == 0:
        return []
    return [
        [button(f"{t.BTN_SEND} ({count})", AnnounceCb(act="send", aid=aid), "positive")],
        [button(t.BTN_CANCEL, AnnounceCb(act="cancel", aid=aid))],
    ]


def schools_keyboard(schools: list[tuple[int, str]]) -> Rows:
    rows = [[button(f"🏫 {name}"[:60], SchoolCb(act="open", sid=sid))] for sid, name in schools]
    rows.append([button(t.BTN_ADD_SCHOOL, SchoolCb(act="add"))])
    return rows


def school_keyboard(sid: int) -> Rows:
    return [
        [button(t.BTN_ADMIN_LINK, SchoolCb(act="link", sid=sid))],
        [button(t.BTN_SCHOOL_PROGRESS, SchoolCb(act="prog", sid=sid))],
    ]


def kind_keyboard() -> Rows:
    return [[button(title, SchoolCb(act="kind", val=kind))] for kind, title in KIND_TITLES.items()]
