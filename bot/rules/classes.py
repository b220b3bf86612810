"""Classes and the school year roll-over, as plain values (no I/O).

A class label of a general school is a grade 1–11 followed by one
Cyrillic capital letter, written together: «5А», «11Б». One written form, so that the label
typed by the administrator, the one in an invite, in the roster and in the export are the same
string. What is accepted and what is refused, with the message shown:

- «5а» → «5А»: a lower-case letter is only a matter of the keyboard, normalised silently;
- «5 А», «5-А» → refused, «пишите без пробела: 5А» (or «без дефиса»): the issue lists «5 А» as
  bad input that must be named; refusing with the fixed form at hand costs one retype and
  keeps a single spelling (and never guesses what «5 АБ» or «5 - А1» meant);
- «5a» (a Latin letter) → refused, «буква латинская, нужна русская: 5А» (the Russian letter
  suggested where the Latin one looks or sounds like one);
- «12Б», «0А» → refused, «классы — с 1 по 11».

A preschool (ДОУ) and an УДО have groups, not grades: any name of 1–16 printable characters
(whitespace collapsed, no «|», which cannot travel in a button). Groups do not advance at the
roll-over: they continue under their name into the new year (unless closed).

The roll-over: a school is in a school year ("2026/27"); from the year's start date
(`year_starts`, "MM-DD", default 1 September) in the school's zone it is behind until its
administrator confirms the preview (`rollover_preview`). Per class the administrator may
correct the default: ADVANCE (5А → 6А; the default below grade 11), KEEP (the label stays, the
class moves into the new year — e.g. a 1st grade created in September before the roll-over)
or CLOSE (graduated or disbanded; the default for grade 11), and say which teachers do not
continue.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from bot.vocab import Kind

GRADES = range(1, 12)
LABEL_MAX = 16
DEFAULT_YEAR_STARTS = "09-01"
PAYLOAD_SEPARATOR = "|"

# Latin letters and the Russian ones they stand for (by look or by sound).
LATIN_TO_RUSSIAN = {
    "A": "А", "B": "Б", "V": "В", "G": "Г", "D": "Д", "E": "Е", "Z": "З", "I": "И", "K": "К",
    "L": "Л", "M": "М", "N": "Н", "O": "О", "P": "П", "R": "Р", "S": "С", "T": "Т", "U": "У",
    "F": "Ф", "H": "Н", "C": "С", "X": "Х", "Y": "У",
}  # fmt: skip
_GRADED = re.compile(r"(\d+)([\s\-–—]*)(\S*)")
_CYRILLIC_CAPITAL = re.compile(r"[А-ЯЁ]")


@dataclass(frozen=True, slots=True)
class Label:
    """A valid label: "5А" with grade 5, letter "А"; a ДОУ group with grade and letter None."""

    label: str
    grade: int | None = None
    letter: str | None = None


@dataclass(frozen=True, slots=True)
class LabelProblem:
    """Why a typed label was refused, in Russian, with the fixed form when there is one."""

    message: str


def has_grades(kind: str) -> bool:
    """A general school numbers its classes; a ДОУ or УДО names its groups."""
    return kind == Kind.SCHOOL


def graded(grade: int, letter: str) -> str:
    return f"{grade}{letter}"


def parse_label(text: str, kind: str = Kind.SCHOOL) -> Label | LabelProblem:
    """A typed class label checked and normalised (see the module docstring)."""
    stripped = " ".join(text.split())
    if not stripped:
        return LabelProblem("Пустое название. Напишите класс, например: 5А")
    if PAYLOAD_SEPARATOR in stripped:
        return LabelProblem("Символ «|» в названии нельзя.")
    if len(stripped) > LABEL_MAX:
        return LabelProblem(f"Слишком длинно: не больше {LABEL_MAX} символов.")
    if not has_grades(kind):
        return Label(stripped)
    match = _GRADED.fullmatch(stripped)
    if match is None:
        return LabelProblem(
            f"«{stripped}» — не класс: нужен номер с 1 по 11 и русская буква, например 5А."
        )
    digits, gap, letters = match.groups()
    grade = int(digits)
    if grade not in GRADES:
        return LabelProblem(f"«{stripped}»: классы — с 1 по 11.")
    if not letters:
        return LabelProblem(f"«{stripped}»: после номера нужна буква класса, например {grade}А.")
    if len(letters) != 1:
        return LabelProblem(f"«{stripped}»: после номера — одна буква, например {grade}А.")
    letter = letters.upper()
    if letter in LATIN_TO_RUSSIAN:
        fixed = graded(grade, LATIN_TO_RUSSIAN[letter])
        return LabelProblem(f"«{stripped}»: буква латинская, нужна русская: {fixed}")
    if not _CYRILLIC_CAPITAL.fullmatch(letter):
        return LabelProblem(f"«{stripped}»: после номера нужна русская буква, например {grade}А.")
    if gap:
        what = "пробела" if gap.isspace() else "дефиса"
        return LabelProblem(f"«{stripped}»: пишите без {what}: {graded(grade, letter)}")
    return Label(graded(grade, letter), grade, letter)


def class_sort_key(label: str) -> tuple[int, str]:
    """5А < 5Б < 10А; labels without a leading number (ДОУ groups) after the numbered ones."""
    match = re.match(r"\d+", label)
    return (int(match.group()) if match else 10**6, label[match.end() if match else 0 :])


# --- the school year -------------------------------------------------------------------------


def year_label(start: int) -> str:
    """2026 → "2026/27"."""
    return f"{start}/{(start + 1) % 100:02d}"


def year_start(year: str) -> int:
    """The first calendar year of a school year: "2026/27" → 2026."""
    return int(year.split("/", 1)[0])


def next_year(year: str) -> str:
    return year_label(year_start(year) + 1)


def starts_on(start: int, year_starts: str = DEFAULT_YEAR_STARTS) -> date:
    month, day = (int(x) for x in year_starts.split("-"))
    return date(start, month, day)


def school_year_of(day: date, year_starts: str = DEFAULT_YEAR_STARTS) -> str:
    """The school year a local date belongs to: from `year_starts` ("MM-DD") on, the new one."""
    start = day.year if day >= starts_on(day.year, year_starts) else day.year - 1
    return year_label(start)


def effective_year(
    school_year: str | None, today: date, year_starts: str = DEFAULT_YEAR_STARTS
) -> str:
    """The school year a school is in: its own, once set; else the calendar's."""
    return school_year or school_year_of(today, year_starts)


def rollover_due(
    school_year: str | None, today: date, year_starts: str = DEFAULT_YEAR_STARTS
) -> bool:
    """The calendar has moved into a later school year than the school is in."""
    if school_year is None:
        return False
    return year_start(school_year_of(today, year_starts)) > year_start(school_year)


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
        if action == ADVANCE and c.grade is not None and c.letter is not None:
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
