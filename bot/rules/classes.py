"""Class labels: "5А" (a grade 1–11 and a Cyrillic letter) or a group's name. Pure.

A label that starts with a digit is a school class: a grade 1–11 and one Cyrillic letter,
written together («5А»), or the grade alone (a small school's only class of it). A small
letter is made capital («5а» → «5А»); a space, a hyphen, a Latin letter or a grade past 11
is a mistake worth a clear message, not a guess (a Latin «a» looks the same and would make
a second class «5A» beside «5А»). Anything else is a group's name (ДОУ «Солнышко», УДО
«Робототехника»), up to 32 characters.
"""

from __future__ import annotations

import re
from enum import StrEnum

GRADE_MAX = 11
NAME_MAX = 32
_CLASS = re.compile(r"^(\d{1,2})([А-ЯЁа-яё])$")
_LATIN = re.compile(r"^(\d{1,2})\s*[-‐–]?\s*([A-Za-z])$")
_SPACED = re.compile(r"^(\d{1,2})\s*[-‐–\s]\s*([А-ЯЁа-яё])$")
_LOOKALIKE = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")


class LabelProblem(StrEnum):
    EMPTY = "empty"
    SPACED = "spaced"  # «5 А», «5-А»
    LATIN = "latin"  # «5a»
    GRADE = "grade"  # «12Б», «0А»
    FORMAT = "format"  # «5», «5АБ»
    TOO_LONG = "too_long"


def class_label(text: str) -> tuple[str, LabelProblem | None]:
    """(the label as stored, None) or (a suggestion or the text, the problem)."""
    label = " ".join(text.split())
    if not label:
        return "", LabelProblem.EMPTY
    if not label[0].isdigit():
        if len(label) > NAME_MAX:
            return label, LabelProblem.TOO_LONG
        return label, None
    if m := _CLASS.match(label):
        grade, letter = int(m.group(1)), m.group(2).upper()
        if not 1 <= grade <= GRADE_MAX:
            return label, LabelProblem.GRADE
        return f"{grade}{letter}", None
    if m := _LATIN.match(label):
        return f"{int(m.group(1))}{m.group(2).translate(_LOOKALIKE).upper()}", LabelProblem.LATIN
    if m := _SPACED.match(label):
        return f"{int(m.group(1))}{m.group(2).upper()}", LabelProblem.SPACED
    if label.isdigit():  # a small school's only class of the grade
        return (
            (str(int(label)), None) if 1 <= int(label) <= GRADE_MAX else (label, LabelProblem.GRADE)
        )
    return label, LabelProblem.FORMAT
