"""The digest chart: completion per item as horizontal bars (PNG, drawn with Pillow), laid out
for a phone: at most MAX_BARS bars, each under its label (wrapped at words, never cut inside
one), the title (school and date) and a legend above, the target line labelled, a 0 % bar
shown as a small red stub, and no text smaller than 12 px when the image is shown 390 px wide
(`min(FONT_SIZES) * PHONE_WIDTH / WIDTH >= 12`).

A region's weekly digests are a few hundred charts in a row: the frame — the texts, the
legend, the rows' labels and the grid — is drawn once per layout and cached; a chart then only
adds its bars and their percentages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

MAX_BARS = 10  # bars a phone shows legibly: the caller picks the items furthest behind
WIDTH = 720
PHONE_WIDTH = 390  # CSS pixels of a phone's message bubble the image is scaled to
PAD = 24
TITLE_SIZE = 30
LABEL_SIZE = 24
FONT_SIZES = (TITLE_SIZE, LABEL_SIZE)  # every size of text the chart draws
LINE = 30  # pixels per line of a label
LABEL_LINES = 2  # a label takes at most two lines
BAR = 26  # bar thickness
ROW = LINE * LABEL_LINES + BAR + 16  # pixels per item: its label, its bar, a gap
STUB = 6  # width of the red mark of a 0 % bar
TARGET = 75  # the roadmap's target share, %
GREEN, YELLOW, RED = (46, 157, 91), (224, 168, 0), (217, 83, 79)
INK, GREY, GRID = (34, 34, 34), (120, 120, 120), (225, 225, 225)
FONT = files("bot.ui") / "assets" / "DejaVuSans.ttf"


@dataclass(frozen=True)
class Words:
    """The chart's words (from `bot.ui.texts.digest`: the chart speaks no language itself)."""

    title: str  # the school (or the authority) and the date
    subtitle: str  # what the bars are
    legend: tuple[str, str, str]  # green, yellow, red
    target: str  # the target line's label, e.g. «цель 75 %»


def _ramp(color: tuple[int, int, int], steps: int) -> list[tuple[int, int, int]]:
    """White to `color`: the shades of anti-aliased text in that colour on white."""
    return [
        tuple(round(255 + (c - 255) * i / (steps - 1)) for c in color)  # type: ignore[misc]
        for i in range(steps)
    ]


# A palette image (PNG mode "P"): a tenth of the encoding time and of the size of RGB. It holds
# every colour a chart uses: the bars, and white-to-ink, -grey and -red ramps for text.
COLORS = [GREEN, YELLOW, RED, GRID, *_ramp(INK, 24), *_ramp(GREY, 8)[1:], *_ramp(RED, 8)[1:-1]]
BAR_INDEX = {GREEN: 0, YELLOW: 1, RED: 2}


@lru_cache(maxsize=1)
def _palette() -> Image.Image:
    image = Image.new("P", (1, 1))
    flat = [c for rgb in COLORS for c in rgb]
    image.putpalette(flat + flat[-3:] * (256 - len(COLORS)))
    return image


def _to_palette(image: Image.Image) -> Image.Image:
    return image.quantize(palette=_palette(), dither=Image.Dither.NONE)


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    with FONT.open("rb") as f:
        return ImageFont.truetype(io.BytesIO(f.read()), size)


def _fits(text: str, width: int, size: int = LABEL_SIZE) -> bool:
    return _font(size).getlength(text) <= width


def label_lines(title: str, width: int = WIDTH - 2 * PAD) -> list[str]:
    """A title in at most LABEL_LINES lines of `width` pixels, broken at spaces; what does not
    fit ends at a whole word with «…» (a word is never cut; one longer than a line is the
    only exception, shortened with «…»)."""
    words = title.split()  # one line break or many, as the plan's title holds them
    lines: list[str] = []
    while words and len(lines) < LABEL_LINES:
        line = words.pop(0)
        while words and _fits(f"{line} {words[0]}", width):
            line += " " + words.pop(0)
        lines.append(line)
    if words:  # more than fits: the last line ends with «…» after a whole word
        last = lines[-1]
        while " " in last and not _fits(last + " …", width):
            last = last.rsplit(" ", 1)[0]
        lines[-1] = last + " …"
    for n, line in enumerate(lines):  # a single word longer than a line
        while not _fits(line, width) and len(line) > 2:
            line = line[:-2] + "…"
        lines[n] = line
    return lines


def _label(title: str) -> str:
    """A title on one line (the lines of `label_lines` joined), for tests and logs."""
    return " ".join(label_lines(title))


