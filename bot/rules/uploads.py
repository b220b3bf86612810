"""Uploaded files, checked before a parser sees them; the limits of reading them, in one place.

Plain functions over the file's bytes, no I/O. `inspect_xlsx` looks at an XLSX as the zip
archive it is, without unpacking it: the sizes its directory declares (Python's zipfile never
unpacks more than a part declares, so these bound what any reader can get), how tightly each
part is packed, and the first sheet's declared dimension (read from the first few KB of the
sheet). `decode_text` reads a text file in the encodings Russian spreadsheets are saved in.
The worker process that parses within CPU-time and memory limits is bot/services/uploads.py.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from bot.ui.texts import uploads as t

MB = 1024 * 1024

# --- the limits (generous for a real school's roster of a few thousand rows) ---------------

MAX_FILE_BYTES = 2 * MB  # the file as sent
MAX_UNPACKED_BYTES = 64 * MB  # all the parts of an XLSX, unpacked
MAX_PART_BYTES = 16 * MB  # any one part (a 3,000-row roster's sheet is about 1 MB)
MAX_PARTS = 1000
MAX_RATIO = 100  # unpacked / packed, for a part over RATIO_FROM_BYTES (real sheets: 5-20)
RATIO_FROM_BYTES = 1 * MB
MAX_COLUMNS = 100  # columns read (or declared); trailing empty ones are ignored
MAX_SHEET_ROWS = 20_000  # rows read (or declared) of the first sheet
DIMENSION_PEEK_BYTES = 16 * 1024  # how much of the sheet is read to find <dimension>
MAX_CSV_FIELD = MAX_FILE_BYTES  # any field of an acceptable file (long ones are named later)

# The worker process (bot/services/uploads.py): CPU seconds, address space, wall-clock
# seconds (more than the CPU limit, so a busy machine still stops a parse by CPU first),
# and how many files are parsed at once.
PARSE_CPU_SECONDS = 20
PARSE_MEMORY_BYTES = 512 * MB
PARSE_WALL_SECONDS = 30.0
PARSE_PARALLEL = 2

# --- XLSX: the archive ------------------------------------------------------------------

PACKAGE_RELS = "_rels/.rels"
OFFICE_DOCUMENT = "/officeDocument"
WORKSHEET = "/worksheet"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?"'
)


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def inspect_xlsx(data: bytes) -> str | None:
    """Why this XLSX is refused before it is parsed (Russian), or None. A file that is not a
    readable zip archive is left to the parser, which says it is not an XLSX."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises several kinds on a damaged or foreign file
        return None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            return t.TOO_MANY_PARTS
        for part in parts:
            if part.file_size > MAX_PART_BYTES:
                if part.filename.lower().endswith("sharedstrings.xml"):
                    return t.too_much_text(part.file_size, MAX_PART_BYTES)
                return t.too_large(part.file_size, MAX_PART_BYTES)
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED_BYTES:
            return t.too_large(unpacked, MAX_UNPACKED_BYTES)
        for part in parts:
            packed = max(part.compress_size, 1)
            if part.file_size > RATIO_FROM_BYTES and part.file_size / packed > MAX_RATIO:
                return t.PADDED
        try:
            sheet = first_sheet(archive)
            if sheet is None:
                return None
            with archive.open(sheet) as stream:
                head = stream.read(DIMENSION_PEEK_BYTES)
        except Exception:  # a damaged part: the parser will say so
            return None
    return dimension_problem(head)


def dimension_problem(head: bytes) -> str | None:
    """Too many columns or rows in the sheet's declared `<dimension ref="A1:XFD300"/>`."""
    found = DIMENSION.search(head)
    if found is None:
        return None
    letters, row = (found[3], found[4]) if found[3] else (found[1], found[2])
    columns, rows = column_number(letters.decode()), int(row)
    if columns > MAX_COLUMNS:
        return t.too_many_columns(columns, MAX_COLUMNS)
    if rows > MAX_SHEET_ROWS:
        return t.too_many_sheet_rows(rows, MAX_SHEET_ROWS)
    return None


def first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first worksheet (the one the roster is read from)."""
    workbook = _related(archive, PACKAGE_RELS, "", OFFICE_DOCUMENT) or "xl/workbook.xml"
    root = ElementTree.fromstring(archive.read(workbook))
    folder, name = posixpath.split(workbook)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    for sheet in root.iter(MAIN_NS + "sheet"):
        part = _related(archive, rels, folder, WORKSHEET, sheet.get(R_ID))
        if part is not None:
            return part
    return None


def _related(
    archive: zipfile.ZipFile, rels: str, folder: str, kind: str, rel_id: str | None = None
) -> str | None:
    """The part a relationship of `kind` (and `rel_id`, if given) points at, if it exists."""
    try:
        root = ElementTree.fromstring(archive.read(rels))
    except KeyError:
        return None
    names = set(archive.namelist())
    for rel in root.iter(REL_NS + "Relationship"):
        if not (rel.get("Type") or "").endswith(kind):
            continue
        if rel_id is not None and rel.get("Id") != rel_id:
            continue
        target = rel.get("Target") or ""
        part = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        part = posixpath.normpath(part)
        if part in names:
            return part
    return None


# --- text files ----------------------------------------------------------------------------

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy Cyrillic code pages, told apart by how Russian text reads in each.
CODE_PAGES = ("cp1251", "koi8_r", "cp866")
# How often each Russian letter occurs in ordinary text, per cent.
FREQUENCY = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62,
     2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32,
     0.26, 0.04, 0.04),
    strict=True,
))  # fmt: skip
MARGIN = 0.2  # how much better the best code page must read than the next one
SHORT_TEXT = 20  # Cyrillic letters; in a shorter text the best must be better by:
SHORT_MARGIN = 0.5
CYRILLIC_LETTER = re.compile(r"[А-Яа-яЁё]")
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
PLAIN = re.compile(r"[\s!-~А-Яа-яЁё«»№—–…’“”„\u00a0]")


def decode_text(data: bytes) -> str | None:
    """The text of a CSV file, or None when its encoding cannot be told reliably: UTF-8 (with
    or without BOM), UTF-16 and UTF-32 with a BOM, Windows-1251, KOI8-R or CP866."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    scored = []
    for encoding in CODE_PAGES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((russian_score(text), encoding, text))
    if not scored:
        return None
    scored.sort(reverse=True)
    best, _, text = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    # Reliable only when the text reads as Russian in one code page and clearly worse in
    # any other; otherwise the administrator is asked for UTF-8 rather than shown garbage.
    # A few letters prove little: a short text must read much better in one code page.
    short = len(CYRILLIC_LETTER.findall(text, 0, 65536)) < SHORT_TEXT
    if best < 0 or best - runner_up < (SHORT_MARGIN if short else MARGIN):
        return None
    return text


def russian_score(text: str) -> float:
    """How much `text` reads like Russian, per character outside ASCII (Russian text: about
    1.1; its bytes read in another code page: 0.6 or less, or below zero): Cyrillic words cased
    as words are (Иванова, иванова, ИВАНОВА — not иВАНОВА), of frequent letters; characters a
    spreadsheet's text would not hold count against it."""
    sample = text[:65536]
    foreign = sum(1 for char in sample if not char.isascii())
    if not foreign:
        return 0.0
    score = 0.0
    for word in CYRILLIC_WORD.findall(sample):
        cased = word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
        if not cased:
            score -= len(word)
            continue
        score += sum(FREQUENCY.get(letter, 0.0) for letter in word.lower()) / 5
    odd = sum(1 for char in sample if not char.isascii() and not PLAIN.match(char))
    return (score - 2 * odd) / foreign
