"""`/pause` buttons. Prefix: "p" (PauseCb)."""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import Rows, button
from bot.ui.texts import pause as t


class PauseCb(CallbackPayload, prefix="p"):
    """act: "week" (pause 7 days), "date" (ask for a date), "off" (resume)."""

    person_id: int
    act: str


def pause_keyboard(person_id: int, paused: bool) -> Rows:
    rows = [
        [button(t.BTN_PAUSE_WEEK, PauseCb(person_id=person_id, act="week"))],
        [button(t.BTN_PAUSE_DATE, PauseCb(person_id=person_id, act="date"))],
    ]
    if paused:
        rows.append([button(t.BTN_PAUSE_OFF, PauseCb(person_id=person_id, act="off"), "positive")])
    return rows
