"""The walk-through's buttons: answer an item, open an item, the menu.

Prefixes: "a" (AnswerCb), "o" (OpenItemCb), "m" (MenuCb). Each payload names the person it was
drawn for (`person_id`): a button pressed by anyone else is refused.
"""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import checklist as t
from bot.ui.texts import verify as vt
from bot.vocab import Status

_SHORT: dict[str | None, str] = {None: "", Status.DONE: "d", Status.HELP: "h", Status.NA: "n"}
_LONG = {v: k for k, v in _SHORT.items()}


def short_status(status: str | None) -> str:
    """The one-letter code of a status in an answer button ("" = not answered)."""
    return _SHORT[status]


def long_status(short: str) -> str | None:
    """The status of a one-letter code. Raises KeyError on a code no button ever carried."""
    return _LONG[short]


class AnswerCb(CallbackPayload, prefix="a"):
    """Answer item `code`. `act` is the answer and `seen` the item's status when the button was
    drawn (a button from an older message is refused), both as one-letter codes — d(one),
    h(elp), n(ot applicable), "" for unanswered (`short_status`): they travel in every answer
    button, so they stay short. `code` is the item as `ItemState.ref` names it: its code, with
    ".<class id>" for a class item (a dot never occurs in a code)."""

    person_id: int
    code: str
    act: str
    seen: str


class OpenItemCb(CallbackPayload, prefix="o"):
    """Show item `code` (an `ItemState.ref`, from the checklist overview)."""

    person_id: int
    code: str


class MenuCb(CallbackPayload, prefix="m"):
    """act: "next" (the first open item), "list" (the checklist overview)."""

    person_id: int
    act: str


def item_keyboard(person_id: int, code: str, status: str | None) -> Rows:
    seen = short_status(status)

    def answer(act: Status) -> AnswerCb:
        return AnswerCb(person_id=person_id, code=code, act=short_status(act), seen=seen)

    return [
        [button(t.BTN_DONE, answer(Status.DONE), "positive")],
        [button(t.BTN_HELP, answer(Status.HELP))],
        [button(t.BTN_NA, answer(Status.NA))],
        [button(t.BTN_CHECKLIST, MenuCb(person_id=person_id, act="list"))],
    ]


def checklist_keyboard(person_id: int, entries: list[tuple[str, str]], can_continue: bool) -> Rows:
    """entries: (button label, item code) in plan order."""
    rows = [[button(label, OpenItemCb(person_id=person_id, code=code))] for label, code in entries]
    if can_continue:
        rows.insert(0, continue_keyboard(person_id)[0])
    return rows


def screenshot_keyboard(person_id: int, following: str | None) -> Rows:
    """Under «a screenshot is needed»: the next unanswered item (its `ref`), the checklist."""
    rows = menu_keyboard(person_id)
    if following is not None:
        rows.insert(0, [button(vt.BTN_NEXT_ITEM, OpenItemCb(person_id=person_id, code=following))])
    return rows


def menu_keyboard(person_id: int) -> Rows:
    return [[button(t.BTN_CHECKLIST, MenuCb(person_id=person_id, act="list"))]]


def continue_keyboard(person_id: int) -> Rows:
    return [[button(t.BTN_CONTINUE, MenuCb(person_id=person_id, act="next"), "positive")]]
