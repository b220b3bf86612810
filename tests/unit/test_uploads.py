"""Uploaded files checked before they are parsed (bot/rules/uploads.py) and read no further
than the limits (bot/rules/roster.py): hostile XLSX archives built in memory, CSV fields and
encodings. The worker process that parses within CPU and memory limits is tested end to end
in tests/e2e/test_attack_uploads.py."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from bot.rules import uploads
from bot.rules.roster import csv_records, parse_csv, parse_xlsx, xlsx_records
from bot.ui.texts import roster as roster_texts
from bot.ui.texts import uploads as t
from tests.support import uploads as hostile
from tests.support.roster import HEADER, csv_bytes, xlsx_bytes


def texts_of(parsed) -> list[str]:
    return [p.text() for p in parsed.problems]


def unpacked_size(data: bytes, part: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(part).file_size


def school_of(people: int, columns: int = 5) -> bytes:
    """A school's roster as openpyxl writes it, with `columns` columns (extra ones filled)."""
    extra = range(6, columns + 1)
    header = ("ФИО", "Должность", "Роль", "Класс", "Учеников", *(f"Поле {n}" for n in extra))
    rows = [
        (f"Фамилия{n} Имя Отчество", "учитель математики", "классный руководитель",
         f"{n % 11 + 1}А", 25, *(f"значение {n}" for _ in extra))
        for n in range(people)
    ]  # fmt: skip
    return xlsx_bytes(header, *rows)


# --- the archive check ------------------------------------------------------------------------


def test_a_real_school_roster_passes_the_archive_check():
    assert uploads.inspect_xlsx(school_of(3000)) is None
    assert uploads.inspect_xlsx(school_of(300, columns=40)) is None
    assert uploads.inspect_xlsx(xlsx_bytes(("ФИО", "Роль"), ("Иванова Анна", "учитель"))) is None


def test_a_sheet_padded_to_column_xfd_is_refused_by_its_dimension():
    data = hostile.padded_to_xfd()
    assert len(data) < 100_000  # small on disk
    assert uploads.inspect_xlsx(data) == t.too_many_columns(16384, uploads.MAX_COLUMNS)
    assert texts_of(parse_xlsx(data)) == [t.too_many_columns(16384, uploads.MAX_COLUMNS)]


def test_rows_formatted_cell_by_cell_are_refused_by_their_size():
    data = hostile.formatted_rows()
    size = unpacked_size(data, hostile.SHEET)
    assert len(data) < 200_000 and size > 40 * uploads.MB
    assert texts_of(parse_xlsx(data)) == [t.too_large(size, uploads.MAX_PART_BYTES)]


def test_a_part_packed_suspiciously_tight_is_refused():
    data = hostile.formatted_rows(rows=30)  # 5 MB of empty cells: under the size limits
    assert unpacked_size(data, hostile.SHEET) < uploads.MAX_PART_BYTES
    assert uploads.inspect_xlsx(data) == t.PADDED


def test_a_giant_shared_string_is_refused_before_it_is_read():
    data = hostile.giant_shared_string(100)
    assert len(data) < 200_000
    size = unpacked_size(data, hostile.STRINGS)
    assert texts_of(parse_xlsx(data)) == [t.too_much_text(size, uploads.MAX_PART_BYTES)]


def test_the_total_unpacked_size_is_limited():
    blank = [b"\x00" * uploads.MB] * 14  # each part under the limit of one
    parts = {f"xl/media/image{n}.png": iter(blank) for n in range(5)}  # 70 MB in all
    data = hostile.with_parts(parts)  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = sum(part.file_size for part in archive.infolist())
    assert uploads.inspect_xlsx(data) == t.too_large(total, uploads.MAX_UNPACKED_BYTES)


def test_too_many_declared_rows_are_refused():
    rows = hostile.roster_rows(3)
    data = hostile.with_parts({hostile.SHEET: hostile.sheet_xml(rows, "A1:D1048576")})
    assert uploads.inspect_xlsx(data) == t.too_many_sheet_rows(1048576, uploads.MAX_SHEET_ROWS)


def test_the_first_sheet_is_found_by_relative_and_absolute_targets():
    data = hostile.padded_to_xfd(people=5)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert uploads.first_sheet(archive) == hostile.SHEET
    relative = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(relative, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b'Target="/xl/worksheets/', b'Target="worksheets/')
                assert b'Target="worksheets/sheet1.xml"' in body
            target.writestr(info.filename, body)
    with zipfile.ZipFile(io.BytesIO(relative.getvalue())) as archive:
        assert uploads.first_sheet(archive) == hostile.SHEET
    assert uploads.inspect_xlsx(relative.getvalue()) == t.too_many_columns(16384, 100)


def test_a_file_that_is_not_a_zip_is_left_to_the_parser():
    assert uploads.inspect_xlsx(b"not a zip at all") is None
    assert texts_of(parse_xlsx(b"not a zip at all")) == [roster_texts.NOT_XLSX]


# --- reading no further than the limits ----------------------------------------------------


