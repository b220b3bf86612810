"""Hostile input, the pure parts: names cleaned for lists, NUL and lone surrogates replaced."""

from __future__ import annotations

import json

from bot.max.polling import storable
from bot.services.joining import NAME_MAX, clean_name, fallback_name


def test_names_are_cleaned_for_lists():
    assert clean_name("🙂🙂") == "🙂🙂"
    assert clean_name("\u202eАнна") == "Анна"  # no right-to-left override in the admin's list
    assert clean_name("  Анна \t\n Петрова\x00 ") == "Анна Петрова"
    assert clean_name("\u200b") == clean_name("   ") == clean_name("\ud83d") == ""
    assert clean_name("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # one emoji stays one
    assert len(clean_name("Я" * 300)) == NAME_MAX
    assert fallback_name(8017) == "ID 8017"


def test_nul_and_lone_surrogates_from_json_are_replaced():
    raw = '{"a": ["\\udcff\u042e", "\\ud83d\\ude00", 1, null, {"b": "\\ud83d\\u0000"}]}'
    data = storable(json.loads(raw))
    assert data == {"a": ["\ufffdЮ", "😀", 1, None, {"b": "\ufffd\ufffd"}]}
    json.dumps(data, ensure_ascii=False).encode()  # encodable now
