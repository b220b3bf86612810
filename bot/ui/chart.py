"""The digest chart: completion per item as a horizontal bar chart (PNG, drawn with Pillow).

A region's weekly digests are a few hundred charts in a row, all with the same few layouts (the
items of a plan for a kind of school): the frame — title, item labels, axis and grid — is drawn
once per layout and cached; a chart then only adds its bars and their percentages.
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

MAX_LABEL = 42
WIDTH = 960
ROW = 30  # pixels per item
BAR = 20  # bar thickness
TOP = 56  # title band
BOTTOM = 40  # axis labels band
PAD = 16
LABEL_SIZE = 15
TITLE_SIZE = 19
GREEN, YELLOW, RED = (46, 157, 91), (224, 168, 0), (217, 83, 79)
INK, GREY, GRID = (34, 34, 34), (136, 136, 136), (230, 230, 230)
FONT = files("bot.ui") / "assets" / "DejaVuSans.ttf"


def _ramp(color: tuple[int, int, int], steps: int) -> list[tuple[int, int, int]]:
    """White to `color`: the shades of anti-aliased text in that colour on white."""
    return [
        tuple(round(255 + (c - 255) * i / (steps - 1)) for c in color)  # type: ignore[misc]
        for i in range(steps)
    ]


# A palette image (PNG mode "P"): a tenth of the encoding time and of the size of RGB. It holds
# every colour a chart uses: the bars, and white-to-ink and white-to-grey ramps for text.
COLORS = [GREEN, YELLOW, RED, GRID, *_ramp(INK, 24), *_ramp(GREY, 8)[1:]]
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


def _label(title: str) -> str:
    title = " ".join(title.split())  # one line, whatever the plan's title holds
    return title if len(title) <= MAX_LABEL else title[: MAX_LABEL - 1] + "…"


def color(percent: float) -> tuple[int, int, int]:
    """Green from 75 % (the roadmap's target share), yellow from 30 %, red below."""
    return GREEN if percent >= 75 else YELLOW if percent >= 30 else RED


class _Frame:
    """Everything but the bars, for one list of labels."""

    def __init__(self, labels: tuple[str, ...], title: str) -> None:
        font, big = _font(LABEL_SIZE), _font(TITLE_SIZE)
        texts = [_label(t) for t in labels]
        self.left = PAD + max((int(font.getlength(t)) for t in texts), default=0) + 10
        self.right = WIDTH - PAD - 56  # room for "100 %" after a full bar
        self.height = TOP + ROW * max(len(labels), 1) + BOTTOM
        image = Image.new("RGB", (WIDTH, self.height), "white")
        draw = ImageDraw.Draw(image)
        draw.text((WIDTH // 2, TOP // 2), title, font=big, fill=INK, anchor="mm")
        bottom = TOP + ROW * len(labels)
        for tick in range(0, 101, 25):
            x = self.x(tick)
            draw.line([(x, TOP), (x, bottom)], fill=GRID, width=1)
            draw.text((x, bottom + 8), str(tick), font=font, fill=GREY, anchor="mt")
        for y in range(TOP, bottom, 8):  # the 75 % target, dashed
            draw.line([(self.x(75), y), (self.x(75), min(y + 4, bottom))], fill=GREY, width=1)
        draw.line([(self.left, TOP), (self.left, bottom)], fill=INK, width=1)
        for row, text in enumerate(texts):
            draw.text((self.left - 8, self.y(row)), text, font=font, fill=INK, anchor="rm")
        self.image = _to_palette(image)

    def x(self, percent: float) -> int:
        return self.left + round((self.right - self.left) * max(0.0, min(percent, 100.0)) / 100)

    def y(self, row: int) -> int:
        return TOP + ROW * row + ROW // 2


@lru_cache(maxsize=128)
def _percent(text: str) -> tuple[Image.Image, Image.Image]:
    """A percentage as a palette image, and the mask of its ink (pasted onto the chart)."""
    font = _font(LABEL_SIZE)
    left, top, right, bottom = font.getbbox(text, anchor="lm")
    size = (int(right - left) + 2, int(bottom - top) + 2)  # getbbox gives whole pixels
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((1 - left, 1 - top), text, font=font, fill=INK, anchor="lm")
    mask = image.convert("L").point(lambda v: 255 if v < 250 else 0, mode="1")
    return _to_palette(image), mask


@lru_cache(maxsize=32)
def _frame(labels: tuple[str, ...], title: str) -> _Frame:
    return _Frame(labels, title)


def completion_chart(bars: list[tuple[str, float]], title: str) -> bytes:
    """bars: (item title, percent 0..100) in plan order, drawn top to bottom."""
    frame = _frame(tuple(t for t, _ in bars), title)
    image = frame.image.copy()
    draw = ImageDraw.Draw(image)
    for row, (_, percent) in enumerate(bars):
        shown = round(percent)  # the label and the colour agree: "75 %" is green
        y, end = frame.y(row), frame.x(percent)
        if end > frame.left:
            box = [(frame.left + 1, y - BAR // 2), (end, y + BAR // 2 - 1)]
            draw.rectangle(box, fill=BAR_INDEX[color(shown)])
        label, mask = _percent(f"{shown} %")
        image.paste(label, (end + 5, y - label.height // 2), mask)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
