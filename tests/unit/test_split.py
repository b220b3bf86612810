"""A text over MAX's limit is split, not cut (bot.rules.text.split_html)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bot.rules.text import MAX_TEXT, split_html

TAG = re.compile(r"<(/?)(\w+)[^>]*>")


def balanced(part: str) -> bool:
    stack: list[str] = []
    for closing, name in TAG.findall(part):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def plain(text: str) -> str:
    """The visible text (what a person reads), without markup and line breaks."""
    out: list[str] = []
    parser = HTMLParser()
    parser.handle_data = out.append  # type: ignore[method-assign]
    parser.feed(text)
    parser.close()
    return "".join(out).replace("\n", "")


def test_a_short_text_is_one_message() -> None:
    assert split_html("<b>Иванов &amp; Ко</b>") == ["<b>Иванов &amp; Ко</b>"]


@pytest.mark.parametrize("shift", range(0, 40, 3))
def test_a_long_list_is_split_at_lines_and_nothing_is_lost(shift: int) -> None:
    lines = [f"• <b>Иванов{'я' * shift} &lt;{n}&amp;</b>: <i>пункт</i>" for n in range(300)]
    text = "<b>Заголовок</b>\n" + "\n".join(lines)
    parts = split_html(text)
    assert len(parts) > 1
    assert all(len(p) <= MAX_TEXT and balanced(p) for p in parts)
    assert all(p.count("&") == p.count(";") for p in parts)  # no entity cut in two
    assert plain("".join(parts)) == plain(text)
    assert all(part.startswith(("• ", "<b>")) for part in parts)  # at a line's start


def test_a_tag_open_across_a_split_is_closed_and_reopened() -> None:
    text = '<a href="https://x.ru">' + "\n".join(f"строка {n} &lt;" for n in range(800)) + "</a>"
    parts = split_html(text)
    assert len(parts) > 1 and all(balanced(p) and len(p) <= MAX_TEXT for p in parts)
    assert all(p.startswith('<a href="https://x.ru">') for p in parts)
    assert plain("".join(parts)) == plain(text)


def test_one_line_longer_than_a_message_is_split_at_a_space() -> None:
    text = "<b>" + "слово &amp; " * 1200 + "</b>"
    parts = split_html(text)
    assert len(parts) > 1 and all(balanced(p) and len(p) <= MAX_TEXT for p in parts)
    assert all(p.count("&") == p.count(";") for p in parts)
    assert plain("".join(parts)) == plain(text)
