"""Class chats: which chat purposes are still open."""

from __future__ import annotations

from bot.plan import default_plan
from bot.rules.checklist import ItemState
from bot.services.chats import ChatChoice, open_chat_choices


def test_open_chat_choices_skip_confirmed_and_not_applicable_items():
    plan = default_plan()
    items = [plan.item(c) for c in ("chat_students", "chat_parents", "chat_teachers", "course")]
    states = [
        ItemState(items[0], "na"),
        ItemState(items[1], "done"),
        ItemState(items[2], "done"),
        ItemState(items[3], None),
    ]
    assert open_chat_choices(states, {"chat_parents": "verified"}) == [ChatChoice("teachers")]
    assert open_chat_choices(states, {}) == [ChatChoice("parents"), ChatChoice("teachers")]
