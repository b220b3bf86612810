"""Hostile roster files, built in memory with zipfile (small on disk, huge when unpacked): an
XLSX padded to column XFD, one with a giant shared string, one that passes the archive check
but takes long to parse; and a roster's text to save in the encodings people use."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from tests.support.roster import xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

ROSTER = (
    ("ФИО", "Должность", "Роль", "Класс"),
    ("Иванова Анна Петровна", "учитель математики", "классный руководитель", "5А"),
    ("Петров Олег Иванович", "учитель физкультуры", "учитель", ""),
    ("Сидорова Мария Ильинична", "секретарь", "сотрудник", ""),
)


def column_letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA, 16384 → XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def inline(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def sheet_xml(rows: Iterable[str], dimension: str | None) -> Iterable[bytes]:
    yield f'<worksheet xmlns="{MAIN}">'.encode()
    if dimension is not None:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for row in rows:
        yield row.encode()
    yield b"</sheetData></worksheet>"


def with_parts(parts: dict[str, Iterable[bytes]], base: bytes | None = None) -> bytes:
    """An XLSX made by openpyxl (a valid workbook) with some parts replaced or added; each part
    is written in chunks, so a part of hundreds of megabytes never sits in memory."""
    base = base or xlsx_bytes(("ФИО", "Роль"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, _linked(info.filename, source.read(info), parts))
        for name, chunks in parts.items():
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def _linked(name: str, data: bytes, parts: dict[str, Iterable[bytes]]) -> bytes:
    """The content types and the workbook's relations, naming the shared strings if added."""
    if STRINGS not in parts:
        return data
    if name == "[Content_Types].xml":
        override = f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/>'
        return data.replace(b"</Types>", override.encode() + b"</Types>")
    if name == "xl/_rels/workbook.xml.rels":
        rel = f'<Relationship Type="{STRINGS_REL}" Target="sharedStrings.xml" Id="rIdS"/>'
        return data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return data


def roster_rows(count: int, pad_to: int | None = None) -> Iterable[str]:
    """The roster's header and `count` people as sheet rows; each row also has an empty
    formatted cell in column `pad_to` (what formatting whole rows leaves behind)."""
    for number in range(1, count + 2):
        values = ROSTER[0] if number == 1 else (f"Сотрудник Номер {number}", "", "сотрудник", "")
        cells = "".join(
            inline(f"{column_letters(i + 1)}{number}", v) for i, v in enumerate(values) if v
        )
        if pad_to is not None:
            cells += f'<c r="{column_letters(pad_to)}{number}" s="0"/>'
        yield f'<row r="{number}">{cells}</row>'


def padded_to_xfd(people: int = 3000) -> bytes:
    """A roster padded to column XFD (16,384 columns), declared so in its dimension."""
    rows = roster_rows(people, pad_to=16384)
    return with_parts({SHEET: sheet_xml(rows, f"A1:XFD{people + 1}")})


def formatted_rows(rows: int = 300) -> bytes:
    """Whole rows formatted cell by cell, from A to XFD (cells need not name their column):
    what froze the bot for minutes with a file of 289 KB. Here 50 MB of empty styled cells,
    packed a thousand times tighter."""
    cells = '<c s="0"/>' * 16384

    def lines() -> Iterable[str]:
        yield next(iter(roster_rows(0)))
        for number in range(2, rows + 1):
            yield f'<row r="{number}">{cells}</row>'

    return with_parts({SHEET: sheet_xml(lines(), f"A1:XFD{rows}")})


def padded_with_a_small_dimension(people: int = 3000) -> bytes:
    """The same padding, but the dimension lies: it names only the four columns of data."""
    rows = roster_rows(people, pad_to=16384)
    return with_parts({SHEET: sheet_xml(rows, f"A1:D{people + 1}")})


def giant_shared_string(megabytes: int = 400) -> bytes:
    """A workbook whose one shared string is `megabytes` MB of «A» (a few hundred KB packed)."""
    chunk = b"A" * (1024 * 1024)

    def strings() -> Iterable[bytes]:
        yield f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        for _ in range(megabytes):
            yield chunk
        yield b"</t></si></sst>"

    header = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return with_parts({SHEET: sheet_xml([header], "A1:A1"), STRINGS: strings()})


def busy_strings(count: int = 500_000) -> bytes:
    """Within every limit of the archive check (11 MB of shared strings, packed 8 times), but
    half a million strings to read: seconds of CPU."""

    def strings() -> Iterable[bytes]:
        yield f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode()
        for start in range(0, count, 1000):
            yield "".join(f"<si><t>{n}</t></si>" for n in range(start, start + 1000)).encode()
        yield b"</sst>"

    header = "".join(next(iter(roster_rows(0))))
    return with_parts({SHEET: sheet_xml([header], "A1:D1"), STRINGS: strings()})


def roster_text(people: int = 3) -> str:
    """A roster as CSV text (semicolons), with Russian names and roles."""
    lines = [";".join(row) for row in ROSTER[: people + 1]]
    return "\r\n".join(lines) + "\r\n"
