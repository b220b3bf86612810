"""Class labels: a clear message for each way to write one wrong."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.classes import (
    CLOSE,
    KEEP,
    ClassInfo,
    LabelProblem,
    TeacherInfo,
    class_label,
    class_size,
    grade_and_letter,
    rollover_due,
    rollover_preview,
)
from bot.ui.texts.classes import label_problem


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("5А", "5А"),
        ("5а", "5А"),
        (" 11б ", "11Б"),
        ("1Ё", "1Ё"),
        ("5", "5"),
        ("Солнышко", "Солнышко"),
    ],
)
def test_good_labels_are_stored_in_one_spelling(text, stored):
    assert class_label(text) == (stored, None)


@pytest.mark.parametrize(
    ("text", "problem", "message"),
    [
        (
            "5 А",
            LabelProblem.SPACED,
            "класс пишется вместе, без пробела и дефиса: «5А», а не «5 А»",
        ),
        ("5-а", LabelProblem.SPACED, "«5А», а не «5-а»"),
        ("5a", LabelProblem.LATIN, "в «5a» латинская буква — нужна русская: «5А»"),
        ("7B", LabelProblem.LATIN, "нужна русская: «7В»"),
        ("12Б", LabelProblem.GRADE, "классы — с 1 по 11, а «12Б» не подходит"),
        ("0А", LabelProblem.GRADE, "классы — с 1 по 11"),
        ("5АБ", LabelProblem.FORMAT, "напишите цифру и русскую букву"),
        ("14", LabelProblem.GRADE, "классы — с 1 по 11"),
        ("", LabelProblem.EMPTY, "класс не указан"),
        ("Г" * 40, LabelProblem.TOO_LONG, "длиннее 32 символов"),
    ],
)
def test_bad_labels_are_named_with_what_was_meant(text, problem, message):
    suggestion, found = class_label(text)
    assert found is problem
    assert message in label_problem(found, text, suggestion)


# --- the school year and its roll-over ---------------------------------------------------------


def test_the_roll_over_is_due_from_the_school_years_start() -> None:
    assert not rollover_due("2026/27", date(2027, 8, 31))
    assert rollover_due("2026/27", date(2027, 9, 1))
    assert rollover_due("2026/27", date(2027, 8, 15), "08-15")
    assert not rollover_due(None, date(2027, 9, 1))


def test_the_preview_advances_closes_and_takes_corrections() -> None:
    teacher = TeacherInfo(7, "Иванова")
    classes = [
        ClassInfo(1, "5А", 5, "А", (teacher,)),
        ClassInfo(2, "11Б", 11, "Б"),
        ClassInfo(3, "1А", 1, "А", action=KEEP),
        ClassInfo(4, "7В", 7, "В", (TeacherInfo(8, "Петров", leaves=True),)),
        ClassInfo(5, "Солнышко", None, None),
    ]
    preview = rollover_preview("2026/27", classes)
    moves = {m.old_label: m for m in preview.moves}
    assert preview.to_year == "2027/28"
    assert moves["5А"].new_label == "6А" and moves["5А"].continuing == (teacher,)
    assert moves["11Б"].new_label is None and moves["11Б"].action == CLOSE
    assert moves["1А"].new_label == "1А" and moves["1А"].corrected
    assert [t.name for t in moves["7В"].leaving] == ["Петров"]
    assert moves["Солнышко"].new_label == "Солнышко"  # a group continues under its name
    assert preview.clashes == []
    changed = rollover_preview("2026/27", [*classes[:3], ClassInfo(4, "7В", 7, "В")])
    assert changed.digest != preview.digest  # a confirm drawn before a correction is stale


def test_a_class_kept_back_clashes_with_the_one_advancing_into_it() -> None:
    preview = rollover_preview(
        "2026/27", [ClassInfo(1, "5А", 5, "А"), ClassInfo(2, "6А", 6, "А", action=KEEP)]
    )
    assert preview.clashes == ["6А"]


@pytest.mark.parametrize(
    ("label", "parts"),
    [("5А", (5, "А")), ("11Б", (11, "Б")), ("5", (5, None)), ("Солнышко", (None, None))],
)
def test_a_label_splits_into_grade_and_letter(label, parts) -> None:
    assert grade_and_letter(label) == parts


@pytest.mark.parametrize(
    ("typed", "size"),
    [("25", 25), (" 1 ", 1), ("60", 60), ("0", None), ("61", None), ("2,5", None), ("-3", None),
     ("двадцать", None), ("２５", None), ("", None)],
)  # fmt: skip
def test_a_class_size_is_a_whole_number_up_to_sixty(typed, size) -> None:
    assert class_size(typed) == size


def test_a_grade_without_a_letter_advances_too() -> None:
    """A small school's only 5th grade («5») becomes «6», not a closed class."""
    p = rollover_preview("2026/27", [ClassInfo(1, "5", 5, None)])
    assert [(m.old_label, m.new_label, m.action) for m in p.moves] == [("5", "6", "advance")]
