"""Honest figures: completion against the declared staff, and the ranking."""

from __future__ import annotations

from datetime import date

from bot.plan import builtin_plan
from bot.rules.progress import Member, school_progress
from bot.rules.standing import (
    item_share,
    missing_people,
    ranked,
    school_share,
    standing,
    total_share,
)

PLAN = builtin_plan("2025")
DAY = date(2025, 11, 1)
TEACHER = [i.code for i in PLAN.personal_items_for("teacher", "school")]


def _school(done: int, joined: int, answered: int) -> list[Member]:
    """`joined` teachers, `done` of them answered the first `answered` items."""
    return [
        Member(n, f"Учитель {n}", "teacher",
               {c: "done" for c in TEACHER[:answered]} if n <= done else {})
        for n in range(1, joined + 1)
    ]  # fmt: skip


def test_missing_people():
    assert missing_people(1, 40) == 39
    assert missing_people(45, 40) == 0  # more joined than declared: nobody missing
    assert missing_people(3, None) is None and missing_people(3, 0) is None


def test_unknown_staff_is_not_a_hundred_percent():
    lone = school_progress(PLAN, "school", _school(1, 1, len(TEACHER)), {}, DAY)
    assert lone.percent == 100.0
    assert school_share(lone, None) is None
    assert all(item_share(f, 1, None) is None for f in lone.items)


def test_item_share_counts_missing_people_as_not_done():
    progress = school_progress(PLAN, "school", _school(3, 4, 1), {}, DAY)
    first = next(f for f in progress.items if f.code == TEACHER[0])
    assert (first.done, first.counted) == (3, 4)
    assert item_share(first, 4, 10) == 30.0  # 3 of 10 declared, not 3 of 4
    assert item_share(first, 4, 3) == 75.0  # more joined than declared: of those counted


def test_lone_administrator_ranks_below_a_real_school():
    # 1 of 40 declared joined and answered everything: 100 % of those who joined.
    lone = school_progress(PLAN, "school", _school(1, 1, len(TEACHER)), {}, DAY)
    # 30 of 40 joined; about half of the work done: 47 % of those who joined.
    busy = school_progress(PLAN, "school", _school(14, 30, len(TEACHER)), {}, DAY)
    assert lone.percent == 100.0 and round(busy.percent) == 47
    a, b = standing("Лицей", lone, 40), standing("Гимназия", busy, 40)
    assert a.share is not None and round(a.share, 1) == 2.5  # done / declared
    assert b.share is not None and round(b.share) == 35
    assert [s.name for s in ranked([a, b])] == ["Гимназия", "Лицей"]


def test_unknown_staff_ranks_after_known():
    full = school_progress(PLAN, "school", _school(5, 5, len(TEACHER)), {}, DAY)
    some = school_progress(PLAN, "school", _school(1, 40, 1), {}, DAY)
    order = ranked([standing("А", full, None), standing("Б", some, 40)])
    assert [s.name for s in order] == ["Б", "А"]


def test_total_share_over_declared_schools():
    lone = school_progress(PLAN, "school", _school(1, 1, len(TEACHER)), {}, DAY)
    busy = school_progress(PLAN, "school", _school(14, 30, len(TEACHER)), {}, DAY)
    assert total_share([(lone, None)]) is None
    total = total_share([(lone, 40), (busy, 40), (lone, None)])
    assert total is not None and round(total, 1) == round(100 * 15 / 80, 1)  # 15 of 80 done
