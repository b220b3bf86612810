"""Pause: typed dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.pause import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.12.2025", date(2025, 12, 15)),
        (" 1.2.2026 ", date(2026, 2, 1)),
        ("01-02-2026", date(2026, 2, 1)),
        ("31.02.2026", None),
        ("завтра", None),
        ("2026-02-01", None),
        ("", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected
