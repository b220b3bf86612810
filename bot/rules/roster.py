"""Roster files (CSV or XLSX from a school administrator) → validated rows, or every problem.

Plain functions, no I/O: the caller passes the file's bytes. A file is accepted whole or not
at all: `parse_roster` returns either rows or a list of problems, each with the row number as
the administrator sees it in the spreadsheet (the header is row 1), the column as titled in the
file, and the reason in Russian.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.rules import classes, uploads
from bot.ui.texts import classes as class_texts
from bot.ui.texts import roster as t
from bot.ui.texts import uploads as upload_texts
from bot.vocab import Role

MAX_ROWS = 2000
MAX_NAME = 200
MAX_POSITION = 200
MAX_CLASS = 16
# Excel often keeps formatting far below the data: stop reading after this many empty rows.
EMPTY_RUN_LIMIT = 1000

NAME, POSITION, ROLE, CLASS, STUDENTS = "name", "position", "role", "class", "students"
HEADER_TITLES = {
    NAME: "ФИО", POSITION: "должность", ROLE: "роль", CLASS: "класс", STUDENTS: "учеников"
}  # fmt: skip
HEADER_ALIASES = {
    NAME: ("фио", "ф.и.о.", "ф.и.о", "ф и о", "фамилия имя отчество", "full name", "name"),
    POSITION: ("должность", "position"),
    ROLE: ("роль", "role"),
    CLASS: ("класс", "class", "класс/группа", "группа"),
    STUDENTS: (
        "учеников", "число учеников", "количество учеников", "кол-во учеников",
        "учеников в классе", "детей", "students",
    ),
}  # fmt: skip
ROLE_ALIASES: dict[str, Role] = {
    "admin": Role.ADMIN,
    "administrator": Role.ADMIN,
    "администратор": Role.ADMIN,
    "ответственный администратор": Role.ADMIN,
    "class_teacher": Role.CLASS_TEACHER,
    "классный руководитель": Role.CLASS_TEACHER,
    "кл. руководитель": Role.CLASS_TEACHER,
    "кл руководитель": Role.CLASS_TEACHER,
    "классрук": Role.CLASS_TEACHER,
    "teacher": Role.TEACHER,
    "учитель": Role.TEACHER,
    "педагог": Role.TEACHER,
    "staff": Role.STAFF,
    "сотрудник": Role.STAFF,
}
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RosterRow:
    """One expected person, as read from the file (`line`: the spreadsheet row number)."""

    line: int
    full_name: str
    position: str | None
    role: str
    class_label: str | None
    class_size: int | None = None  # the class's number of students, when the file gives it

    @property
    def name_key(self) -> str:
        return name_key(self.full_name)


@dataclass(frozen=True)
class RosterProblem:
    row: int | None  # None: the whole file
    column: str | None  # the column's title as written in the file
    reason: str  # Russian

    def text(self) -> str:
        """«Строка 5, столбец «role»: неизвестная роль …»"""
        return t.problem_line(self.row, self.column, self.reason)

    def cli_text(self, filename: str) -> str:
        """«roster.csv: row 5, column role: неизвестная роль …»"""
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        prefix = ", ".join(where) + ": " if where else ""
        return f"{filename}: {prefix}{self.reason}"


@dataclass(frozen=True)
class ParsedRoster:
    rows: list[RosterRow]
    problems: list[RosterProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def clean(value: str) -> str:
    """Spaces collapsed and trimmed (non-breaking spaces included)."""
    return SPACES.sub(" ", value.replace("\u00a0", " ")).strip()


def name_key(full_name: str) -> str:
    """The normalised name re-imports match on: lower case, ё → е, single spaces."""
    return clean(full_name).lower().replace("ё", "е")


def names_match(name: str, full_name: str) -> bool:
    """Whether a person called `name` (in MAX: «Имя Фамилия») is the roster's `full_name`
    («Фамилия Имя Отчество»): the same words in any order, or, for a name of two words or
    more, all of them among the roster's."""
    mine, listed = set(name_key(name).split()), set(name_key(full_name).split())
    return mine == listed or (len(mine) >= 2 and mine <= listed)


def _header_key(title: str) -> str:
    return clean(title).lower().replace("ё", "е")


def normalise_role(value: str) -> str | None:
    """The role code for a cell value (English or Russian, any case), or None if unknown."""
    key = _header_key(value)
    if key in ROLE_ALIASES:
        return ROLE_ALIASES[key]
    return ROLE_ALIASES.get(re.sub(r"[\s-]+", "_", key))


def _cell(value: Any) -> str:
    """A cell as text: numbers without a useless «.0», dates as дд.мм.гггг."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return clean(str(value))


# --- reading the two formats ------------------------------------------------------------------


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _capped(values: Sequence[Any]) -> list[Any] | RosterProblem:
    """A row's cells up to the last filled one, or a problem if a cell past the column limit
    is filled (formatted but empty cells far to the right are what Excel often leaves)."""
    end = len(values)
    while end and not _filled(values[end - 1]):
        end -= 1
    if end > uploads.MAX_COLUMNS:
        return RosterProblem(None, None, upload_texts.too_many_columns(None, uploads.MAX_COLUMNS))
    return list(values[:end])


def csv_records(data: bytes) -> list[list[Any]] | RosterProblem:
    """The records of a CSV file (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1251,
    KOI8-R or CP866; «;», «,» or tab)."""
    text = uploads.decode_text(data)
    if text is None or "\x00" in text[:4096]:
        binary = text is not None or b"\x00" in data[:4096]
        return RosterProblem(None, None, t.NOT_CSV if binary else upload_texts.BAD_ENCODING)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records: list[list[Any]] = []
    # The field size limit is global to the csv module: raised for this file only.
    previous = csv.field_size_limit(uploads.MAX_CSV_FIELD)
    try:
        for values in reader:
            row = _capped(values)
            if isinstance(row, RosterProblem):
                return row
            records.append(row)
    except csv.Error:
        return RosterProblem(None, None, upload_texts.csv_broken(reader.line_num))
    finally:
        csv.field_size_limit(previous)
    return records


def xlsx_records(data: bytes) -> list[list[Any]] | RosterProblem:
    """The rows of the first worksheet of an XLSX file, as cell values: refused before it is
    parsed if the archive is over the limits (`uploads.inspect_xlsx`), then read no further
    than the limits whatever the sheet declares (a damaged file fails here, not half-way)."""
    refusal = uploads.inspect_xlsx(data)
    if refusal is not None:
        return RosterProblem(None, None, refusal)
    from openpyxl import load_workbook

    rows: list[list[Any]] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                return RosterProblem(None, None, t.NOT_XLSX)
            filled = empty_run = 0
            for values in workbook.worksheets[0].iter_rows(
                max_row=uploads.MAX_SHEET_ROWS, max_col=uploads.MAX_COLUMNS + 1, values_only=True
            ):
                row = _capped(values)
                if isinstance(row, RosterProblem):
                    return row
                rows.append(row)
                if row:
                    filled, empty_run = filled + 1, 0
                else:
                    empty_run += 1
                if filled > MAX_ROWS + 1 or empty_run >= EMPTY_RUN_LIMIT:
                    break
        finally:
            workbook.close()
    except Exception:  # any damaged or foreign file: openpyxl raises many kinds
        return RosterProblem(None, None, t.NOT_XLSX)
    return rows


# --- validation -------------------------------------------------------------------------------


def _numbered(records: Iterable[list[Any]]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) for non-empty rows; stops after a long run of empty rows."""
    empty_run = 0
    for number, record in enumerate(records, start=1):
        cells = [_cell(v) for v in record]
        if not any(cells):
            empty_run += 1
            if empty_run >= EMPTY_RUN_LIMIT:
                return
            continue
        empty_run = 0
        yield number, cells


