"""Writing spreadsheet cells: the one place every XLSX the bot makes (the authority's export,
the roster's links file and template) puts a value into a cell.

A string is always a text cell, never a formula: names, positions, class labels, schools'
names and items' titles are typed by people, and a cell such as `=HYPERLINK("http://…")` or
`=cmd|' /C calc'!A0` must not come alive in Excel or LibreOffice. A text that a spreadsheet
would read as the start of a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) is
also marked with Excel's quote prefix, so it stays text even when someone edits the cell;
the value itself is kept as it was (it reads back the same when the file is imported again).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | float | date | datetime | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def put(ws: Worksheet, row: int, column: int, value: Value) -> XlsxCell:
    """Write a cell: numbers and dates as they are, every string as inert text."""
    cell: XlsxCell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text: str = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
        cell.value = text
        cell.data_type = "s"  # openpyxl took a leading «=» for a formula: text it is
        if looks_like_formula(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put_row(ws: Worksheet, row: int, values: list[Any] | tuple[Any, ...]) -> None:
    for column, value in enumerate(values, 1):
        put(ws, row, column, value)
