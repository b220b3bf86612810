"""Typed texts others will read (help comments, announcements, names): what may stay."""

from __future__ import annotations

import re
import unicodedata

KEEP_FORMAT = {"\u200d"}  # the zero-width joiner holds emoji sequences together


def visible(text: str) -> str:
    """The text without invisible format characters — bidi overrides and isolates (U+202E
    turns «moc.live» into «evil.com» on screen), zero-width spaces, the BOM — and lone
    surrogates; line breaks and tabs stay, the emoji joiner stays."""
    return "".join(
        char
        for char in text
        if unicodedata.category(char) not in ("Cf", "Cs") or char in KEEP_FORMAT
    )


# --- messages over MAX's limit ----------------------------------------------------------------

MAX_TEXT = 3999  # MAX (and maxapi) reject a text of 4000 characters and more
_TAG = re.compile(r"<(/?)(b|i|u|s|code|pre|a)\b[^>]*>")
_PARTIAL = re.compile(r"(&[#A-Za-z0-9]*|<[^>]*)$")  # an entity or a tag cut in two


def _tags_after(opened: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """The tags (name, opening tag) still open after `text`, given those open before it."""
    stack = list(opened)
    for match in _TAG.finditer(text):
        if not match.group(1):
            stack.append((match.group(2), match.group(0)))
        elif stack and stack[-1][0] == match.group(2):
            stack.pop()
    return stack


def _closing(opened: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(opened))


def _pieces(line: str, room: int) -> list[str]:
    """A line longer than `room` in pieces of at most `room`: at a space where there is one,
    never inside an entity or a tag."""
    out = []
    while len(line) > room:
        head = _PARTIAL.sub("", line[:room])
        space = head.rfind(" ")
        if space > room // 2:
            head = head[: space + 1]
        if not head:  # a tag longer than the room: nothing sensible to keep whole
            head = line[:room]
        out.append(head)
        line = line[len(head) :]
    return [*out, line]


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` as messages of at most `limit` characters each, nothing left out: split at line
    boundaries (a line longer than a message at a space), never inside an HTML entity or tag;
    a tag open at a split is closed at the end of one part and opened again in the next."""
    if len(text) <= limit:
        return [text]
    room = limit - 200  # leaves room for the tags closed and reopened around a split
    segments: list[tuple[str, str]] = []  # (what joins it to the one before, the segment)
    for line in text.split("\n"):
        for n, piece in enumerate(_pieces(line, room)):
            segments.append(("" if n else "\n", piece))
    parts: list[str] = []
    opened: list[tuple[str, str]] = []  # the tags open at the start of the current part
    body = ""
    for joint, segment in segments:
        if body and len(body) + len(joint) + len(segment) > room:
            parts.append("".join(tag for _, tag in opened) + body)
            opened = _tags_after(opened, body)
            parts[-1] += _closing(opened)
            body = ""
        if not body:
            if segment.strip():
                body = segment  # a part begins with neither a line break nor an empty line
        else:
            body += joint + segment
    if body:
        parts.append("".join(tag for _, tag in opened) + body)
    return parts


def pages_by_size(sizes: list[int], budget: int, most: int) -> list[tuple[int, int]]:
    """A list's pages as (start, stop) row ranges: at most `most` rows a page and, beyond its
    first row, at most `budget` characters (`sizes`: each row's length), so that a page of
    long rows still fits one message. Always at least one page (empty for no rows)."""
    pages: list[tuple[int, int]] = []
    start = used = 0
    for n, size in enumerate(sizes):
        if n > start and (n - start >= most or used + size > budget):
            pages.append((start, n))
            start, used = n, 0
        used += size + 1
    pages.append((start, len(sizes)))
    return pages


_REGISTRATION = re.compile(r"регистр|зарегистр|войти|вход|логин|парол", re.IGNORECASE)


def asks_about_registering(text: str) -> bool:
    """Whether a typed question is about registering or signing in («как мне
    зарегистрироваться?»): it gets a short answer instead of the general hint."""
    return bool(_REGISTRATION.search(text))
