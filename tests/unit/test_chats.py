"""Class chats: which chat purposes are still open."""

from __future__ import annotations

from bot.plan import default_plan
from bot.rules.checklist import ItemState
from bot.services.chats import open_chat_purposes


def test_open_chat_purposes_skip_confirmed_and_not_applicable_items():
    plan = default_plan()
    items = [plan.item(c) for c in ("chat_students", "chat_parents", "chat_teachers", "course")]
    states = [
        ItemState(items[0], "na"),
        ItemState(items[1], "done"),
        ItemState(items[2], "done"),
        ItemState(items[3], None),
    ]
    assert open_chat_purposes(states, {"chat_parents": "verified"}) == ["teachers"]
    assert open_chat_purposes(states, {}) == ["parents", "teachers"]
