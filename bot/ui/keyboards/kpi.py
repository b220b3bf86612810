"""Keyboards and callback payloads: kpi (part of `bot.ui.keyboards`).

Prefixes: "k" (the administrator's /kpi keypad).
"""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import kpi as t
from bot.vocab import Indicator

# Keypad acts.
ENTER = "enter"  # start entering `indicator`
TENS = "tens"  # the tens were picked: `value`
VALUE = "value"  # the value was picked: store it
BACK = "back"  # back to the screen

# The entered indicators as payload words, and back.
INDICATOR_WORDS = {Indicator.STAFF_WEEKLY: "staff", Indicator.STUDENTS_PARENTS_WEEKLY: "parents"}


class KpiCb(Payload, prefix="k"):
    """act: "enter", "tens" (value = the tens), "value" (store `value`), "back";
    indicator: "staff" (staff weekly) or "parents" (students and parents weekly)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {
        "act": {ENTER: "in", TENS: "t", VALUE: "v", BACK: "x"},
        "indicator": {"staff": "s", "parents": "p"},
    }

    person_id: int
    act: str
    indicator: str
    value: int | None = None


def kpi_keyboard(person_id: int) -> Rows:
    staff, parents = Indicator.STAFF_WEEKLY, Indicator.STUDENTS_PARENTS_WEEKLY
    return [
        [
            button(
                t.BTN_ENTER[staff],
                KpiCb(person_id=person_id, act=ENTER, indicator=INDICATOR_WORDS[staff]),
                "positive",
            )
        ],
        [
            button(
                t.BTN_ENTER[parents],
                KpiCb(person_id=person_id, act=ENTER, indicator=INDICATOR_WORDS[parents]),
            )
        ],
    ]


def tens_keyboard(person_id: int, indicator: str) -> Rows:
    """indicator: the payload word ("staff" / "parents")."""
    tens = [
        button(t.tens_label(n), KpiCb(person_id=person_id, act=TENS, indicator=indicator, value=n))
        for n in range(0, 101, 10)
    ]
    rows = [tens[i : i + 4] for i in range(0, len(tens), 4)]
    rows.append([button(t.BTN_BACK, KpiCb(person_id=person_id, act=BACK, indicator=indicator))])
    return rows


def units_keyboard(person_id: int, indicator: str, tens: int) -> Rows:
    values = [
        button(
            t.value_label(tens + u),
            KpiCb(person_id=person_id, act=VALUE, indicator=indicator, value=tens + u),
        )
        for u in range(10)
    ]
    rows = [values[i : i + 5] for i in range(0, len(values), 5)]
    rows.append([button(t.BTN_BACK, KpiCb(person_id=person_id, act=ENTER, indicator=indicator))])
    return rows