def color(percent: float) -> tuple[int, int, int]:
    """Green from 75 % (the roadmap's target share), yellow from 30 %, red below."""
    return GREEN if percent >= TARGET else YELLOW if percent >= 30 else RED


class _Frame:
    """Everything but the bars, for one list of labels and one set of words."""

    def __init__(self, labels: tuple[str, ...], words: Words) -> None:
        font, big = _font(LABEL_SIZE), _font(TITLE_SIZE)
        self.left = PAD
        self.right = WIDTH - PAD - int(font.getlength("100 %")) - 10
        image = Image.new("RGB", (WIDTH, 1), "white")  # measured first, then drawn
        title = label_lines(words.title, WIDTH - 2 * PAD)
        y = PAD
        self.top = y + LINE * len(title) + 6 + LINE * 2 + LINE + 10  # title, subtitle, legend
        self.top += LINE  # the target's label above the rows
        rows = max(len(labels), 1)
        self.height = self.top + ROW * rows + PAD
        image = Image.new("RGB", (WIDTH, self.height), "white")
        draw = ImageDraw.Draw(image)
        for line in title:
            draw.text((PAD, y), line, font=big, fill=INK)
            y += LINE + 6
        for line in label_lines(words.subtitle, WIDTH - 2 * PAD):
            draw.text((PAD, y), line, font=font, fill=GREY)
            y += LINE
        y += 8
        x = PAD
        for colour, text in zip((GREEN, YELLOW, RED), words.legend, strict=True):
            draw.rectangle([(x, y + 4), (x + 20, y + 24)], fill=colour)
            draw.text((x + 28, y), text, font=font, fill=INK)
            x += 28 + int(font.getlength(text)) + 24
        bottom = self.top + ROW * rows
        target = self.x(TARGET)
        draw.text((target, self.top - 4), words.target, font=font, fill=GREY, anchor="mb")
        for row, text in enumerate(labels):
            lines = label_lines(text)
            base = self.bar_y(row) - BAR // 2 - 4 - LINE * len(lines)
            for n, line in enumerate(lines):
                draw.text((PAD, base + LINE * n), line, font=font, fill=INK)
            top = self.bar_y(row) - BAR // 2
            draw.rectangle([(self.left, top), (self.right, top + BAR - 1)], fill=GRID)
        for y0 in range(self.top, bottom, 10):  # the target, dashed, over the rows
            draw.line([(target, y0), (target, min(y0 + 5, bottom))], fill=GREY, width=2)
        self.image = _to_palette(image)

    def x(self, percent: float) -> int:
        return self.left + round((self.right - self.left) * max(0.0, min(percent, 100.0)) / 100)

    def bar_y(self, row: int) -> int:
        """The middle line of the bar in `row`."""
        return self.top + ROW * row + LINE * LABEL_LINES + 4 + BAR // 2


@lru_cache(maxsize=256)
def _percent(text: str, red: bool) -> tuple[Image.Image, Image.Image]:
    """A percentage as a palette image, and the mask of its ink (pasted onto the chart)."""
    font = _font(LABEL_SIZE)
    left, top, right, bottom = font.getbbox(text, anchor="lm")
    size = (int(right - left) + 2, int(bottom - top) + 2)  # getbbox gives whole pixels
    image = Image.new("RGB", size, "white")
    ink = RED if red else INK
    ImageDraw.Draw(image).text((1 - left, 1 - top), text, font=font, fill=ink, anchor="lm")
    mask = image.convert("L").point(lambda v: 255 if v < 250 else 0, mode="1")
    return _to_palette(image), mask


@lru_cache(maxsize=32)
def _frame(labels: tuple[str, ...], words: Words) -> _Frame:
    return _Frame(labels, words)


def completion_chart(bars: list[tuple[str, float]], words: Words) -> bytes:
    """bars: (item title, percent 0..100), drawn top to bottom; at most MAX_BARS are drawn
    (the caller orders them, the items furthest behind first)."""
    bars = bars[:MAX_BARS]
    frame = _frame(tuple(t for t, _ in bars), words)
    image = frame.image.copy()
    draw = ImageDraw.Draw(image)
    for row, (_, percent) in enumerate(bars):
        shown = round(percent)  # the label and the colour agree: "75 %" is green
        y, end = frame.bar_y(row), max(frame.x(percent), frame.left + STUB)  # 0 %: a stub
        box = [(frame.left, y - BAR // 2), (end, y + BAR // 2 - 1)]
        draw.rectangle(box, fill=BAR_INDEX[color(shown)])
        label, mask = _percent(f"{shown} %", shown == 0)
        image.paste(label, (end + 8, y - label.height // 2), mask)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
