"""The digest chart: a PNG laid out for a phone — bars as long as their percentages, coloured
by target, at most MAX_BARS of them, labels wrapped at words, a legend, a labelled target line,
0 % visibly marked, and text at least 12 px when the image is shown 390 px wide."""

from __future__ import annotations

import io

from PIL import Image

from bot.ui.chart import (
    FONT_SIZES,
    GREEN,
    MAX_BARS,
    PAD,
    PHONE_WIDTH,
    RED,
    STUB,
    WIDTH,
    YELLOW,
    Words,
    _font,
    _frame,
    _label,
    color,
    completion_chart,
    label_lines,
)
from bot.ui.texts import digest as t

WORDS = Words("МАОУ СОШ №24 — 04.12.2026", t.CHART_SUBTITLE, t.CHART_LEGEND, t.CHART_TARGET)


def _draw(bars: list[tuple[str, float]]) -> Image.Image:
    png = completion_chart(bars, WORDS)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(png)).convert("RGB")


def _bar(image: Image.Image, bars: list[tuple[str, float]], row: int) -> tuple[int, set]:
    """Length in pixels and colours of the bar in `row` (scanned along its middle line)."""
    y = _frame(tuple(t for t, _ in bars[:MAX_BARS]), WORDS).bar_y(row)
    on_bar = []
    for x in range(PAD, WIDTH):  # the bar's run from the left edge (its label comes after)
        colour = image.getpixel((x, y))
        if colour not in (GREEN, YELLOW, RED):
            break
        on_bar.append(colour)
    return len(on_bar), set(on_bar)


def test_bars_are_proportional_and_coloured_by_the_target() -> None:
    bars = [("Приказ", 100.0), ("Профиль Сферума", 0.0), ("Чаты", 50.0), ("МАХ", 25.0)]
    image = _draw(bars)
    full, full_colours = _bar(image, bars, 0)
    empty, empty_colours = _bar(image, bars, 1)
    half, half_colours = _bar(image, bars, 2)
    quarter, quarter_colours = _bar(image, bars, 3)
    assert full > 400
    assert 0 < empty <= STUB + 1 and empty_colours == {RED}  # 0 %: a small red stub
    assert abs(half - full / 2) <= STUB
    assert abs(quarter - full / 4) <= STUB
    assert (full_colours, half_colours, quarter_colours) == ({GREEN}, {YELLOW}, {RED})


def test_at_most_ten_bars_and_the_height_follows_them() -> None:
    three = _draw([(f"Пункт {i}", 10.0 * i) for i in range(3)])
    ten = _draw([(f"Пункт {i}", 5.0 * i) for i in range(10)])
    twenty = _draw([(f"Пункт {i}", 5.0 * i) for i in range(20)])
    assert three.width == ten.width == twenty.width == WIDTH
    assert ten.height > three.height and twenty.height == ten.height


def test_text_is_legible_on_a_phone() -> None:
    """Every size of text drawn is at least 12 px when the image is scaled to 390 px."""
    image = _draw([(f"Пункт {i}", 10.0 * i) for i in range(10)])
    assert min(FONT_SIZES) * PHONE_WIDTH / image.width >= 12


def test_the_same_layout_draws_different_figures() -> None:
    """The frame is cached per list of items: a second school's chart must show its own bars."""
    first_bars = [("Приказ", 90.0), ("Чаты", 10.0)]
    second_bars = [("Приказ", 10.0), ("Чаты", 90.0)]
    first, second = _draw(first_bars), _draw(second_bars)
    assert _bar(first, first_bars, 0)[0] > _bar(second, second_bars, 0)[0]
    assert _bar(first, first_bars, 1)[0] < _bar(second, second_bars, 1)[0]


def test_colours_follow_the_roadmap_target() -> None:
    assert [color(p) for p in (100, 75, 74.9, 30, 29.9, 0)] == [
        GREEN, GREEN, YELLOW, YELLOW, RED, RED
    ]  # fmt: skip


def test_long_titles_wrap_at_words_and_are_never_cut_mid_word() -> None:
    title = (
        "Издан или обновлён приказ об электронном взаимодействии с родителями и учениками "
        "через MAX и Сферум, с назначением ответственных за каждое направление работы"
    )
    lines = label_lines(title)
    assert len(lines) == 2 and lines[-1].endswith(" …")
    words = set(title.split())
    assert all(word in words for line in lines for word in line.removesuffix(" …").split())
    font = _font(FONT_SIZES[-1])
    assert all(font.getlength(line) <= WIDTH for line in lines)
    assert label_lines("Создан чат с родителями") == ["Создан чат с родителями"]


def test_the_font_has_cyrillic_letters() -> None:
    """Russian labels must not come out as empty boxes."""
    font = _font(15)
    missing = font.getmask("\U0010fffd").getbbox()
    for letter in "ЖжЫыЁё":
        assert font.getmask(letter).getbbox() != missing


def test_a_bar_has_the_colour_of_its_label() -> None:
    """74.6 % is shown as "75 %", and 75 % meets the target: the bar is green, not yellow."""
    bars = [("Приказ", 74.6), ("Чаты", 29.6)]
    image = _draw(bars)
    assert _bar(image, bars, 0)[1] == {GREEN}
    assert _bar(image, bars, 1)[1] == {YELLOW}


def test_a_title_with_a_line_break_stays_on_one_line() -> None:
    assert _label("Создан чат\nс родителями") == "Создан чат с родителями"


def test_the_legend_and_the_target_are_worded() -> None:
    assert t.CHART_TARGET == "цель 75 %" and len(t.CHART_LEGEND) == 3
