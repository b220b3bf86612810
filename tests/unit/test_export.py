"""The XLSX report's cells: a text typed by people is never a formula."""

from __future__ import annotations

import io

import openpyxl

from bot.services.export import ItemsSheet, Sheet, render_workbook


def test_a_text_starting_with_equals_stays_text():
    name = '=HYPERLINK("http://evil.example","Школа")'
    items = ItemsSheet(
        header=[name], items=[("=1+1", "срок: постоянно")], rows=[[name, 1]], total=["=3+3"]
    )
    sheet = Sheet(title="Подтверждение", header=["=A1"], columns=["Школа", "=2*2"],
                  rows=[[name, 3]], footer=[["=SUM(A1:A2)"]])  # fmt: skip
    workbook = openpyxl.load_workbook(io.BytesIO(render_workbook(items, [sheet])))
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(texts) == 8
    assert all(c.data_type == "s" for c in texts)  # not "f": nothing is computed
    assert workbook["Подтверждение"]["B6"].value == 3


def test_week_headers_read_as_days():
    from bot.ui.texts.export import xlsx_week

    assert xlsx_week("2026-W49") == "30 ноября – 6 декабря 2026"
    assert xlsx_week("2026-W50") == "7–13 декабря 2026"
    assert xlsx_week("2026-W53") == "28 декабря 2026 – 3 января 2027"


def test_the_totals_row_follows_the_schools_on_every_sheet():
    total: list = ["Итого: УО", None, 10, 5, 50.0, 20.0, 2, 40.0]
    items = ItemsSheet(
        header=["УО"], items=[("Пункт", "срок: постоянно")],
        rows=[["Школа", "ОУ", 10, 5, 50.0, 20.0, 2, 40.0]], total=total,
    )  # fmt: skip
    sheet = Sheet(
        title="Лист", header=["УО"], columns=["Школа", "Тип", "x"],
        rows=[["Школа", "ДОУ", "—"]], footer=[["Цели"]], total=["Итого: УО", None, "—"],
    )  # fmt: skip
    workbook = openpyxl.load_workbook(io.BytesIO(render_workbook(items, [sheet])))
    first = workbook.worksheets[0]
    assert [c.value for c in first[9]] == ["Итого: УО", None, 10, 5, 50.0, 20.0, 2, 40.0]
    assert first["A9"].font.bold
    assert [c.value for c in workbook["Лист"][7]] == ["Итого: УО", None, "—"]
    assert workbook["Лист"]["A9"].value == "Цели"  # the footer after a blank row
