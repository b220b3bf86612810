"""Keyboards and callback payloads: announcements (part of `bot.ui.keyboards`). Prefix: an."""

from __future__ import annotations

from typing import ClassVar

from bot.rules.audience import CHANNEL, CLASS_PREFIX
from bot.ui.keyboards import Payload, Rows, button
from bot.ui.keyboards.checklist import menu_keyboard
from bot.ui.texts import announce as t


class AnnounceCb(Payload, prefix="an"):
    """act: "audience" (audience chosen), "classes" (list the classes), "send"/"cancel"
    (announcement_id; "cancel" asks «Точно?»), "cancel_ok" (confirmed), "back" (not
    cancelled: the draft again), "new" (a new announcement: the audiences)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {"act": {"audience": "aud", "classes": "cls"}}

    act: str
    audience: str = ""
    announcement_id: int = 0


def audience_keyboard(audiences: list[str], with_class: bool, with_channel: bool = False) -> Rows:
    rows = [
        [button(t.audience_title(a).capitalize(), AnnounceCb(act="audience", audience=a))]
        for a in audiences
    ]
    if with_class:
        rows.append([button(t.BTN_CLASS, AnnounceCb(act="classes"))])
    if with_channel:
        rows.append([button(t.BTN_CHANNEL, AnnounceCb(act="audience", audience=CHANNEL))])
    return rows


def class_keyboard(labels: list[str]) -> Rows:
    buttons = [
        button(label, AnnounceCb(act="audience", audience=f"{CLASS_PREFIX}{label}"))
        for label in labels
    ]
    return [buttons[i : i + 4] for i in range(0, len(buttons), 4)]


def cancel_keyboard(announcement_id: int) -> Rows:
    return [[button(t.BTN_CANCEL, AnnounceCb(act="cancel", announcement_id=announcement_id))]]


def preview_keyboard(announcement_id: int, count: int, channel: bool = False) -> Rows:
    if count == 0:
        return report_keyboard()
    return [
        [
            button(
                t.BTN_PUBLISH if channel else f"{t.BTN_SEND} ({count})",
                AnnounceCb(act="send", announcement_id=announcement_id),
                "positive",
            )
        ],
        [button(t.BTN_CANCEL, AnnounceCb(act="cancel", announcement_id=announcement_id))],
    ]


def cancel_confirm_keyboard(announcement_id: int) -> Rows:
    return [
        [
            button(
                t.BTN_CANCEL_YES,
                AnnounceCb(act="cancel_ok", announcement_id=announcement_id),
                "negative",
            ),
            button(t.BTN_CANCEL_NO, AnnounceCb(act="back", announcement_id=announcement_id)),
        ]
    ]


def report_keyboard() -> Rows:
    return [[button(t.BTN_NEW, AnnounceCb(act="new"))]]


def channel_keyboard(person_id: int, for_authority: bool) -> Rows:
    """Under a note about an official channel: the authority's person may publish to it
    («Новое объявление»), a school's administrator goes on with the checklist."""
    return report_keyboard() if for_authority else menu_keyboard(person_id)
