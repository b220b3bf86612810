"""Keyboards and callback payloads: the authority's roadmap (part of `bot.ui.keyboards`).
Prefix: pl."""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.texts import plans as t

# Acts.
REPLACE = "replace"  # make the draft the plan
CANCEL = "cancel"  # drop the draft


class PlanCb(Payload, prefix="pl"):
    """A preview's button, drawn for `person_id`: act "replace" or "cancel"; `draft` and
    `plan` are the shortened fingerprints of the draft shown and of the plan in force then
    (a press after another upload, or after the plan changed, is refused)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {"act": {REPLACE: "ok", CANCEL: "x"}}

    person_id: int
    act: str
    draft: str = ""
    plan: str = ""


def preview_keyboard(person_id: int, draft: str, plan: str) -> Rows:
    return [
        [
            button(
                t.BTN_REPLACE,
                PlanCb(person_id=person_id, act=REPLACE, draft=draft, plan=plan),
                "positive",
            ),
            button(t.BTN_CANCEL, PlanCb(person_id=person_id, act=CANCEL, draft=draft, plan=plan)),
        ]
    ]
