"""Class labels: "5А" (a grade 1–11 and a Cyrillic letter) or a group's name. Pure.

A label that starts with a digit is a school class: a grade 1–11 and one Cyrillic letter,
written together («5А»), or the grade alone (a small school's only class of it). A small
letter is made capital («5а» → «5А»); a space, a hyphen, a Latin letter or a grade past 11
is a mistake worth a clear message, not a guess (a Latin «a» looks the same and would make
a second class «5A» beside «5А»). Anything else is a group's name (ДОУ «Солнышко», УДО
«Робототехника»), up to 32 characters.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.rules.calendar import next_year, school_year_of, year_first

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


def grade_and_letter(label: str) -> tuple[int | None, str | None]:
    """(5, "А") of a stored label «5А»; (5, None) of a grade alone; (None, None) of a group."""
    if m := _CLASS.match(label):
        return int(m.group(1)), m.group(2)
    if label.isdigit():
        return int(label), None
    return None, None


SIZE_MAX = 60  # students in a class or a group; a bigger number is a typo


def class_size(text: str) -> int | None:
    """The number of students typed («25»): a whole number 1..SIZE_MAX; None for anything else."""
    digits = text.strip()
    if not digits.isascii() or not digits.isdigit():
        return None
    value = int(digits)
    return value if 1 <= value <= SIZE_MAX else None


# --- the school year and its roll-over --------------------------------------------------------
#
# A school is in a school year ("2026/27"); from the year's start date (the plan's
# `year_starts`, "MM-DD", default 1 September) in the school's zone it is behind until its
# administrator confirms the preview (`rollover_preview`). Per class the administrator may
# correct the default: ADVANCE (5А → 6А; the default below grade 11), KEEP (the label stays,
# the class moves into the new year — e.g. a 1st grade created in September before the
# roll-over) or CLOSE (graduated or disbanded; the default for grade 11), and say which
# teachers do not continue. A group (no grade) continues under its name by default.

GRADES = range(1, GRADE_MAX + 1)


def graded(grade: int, letter: str | None) -> str:
    """«6А»; a small school's only class of a grade is the grade alone («6»)."""
    return f"{grade}{letter or ''}"


def class_sort_key(label: str) -> tuple[int, str]:
    """5А < 5Б < 10А; labels without a leading number (groups) after the numbered ones."""
    match = re.match(r"\d+", label)
    return (int(match.group()) if match else 10**6, label[match.end() if match else 0 :])


def rollover_due(school_year: str | None, today: date, starts: str = "09-01") -> bool:
    """The calendar has moved into a later school year than the school is in."""
    if school_year is None:
        return False
    return year_first(school_year_of(today, starts)) > year_first(school_year)


# --- the roll-over preview -------------------------------------------------------------------

ADVANCE = "advance"
KEEP = "keep"
CLOSE = "close"
ACTIONS = (ADVANCE, KEEP, CLOSE)


@dataclass(frozen=True, slots=True)
class TeacherInfo:
    person_id: int
    name: str
    leaves: bool = False  # the administrator said they do not continue with this class


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A class as the roll-over sees it; `action` None = the default for its grade."""

    id: int
    label: str
    grade: int | None
    letter: str | None
    teachers: tuple[TeacherInfo, ...] = ()
    action: str | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Move:
    class_id: int
    old_label: str
    new_label: str | None  # None: the class closes
    action: str
    corrected: bool  # the administrator chose other than the default
    continuing: tuple[TeacherInfo, ...]
    leaving: tuple[TeacherInfo, ...]


@dataclass(frozen=True)
class Preview:
    from_year: str
    to_year: str
    moves: list[Move]
    clashes: list[str] = field(default_factory=list)  # labels two classes would both have
    new_first_grades: bool = True  # a school with grades gets its 1st grades to add
    digest: str = ""  # what this preview says, in short (a confirm drawn for another is stale)

    @property
    def advancing(self) -> list[Move]:
        return [m for m in self.moves if m.action == ADVANCE]

    @property
    def closing(self) -> list[Move]:
        return [m for m in self.moves if m.action == CLOSE]

    @property
    def kept(self) -> list[Move]:
        return [m for m in self.moves if m.action == KEEP]


def default_action(grade: int | None) -> str:
    if grade is None:
        return KEEP  # a ДОУ group continues under its name
    return CLOSE if grade >= max(GRADES) else ADVANCE


def allowed_actions(grade: int | None) -> tuple[str, ...]:
    if grade is None:
        return (KEEP, CLOSE)
    if grade >= max(GRADES):
        return (CLOSE, KEEP)
    return ACTIONS


def action_of(info: ClassInfo) -> str:
    if info.action in allowed_actions(info.grade):
        return info.action
    return default_action(info.grade)


def rollover_preview(from_year: str, classes: list[ClassInfo], has_grades: bool = True) -> Preview:
    """What confirming the roll-over of `from_year` would do to these (open) classes."""
    moves = []
    for c in sorted(classes, key=lambda c: (class_sort_key(c.label), c.id)):
        action = action_of(c)
        new_label = None
        if action == ADVANCE and c.grade is not None:
            new_label = graded(c.grade + 1, c.letter)
        elif action == KEEP:
            new_label = c.label
        moves.append(
            Move(
                c.id, c.label, new_label, action, action != default_action(c.grade),
                tuple(t for t in c.teachers if not t.leaves),
                tuple(t for t in c.teachers if t.leaves),
            )
        )  # fmt: skip
    labels = [m.new_label for m in moves if m.new_label is not None]
    clashes = sorted({x for x in labels if labels.count(x) > 1}, key=class_sort_key)
    return Preview(
        from_year, next_year(from_year), moves, clashes, has_grades, _digest(from_year, moves)
    )


def _digest(from_year: str, moves: list[Move]) -> str:
    text = from_year + ";".join(
        f"{m.class_id}:{m.action}:{','.join(str(t.person_id) for t in m.leaving)}" for m in moves
    )
    return hashlib.sha256(text.encode()).hexdigest()[:8]
