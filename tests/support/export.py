"""Reading the authority's XLSX export in tests."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from bot.ui.texts import export as export_texts


def checks_row(data: bytes, school: str) -> dict[Any, Any]:
    """A school's row of «Подтверждение» (header cell -> value)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[export_texts.XLSX_CHECKS_TITLE]
    header = [c.value for c in sheet[5]]
    row = next(r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] == school)
    return dict(zip(header, row, strict=True))


def item_checks(data: bytes, school: str, title: str) -> list[Any]:
    """An item's verified, self-reported and pending counts for a school in «Подтверждение»."""
    cells = checks_row(data, school)
    return [cells[c] for c in export_texts.xlsx_checks(title)]
