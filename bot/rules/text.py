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


_REGISTRATION = re.compile(r"регистр|зарегистр|войти|вход|логин|парол", re.IGNORECASE)


def asks_about_registering(text: str) -> bool:
    """Whether a typed question is about registering or signing in («как мне
    зарегистрироваться?»): it gets a short answer instead of the general hint."""
    return bool(_REGISTRATION.search(text))