def _columns(header: list[str], problems: list[RosterProblem], row: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        for field, aliases in HEADER_ALIASES.items():
            if key in aliases:
                if field in found:
                    problems.append(
                        RosterProblem(row, title, t.duplicate_column(title, found[field] + 1))
                    )
                else:
                    found[field] = index
    for field in (NAME, ROLE):
        if field not in found:
            problems.append(RosterProblem(row, None, t.missing_column(HEADER_TITLES[field])))
    return found


def validate(records: Iterable[list[Any]]) -> ParsedRoster:
    """Rows of cells (the first non-empty one is the header) → rows or every problem found."""
    problems: list[RosterProblem] = []
    numbered = _numbered(records)
    first = next(numbered, None)
    if first is None:
        return ParsedRoster([], [RosterProblem(None, None, t.EMPTY_FILE)])
    header_row, header = first
    columns = _columns(header, problems, header_row)
    if problems:
        return ParsedRoster([], problems)

    def title(field: str) -> str:
        return header[columns[field]] if field in columns else HEADER_TITLES[field]

    def get(cells: list[str], field: str) -> str:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    sizes: dict[str, tuple[int, int]] = {}  # class -> (the row that gave its size, the size)
    count = 0
    for number, cells in numbered:
        count += 1
        if count > MAX_ROWS:
            return ParsedRoster([], [RosterProblem(None, None, t.too_many_rows(MAX_ROWS))])
        name, position = get(cells, NAME), get(cells, POSITION)
        role_text, class_label = get(cells, ROLE), get(cells, CLASS)
        before = len(problems)
        if not name:
            problems.append(RosterProblem(number, title(NAME), t.EMPTY_NAME))
        elif len(name) > MAX_NAME:
            problems.append(RosterProblem(number, title(NAME), t.too_long(MAX_NAME)))
        elif name_key(name) in seen:
            problems.append(
                RosterProblem(number, title(NAME), t.duplicate_name(name, seen[name_key(name)]))
            )
        else:
            seen[name_key(name)] = number
        if len(position) > MAX_POSITION:
            problems.append(RosterProblem(number, title(POSITION), t.too_long(MAX_POSITION)))
        role = normalise_role(role_text) if role_text else None
        if not role_text:
            problems.append(RosterProblem(number, title(ROLE), t.EMPTY_ROLE))
        elif role is None:
            problems.append(RosterProblem(number, title(ROLE), t.unknown_role(role_text)))
        if role == Role.CLASS_TEACHER and not class_label:
            problems.append(RosterProblem(number, title(CLASS), t.CLASS_REQUIRED))
        elif role is not None and role != Role.CLASS_TEACHER and class_label:
            problems.append(RosterProblem(number, title(CLASS), t.CLASS_NOT_ALLOWED))
        elif len(class_label) > MAX_CLASS:
            problems.append(RosterProblem(number, title(CLASS), t.too_long(MAX_CLASS)))
        elif class_label:
            class_label, label_problem = classes.class_label(class_label)
            if label_problem is not None:
                problems.append(RosterProblem(
                    number, title(CLASS),
                    class_texts.label_problem(label_problem, get(cells, CLASS), class_label),
                ))  # fmt: skip
        size_text, size = get(cells, STUDENTS), None
        if size_text and not class_label:
            problems.append(RosterProblem(number, title(STUDENTS), t.STUDENTS_WITHOUT_CLASS))
        elif size_text:
            size = classes.class_size(size_text)
            earlier = sizes.get(class_label)
            if size is None:
                problems.append(
                    RosterProblem(number, title(STUDENTS), t.bad_students(classes.SIZE_MAX))
                )
            elif earlier is not None and earlier[1] != size:
                problems.append(RosterProblem(
                    number, title(STUDENTS), t.students_differ(class_label, earlier[0]),
                ))  # fmt: skip
            else:
                sizes.setdefault(class_label, (number, size))
        if len(problems) == before and role is not None:
            rows.append(RosterRow(number, name, position or None, role, class_label or None, size))
    if count == 0:
        return ParsedRoster([], [RosterProblem(None, None, t.NO_ROWS)])
    if problems:
        return ParsedRoster([], problems)
    return ParsedRoster(rows, [])


def parse_csv(data: bytes) -> ParsedRoster:
    records = csv_records(data)
    if isinstance(records, RosterProblem):
        return ParsedRoster([], [records])
    return validate(records)


def parse_xlsx(data: bytes) -> ParsedRoster:
    records = xlsx_records(data)
    if isinstance(records, RosterProblem):
        return ParsedRoster([], [records])
    return validate(records)


PARSERS = {".csv": parse_csv, ".xlsx": parse_xlsx}


def file_kind(filename: str | None) -> str | None:
    """«.csv» or «.xlsx» by the file name's extension (any case), else None."""
    lowered = (filename or "").lower().strip()
    return next((ext for ext in PARSERS if lowered.endswith(ext)), None)


def parse_roster(filename: str | None, data: bytes) -> ParsedRoster | None:
    """Parse by the file name's extension; None when it is neither .csv nor .xlsx."""
    kind = file_kind(filename)
    return None if kind is None else PARSERS[kind](data)
