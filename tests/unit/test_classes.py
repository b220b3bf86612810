"""Class labels: a clear message for each way to write one wrong."""

from __future__ import annotations

import pytest

from bot.rules.classes import LabelProblem, class_label
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
