"""Cutting a message to MAX's limit never breaks its HTML (bot.max.sender.fit)."""

from __future__ import annotations

import pytest

from bot.max.sender import MAX_TEXT, fit


def test_a_short_text_is_left_alone() -> None:
    assert fit("<b>Иванов &amp; Ко</b>") == "<b>Иванов &amp; Ко</b>"


@pytest.mark.parametrize("shift", range(12))
def test_a_cut_never_lands_inside_an_entity_or_a_tag(shift: int) -> None:
    text = "x" * (MAX_TEXT - 24 - shift) + "&amp; <b>Петров &lt;</b>" * 10
    cut = fit(text)
    assert len(cut) <= MAX_TEXT and cut.endswith(("…", "…</b>"))
    body = cut.rsplit("…", 1)[0]
    assert body.count("&") == body.count(";"), body[-30:]
    assert body.count("<") == body.count(">"), body[-30:]


def test_a_tag_left_open_by_the_cut_is_closed() -> None:
    text = "<b>" + "я" * MAX_TEXT + "</b>"
    cut = fit(text)
    assert cut.startswith("<b>") and cut.endswith("…</b>") and len(cut) <= MAX_TEXT
