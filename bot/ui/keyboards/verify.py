"""Keyboards and callback payloads: verify (part of `bot.ui.keyboards`).

Prefixes: "v" (an administrator's review of a screenshot)."""

from __future__ import annotations

from typing import ClassVar

from bot.ui.keyboards import Payload, Rows, button
from bot.ui.keyboards.checklist import OpenItemCb
from bot.ui.texts import verify as t

APPROVE = "approve"
RETURN = "return"  # ask for a reason; the reasons are the keys of texts.verify.RETURN_REASONS


class EvidenceCb(Payload, prefix="v"):
    """An administrator's action on a screenshot: act "approve", "return" or a reason code
    ("r1"…)."""

    codes: ClassVar[dict[str, dict[str, str]]] = {"act": {APPROVE: "ok", RETURN: "ret"}}

    evidence_id: int
    act: str


def review_keyboard(evidence_id: int) -> Rows:
    return [
        [button(t.BTN_APPROVE, EvidenceCb(evidence_id=evidence_id, act=APPROVE), "positive")],
        [button(t.BTN_RETURN, EvidenceCb(evidence_id=evidence_id, act=RETURN), "negative")],
    ]


def reasons_keyboard(evidence_id: int) -> Rows:
    return [
        [button(reason, EvidenceCb(evidence_id=evidence_id, act=code))]
        for code, reason in t.RETURN_REASONS.items()
    ]


def open_item_keyboard(pid: int, code: str) -> Rows:
    return [[button(t.BTN_OPEN_ITEM, OpenItemCb(person_id=pid, code=code))]]
