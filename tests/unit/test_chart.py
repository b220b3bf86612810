"""The digest chart: a PNG whose bars are as long as their percentages, coloured by target."""

from __future__ import annotations

import io

from PIL import Image

from bot.ui.chart import (
    GREEN,
    RED,
    ROW,
    TOP,
    WIDTH,
    YELLOW,
    _font,
    _label,
    color,
    completion_chart,
)


def _draw(bars: list[tuple[str, float]]) -> Image.Image:
    png = completion_chart(bars, "Выполнение по пунктам, %")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(png)).convert("RGB")


def _bar(image: Image.Image, row: int) -> tuple[int, set[tuple[int, int, int]]]:
    """Length in pixels and colours of the bar in `row` (scanned along its middle line)."""
    y = TOP + ROW * row + ROW // 2
    colours = [image.getpixel((x, y)) for x in range(WIDTH)]
    on_bar = [c for c in colours if c in (GREEN, YELLOW, RED)]
    return len(on_bar), set(on_bar)


def test_bars_are_proportional_and_coloured_by_the_target() -> None:
    image = _draw([("Приказ", 100.0), ("Профиль Сферума", 0.0), ("Чаты", 50.0), ("МАХ", 25.0)])
    full, full_colours = _bar(image, 0)
    empty, _ = _bar(image, 1)
    half, half_colours = _bar(image, 2)
    quarter, quarter_colours = _bar(image, 3)
    assert empty == 0
    assert full > 400
    assert abs(half - full / 2) <= 2
    assert abs(quarter - full / 4) <= 2
    assert (full_colours, half_colours, quarter_colours) == ({GREEN}, {YELLOW}, {RED})


def test_the_height_follows_the_number_of_items() -> None:
    three = _draw([(f"Пункт {i}", 10.0 * i) for i in range(3)])
    twenty = _draw([(f"Пункт {i}", 5.0 * i) for i in range(20)])
    assert three.width == twenty.width == WIDTH
    assert twenty.height - three.height == 17 * ROW


def test_the_same_layout_draws_different_figures() -> None:
    """The frame is cached per list of items: a second school's chart must show its own bars."""
    first = _draw([("Приказ", 90.0), ("Чаты", 10.0)])
    second = _draw([("Приказ", 10.0), ("Чаты", 90.0)])
    assert _bar(first, 0)[0] > _bar(second, 0)[0]
    assert _bar(first, 1)[0] < _bar(second, 1)[0]


def test_colours_follow_the_roadmap_target() -> None:
    assert [color(p) for p in (100, 75, 74.9, 30, 29.9, 0)] == [
        GREEN, GREEN, YELLOW, YELLOW, RED, RED
    ]  # fmt: skip


def test_long_titles_are_cut_with_an_ellipsis() -> None:
    title = "Зарегистрировался(ась) в MAX на личном телефоне и на рабочем компьютере"
    assert _label(title).endswith("…") and len(_label(title)) == 42
    assert _label("Создан чат с родителями") == "Создан чат с родителями"


def test_the_font_has_cyrillic_letters() -> None:
    """Russian labels must not come out as empty boxes."""
    font = _font(15)
    missing = font.getmask("\U0010fffd").getbbox()
    for letter in "ЖжЫыЁё":
        assert font.getmask(letter).getbbox() != missing


def test_a_bar_has_the_colour_of_its_label() -> None:
    """74.6 % is shown as "75 %", and 75 % meets the target: the bar is green, not yellow."""
    image = _draw([("Приказ", 74.6), ("Чаты", 29.6)])
    assert _bar(image, 0)[1] == {GREEN}
    assert _bar(image, 1)[1] == {YELLOW}


def test_a_title_with_a_line_break_stays_on_one_line() -> None:
    assert _label("Создан чат\nс родителями") == "Создан чат с родителями"
