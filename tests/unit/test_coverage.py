"""The class chats' figures (bot.rules.coverage): who counts, the cap, the school's totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.rules.coverage import (
    ChatCount,
    Member,
    class_coverage,
    count_members,
    coverage,
    member_key,
    school_coverage,
)

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_member_keys_are_keyed_and_stable():
    assert member_key(b"k1", 42) == member_key(b"k1", 42)
    assert member_key(b"k1", 42) != member_key(b"k2", 42)
    assert member_key(b"k1", 42) != member_key(b"k1", 43)
    assert len(member_key(b"k1", 42)) == 32 and int(member_key(b"k1", 42), 16) >= 0


def test_staff_are_not_counted_and_active_means_seen_within_seven_days():
    members = [
        Member("staff", NOW),
        Member("a", NOW - timedelta(days=1)),
        Member("b", NOW - timedelta(days=7)),
        Member("c", NOW - timedelta(days=8)),
        Member("d", None),
    ]
    counted = count_members(members, {"staff"}, NOW)
    assert (counted.present, counted.active) == (4, 2)


def test_coverage_is_capped_at_the_class_size_and_needs_one():
    assert coverage("5А", "parents", 18, 5, 26).percent == 100 * 18 / 26
    capped = coverage("5А", "parents", 30, 5, 26)
    assert (capped.percent, capped.capped) == (100.0, True)
    assert coverage("5А", "parents", 18, 5, None).percent is None
    assert coverage("5А", "parents", None, None, 26).percent is None
    assert not coverage("5А", "parents", None, None, 26).counted


def test_two_chats_of_one_class_add_up_and_teachers_chats_are_left_out():
    counts = [
        ChatCount(1, "5А", 20, "parents", 8, 2),
        ChatCount(1, "5А", 20, "parents", 6, 1),
        ChatCount(1, "5А", 20, "teachers", 9, 9),
        ChatCount(2, "10Б", 25, "students", None, None),
    ]
    figures = class_coverage(counts)
    assert [(f.class_label, f.purpose, f.present) for f in figures] == [
        ("5А", "parents", 14), ("10Б", "students", None),
    ]  # fmt: skip


def test_school_totals_cap_each_class_and_count_every_class_size():
    figures = class_coverage([
        ChatCount(1, "5А", 20, "parents", 25, 10),  # over the size: 20
        ChatCount(2, "6А", 30, "students", 15, 15),
    ])  # fmt: skip
    totals = school_coverage(figures, [20, 30, 50])  # 7А has no chat: its 50 count too
    assert (totals.parents, totals.students, totals.size) == (20, 15, 100)
    assert totals.parents_percent == 20.0 and totals.students_percent == 15.0
    assert totals.active_percent == 100 * (10 + 15) / 200
    assert school_coverage([], [None]).parents_percent is None
