"""Staff: the pure rules (a person's status, overdue items, pages)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.plan import Item
from bot.rules.checklist import ItemState
from bot.rules.staff import (
    DONE,
    OPEN,
    OVERDUE,
    PAUSED,
    UNREACHABLE,
    overdue_items,
    page_of,
    person_status,
)

PAST, FUTURE = date(2026, 1, 10), date(2026, 2, 1)


def item(code: str, deadline: date | None) -> Item:
    return Item(
        code=code, ref="п. 1", title=code.upper(), howto="Сделайте.", roles=frozenset({"teacher"}),
        kinds=frozenset({"school"}), scope="personal", deadline=deadline,
    )  # fmt: skip


TODAY = date(2026, 1, 14)


def states(*pairs: tuple[date | None, str | None]) -> list[ItemState]:
    return [ItemState(item(f"i{n}", d), s) for n, (d, s) in enumerate(pairs)]


@pytest.mark.parametrize(
    ("items", "paused_until", "unreachable", "expected"),
    [
        (states((PAST, None), (FUTURE, "done")), None, None, OVERDUE),
        (states((PAST, "help")), None, None, OVERDUE),  # «help» is still open
        (states((PAST, "na"), (FUTURE, None)), None, None, OPEN),
        (states((None, None)), None, None, OPEN),  # no deadline: never overdue
        (states((PAST, "done"), (None, "na")), None, None, DONE),
        (states(), None, None, DONE),
        (states((PAST, None)), TODAY, None, PAUSED),  # paused through today
        (states((PAST, None)), TODAY - timedelta(days=1), None, OVERDUE),  # the pause is over
        (states((PAST, "done")), TODAY, datetime(2026, 1, 1, tzinfo=UTC), UNREACHABLE),
    ],
)
def test_person_status(items, paused_until, unreachable, expected):
    got = person_status(items, TODAY, paused_until=paused_until, unreachable_at=unreachable)
    assert got == expected


def test_overdue_items_keep_plan_order():
    s = states((PAST, None), (FUTURE, None), (PAST, "done"), (PAST, "help"))
    assert [x.item.code for x in overdue_items(s, TODAY)] == ["i0", "i3"]
    assert overdue_items(s, PAST) == []  # on the deadline day itself nothing is late


@pytest.mark.parametrize(
    ("total", "number", "expected"),
    [
        (0, 1, (1, 1, 0, 0)),
        (25, 1, (1, 3, 0, 10)),
        (25, 2, (2, 3, 10, 20)),
        (25, 3, (3, 3, 20, 25)),
        (25, 9, (3, 3, 20, 25)),  # clamped to the last page
        (25, 0, (1, 3, 0, 10)),
        (20, 2, (2, 2, 10, 20)),
        (21, 3, (3, 3, 20, 21)),
    ],
)
def test_page_of(total, number, expected):
    page = page_of(total, number)
    assert (page.number, page.pages, page.start, page.stop) == expected
    assert page.has_prev == (page.number > 1)
    assert page.has_next == (page.number < page.pages)


def test_page_of_rejects_a_zero_size():
    with pytest.raises(ValueError):
        page_of(5, 1, 0)


def test_declared_totals_are_whole_numbers_from_1_to_10000():
    from bot.rules.staff import parse_declared

    assert [parse_declared(x) for x in ("45", " 1 200 ", "10000", "1")] == [45, 1200, 10000, 1]
    for bad in ("0", "-5", "много", "1000000", "10001", "4,5", "", "٤٥", "12a"):
        assert parse_declared(bad) is None, bad