def test_a_lying_dimension_does_not_make_rows_wide():
    data = hostile.padded_with_a_small_dimension(people=1500)
    assert uploads.inspect_xlsx(data) is None  # it passes the check: the reading is capped
    records = xlsx_records(data)
    assert isinstance(records, list)
    assert max(len(row) for row in records) == 4  # the empty formatted cells at XFD dropped
    parsed = parse_xlsx(data)
    assert parsed.ok, texts_of(parsed)
    assert len(parsed.rows) == 1500 and parsed.rows[-1].full_name == "Сотрудник Номер 1501"


def test_a_value_past_the_column_limit_is_refused_not_dropped():
    far = hostile.column_letters(uploads.MAX_COLUMNS + 1)
    rows = [*hostile.roster_rows(2), f'<row r="5">{hostile.inline(far + "5", "забыто")}</row>']
    data = hostile.with_parts({hostile.SHEET: hostile.sheet_xml(rows, None)})
    assert texts_of(parse_xlsx(data)) == [t.too_many_columns(None, uploads.MAX_COLUMNS)]
    wide = ";".join(["x"] * (uploads.MAX_COLUMNS + 1))
    assert texts_of(parse_csv(csv_bytes(HEADER, wide))) == [
        t.too_many_columns(None, uploads.MAX_COLUMNS)
    ]
    # Empty trailing fields are fine, however many.
    assert parse_csv(csv_bytes(HEADER, "Иванова Анна;;учитель;" + ";" * 500)).ok


# --- CSV: long fields, broken files ----------------------------------------------------------


def test_a_field_of_a_megabyte_is_named_with_its_row_and_column():
    data = csv_bytes(HEADER, "Петров Олег;;учитель;", "Ж" * 1_000_000 + ";учитель;учитель;")
    assert texts_of(parse_csv(data)) == [
        roster_texts.problem_line(3, "ФИО", roster_texts.too_long(200))
    ]


def test_a_field_over_the_limit_is_a_clear_problem_with_its_line():
    data = csv_bytes(HEADER, "Петров Олег;;учитель;", '"' + "Ж" * (uploads.MAX_CSV_FIELD + 10))
    assert texts_of(parse_csv(data)) == [t.csv_broken(3)]
    assert parse_csv(csv_bytes(HEADER, "Петров Олег;;учитель;")).ok  # the limit is restored


# --- encodings ----------------------------------------------------------------------------


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "koi8_r", "cp866"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_roster_in_each_encoding_people_save_it_in(encoding):
    text = hostile.roster_text()
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # Excel's «Unicode text» starts with a BOM
        data = ("\ufeff" + text).encode(encoding)
    assert uploads.decode_text(data) in (text, "\ufeff" + text)
    parsed = parse_csv(data)
    assert parsed.ok, texts_of(parsed)
    assert [row.full_name for row in parsed.rows] == [r[0] for r in hostile.ROSTER[1:]]
    assert parsed.rows[0].role == "class_teacher" and parsed.rows[0].class_label == "5А"


def test_code_pages_are_never_mistaken_for_each_other():
    """Rosters of one to four people, names in any case: each is read in its own code page,
    or refused with a request for UTF-8 — never read in the wrong one."""
    rng = random.Random(14)
    names = ["Иванова", "Щукин", "Ёлкина", "Хабибуллина", "Юдин", "Цой", "Эйдельман", "Фёдоров"]
    firsts = ["Анна", "Олег", "Юрий", "Эльвира", "Пётр", "Яна"]
    headers = ["ФИО;Должность;Роль", "фио;должность;роль", "ФИО;ДОЛЖНОСТЬ;РОЛЬ", "name;post;role"]
    refused = 0
    for _ in range(300):
        people = []
        for _ in range(rng.randint(1, 4)):
            name = f"{rng.choice(names)} {rng.choice(firsts)}"
            name = rng.choice([name, name.upper(), name.lower()])
            position = rng.choice(["", "секретарь", "завуч"])
            people.append(f"{name};{position};{rng.choice(['teacher', 'учитель'])}")
        text = "\r\n".join([rng.choice(headers), *people]) + "\r\n"
        for encoding in uploads.CODE_PAGES:
            decoded = uploads.decode_text(text.encode(encoding))
            assert decoded in (text, None), (encoding, text, decoded)
            refused += decoded is None
    assert refused < 100  # only short files with no word in mixed case are in doubt


def test_text_in_an_unknown_encoding_is_refused_naming_utf8():
    rng = random.Random(5)
    noise = bytes(rng.randrange(1, 256) for _ in range(3000))
    assert uploads.decode_text(noise) is None
    assert texts_of(parse_csv(noise)) == [t.BAD_ENCODING]
    assert "UTF-8" in t.BAD_ENCODING
    # An XLSX sent as .csv is still «not a CSV», not an encoding problem.
    assert texts_of(parse_csv(xlsx_bytes(("ФИО", "Роль")))) == [roster_texts.NOT_CSV]


def test_latin_text_in_windows_1251_is_read():
    data = "№;name;role\r\n1;Ivan Petrov;teacher\r\n".encode("cp1251")
    records = csv_records(data)
    assert records == [["№", "name", "role"], ["1", "Ivan Petrov", "teacher"]]
