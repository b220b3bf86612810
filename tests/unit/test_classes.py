"""Class labels and the school-year roll-over preview (bot.rules.classes): pure."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.classes import (
    CLOSE,
    KEEP,
    ClassInfo,
    Label,
    LabelProblem,
    TeacherInfo,
    parse_label,
    rollover_due,
    rollover_preview,
    school_year_of,
)


@pytest.mark.parametrize(
    ("typed", "label"), [("5А", "5А"), ("5а", "5А"), (" 11Б ", "11Б"), ("1Ё", "1Ё")]
)
def test_good_labels_are_normalised(typed: str, label: str) -> None:
    parsed = parse_label(typed)
    assert isinstance(parsed, Label) and parsed.label == label


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("5 А", "пишите без пробела: 5А"),
        ("5-А", "пишите без дефиса: 5А"),
        ("5a", "буква латинская, нужна русская: 5А"),
        ("5B", "буква латинская, нужна русская: 5Б"),
        ("12Б", "классы — с 1 по 11"),
        ("0А", "классы — с 1 по 11"),
        ("5", "нужна буква"),
        ("5АБ", "одна буква"),
        ("пятый", "не класс"),
        ("", "Пустое"),
    ],
)
def test_bad_labels_name_the_problem(typed: str, says: str) -> None:
    parsed = parse_label(typed)
    assert isinstance(parsed, LabelProblem) and says in parsed.message


def test_preschool_groups_are_free_names() -> None:
    assert parse_label("  Солнышко  ", "preschool") == Label("Солнышко")
    assert isinstance(parse_label("a|b", "preschool"), LabelProblem)


def test_the_school_year_turns_on_its_start_date() -> None:
    assert school_year_of(date(2026, 8, 31)) == "2025/26"
    assert school_year_of(date(2026, 9, 1)) == "2026/27"
    assert not rollover_due("2026/27", date(2027, 8, 31))
    assert rollover_due("2026/27", date(2027, 9, 1))
    assert not rollover_due(None, date(2027, 9, 1))


def test_the_preview_advances_closes_and_takes_corrections() -> None:
    teacher = TeacherInfo(7, "Иванова")
    classes = [
        ClassInfo(1, "5А", 5, "А", (teacher,)),
        ClassInfo(2, "11Б", 11, "Б"),
        ClassInfo(3, "1А", 1, "А", action=KEEP),
        ClassInfo(4, "7В", 7, "В", (TeacherInfo(8, "Петров", leaves=True),)),
    ]
    preview = rollover_preview("2026/27", classes)
    moves = {m.old_label: m for m in preview.moves}
    assert preview.to_year == "2027/28"
    assert moves["5А"].new_label == "6А" and moves["5А"].continuing == (teacher,)
    assert moves["11Б"].new_label is None and moves["11Б"].action == CLOSE
    assert moves["1А"].new_label == "1А" and moves["1А"].corrected
    assert [t.name for t in moves["7В"].leaving] == ["Петров"]
    assert preview.clashes == []
    changed = rollover_preview("2026/27", [*classes[:3], ClassInfo(4, "7В", 7, "В")])
    assert changed.digest != preview.digest


def test_a_class_kept_back_clashes_with_the_one_advancing_into_it() -> None:
    preview = rollover_preview(
        "2026/27", [ClassInfo(1, "5А", 5, "А"), ClassInfo(2, "6А", 6, "А", action=KEEP)]
    )
    assert preview.clashes == ["6А"]
