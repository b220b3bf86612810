"""Checklist and invite rules, with fixed clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.plan import Item
from bot.rules.checklist import first_open, item_states, local_today, next_unanswered, summarize
from bot.rules.invites import (
    EXPIRED,
    REVOKED,
    USED_UP,
    deep_link,
    hash_code,
    invite_problem,
    new_code,
    well_formed,
)
from bot.vocab import Status


def item(code: str, deadline: date | None = date(2025, 11, 30)) -> Item:
    return Item(
        code=code,
        ref="п. 1",
        title=f"Пункт {code}",
        howto="Сделайте это.",
        roles=frozenset({"teacher"}),
        kinds=frozenset({"school"}),
        deadline=deadline,
        scope="personal",
    )


ITEMS = [item("a1"), item("b2"), item("c3", None), item("d4")]


@pytest.mark.parametrize(
    ("utc", "tz", "expected"),
    [
        # 30 Nov 21:30 UTC is already 1 Dec in Moscow (UTC+3), still 30 Nov in Kaliningrad (+2)
        (datetime(2025, 11, 30, 21, 30, tzinfo=UTC), "Europe/Moscow", date(2025, 12, 1)),
        (datetime(2025, 11, 30, 21, 30, tzinfo=UTC), "Europe/Kaliningrad", date(2025, 11, 30)),
        (datetime(2025, 11, 30, 14, 0, tzinfo=UTC), "Asia/Vladivostok", date(2025, 12, 1)),
        (datetime(2025, 11, 30, 18, 59, tzinfo=UTC), "Asia/Yekaterinburg", date(2025, 11, 30)),
    ],
)
def test_local_today_depends_on_the_school_zone(utc, tz, expected):
    assert local_today(utc, tz) == expected


def test_overdue_only_after_the_deadline_day_and_only_when_open():
    states = item_states(ITEMS, {"b2": Status.DONE})
    on_deadline, day_after = date(2025, 11, 30), date(2025, 12, 1)
    assert [s.overdue(on_deadline) for s in states] == [False, False, False, False]
    assert [s.overdue(day_after) for s in states] == [True, False, False, True]
    assert not item_states([ITEMS[0]], {"a1": Status.NA})[0].overdue(day_after)
    assert item_states([ITEMS[0]], {"a1": Status.HELP})[0].overdue(day_after)


def test_next_unanswered_goes_forward_and_wraps():
    states = item_states(ITEMS, {"a1": Status.DONE, "c3": Status.HELP})
    assert next_unanswered(states).item.code == "b2"
    assert next_unanswered(states, after="b2").item.code == "d4"
    assert next_unanswered(states, after="d4").item.code == "b2"
    answered = item_states(
        ITEMS, {"a1": Status.DONE, "b2": Status.DONE, "c3": Status.HELP, "d4": Status.NA}
    )
    assert next_unanswered(answered, after="a1") is None


def test_first_open_prefers_unanswered_then_help():
    assert first_open(item_states(ITEMS, {"a1": Status.HELP})).item.code == "b2"
    all_but_help = {"a1": Status.DONE, "b2": Status.HELP, "c3": Status.NA, "d4": Status.DONE}
    assert first_open(item_states(ITEMS, all_but_help)).item.code == "b2"
    assert first_open(item_states(ITEMS, {**all_but_help, "b2": Status.DONE})) is None


def test_summary_counts():
    s = summarize(
        item_states(ITEMS, {"a1": Status.DONE, "b2": Status.HELP, "c3": Status.NA}),
        date(2025, 12, 5),
    )
    assert (s.total, s.done, s.na, s.help, s.unanswered, s.overdue) == (4, 1, 1, 1, 1, 2)
    assert s.open == 2 and not s.finished


def test_invite_codes_are_long_random_and_url_safe():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert well_formed(code) and len(code) <= 64 and len(code) >= 32  # >= 192 bits
    assert not well_formed("short") and not well_formed("bad code with spaces!!")
    assert hash_code("x") != "x" and len(hash_code("x")) == 64
    assert deep_link("my_bot", "abc") == "https://max.ru/my_bot?start=abc"


def test_invite_problem_order():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    ok = dict(now=now, expires_at=now + timedelta(days=1), revoked_at=None, uses=0, max_uses=1)
    assert invite_problem(**ok) is None
    assert invite_problem(**{**ok, "uses": 1}) == USED_UP
    assert invite_problem(**{**ok, "expires_at": now}) == EXPIRED
    assert invite_problem(**{**ok, "revoked_at": now, "uses": 1}) == REVOKED
    assert invite_problem(**{**ok, "max_uses": None, "uses": 10**6}) is None
