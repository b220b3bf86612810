"""Roster files for the tests: CSV and XLSX bytes, and the rows of a workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

HEADER = "ФИО;Должность;Роль;Класс"


def csv_bytes(*lines: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = "\r\n".join(lines).encode(encoding) + b"\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + data


def xlsx_bytes(*rows: tuple[object, ...]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_rows(data: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
