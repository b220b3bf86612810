"""The XLSX report's cells: a text typed by people is never a formula."""

from __future__ import annotations

import io

import openpyxl

from bot.services.export import ItemsSheet, Sheet, render_workbook


def test_a_text_starting_with_equals_stays_text():
    name = '=HYPERLINK("http://evil.example","Школа")'
    items = ItemsSheet(header=[name], items=[("=1+1", "срок: постоянно")], rows=[[name, 1]])
    sheet = Sheet(title="Подтверждение", header=["=A1"], columns=["Школа", "=2*2"],
                  rows=[[name, 3]], footer=[["=SUM(A1:A2)"]])  # fmt: skip
    workbook = openpyxl.load_workbook(io.BytesIO(render_workbook(items, [sheet])))
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(texts) == 7
    assert all(c.data_type == "s" for c in texts)  # not "f": nothing is computed
    assert workbook["Подтверждение"]["B6"].value == 3
