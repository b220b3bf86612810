"""Callback payloads: every `CallbackPayload` subclass under bot/ui/keyboards has a prefix of
its own, and no payload of one can be read as another's.

maxapi packs a payload as `prefix|value|value…` (`separator` "|") and unpacks it by splitting on
the separator and comparing the first part with the prefix exactly; so two payloads clash when
their prefixes are equal, or when a prefix contains a separator (its first part is then another
prefix, and its own payloads never unpack).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

import pytest
from maxapi.filters.callback_payload import CallbackPayload

import bot.ui.keyboards

MAX_PAYLOAD_BYTES = 64  # MAX's limit on a button's payload


def payload_classes() -> list[type[CallbackPayload]]:
    package = bot.ui.keyboards
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
    found: list[type[CallbackPayload]] = []
    todo = list(CallbackPayload.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith(package.__name__) and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda cls: cls.prefix)


CLASSES = payload_classes()


def test_the_payloads_are_found() -> None:
    names = {cls.__name__ for cls in CLASSES}
    assert {"AnswerCb", "MenuCb"} <= names and len(CLASSES) >= 10


def test_prefixes_are_unique_across_the_bot() -> None:
    counts = Counter(cls.prefix for cls in CLASSES)
    clashes = {
        prefix: [cls.__qualname__ for cls in CLASSES if cls.prefix == prefix]
        for prefix, n in counts.items()
        if n > 1
    }
    assert not clashes, f"prefixes used twice: {clashes}"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__qualname__)
def test_prefix_is_not_empty_and_has_no_separator(cls: type[CallbackPayload]) -> None:
    separators = {other.separator for other in CLASSES}
    assert cls.prefix, f"{cls.__qualname__} has an empty prefix"
    assert not any(sep in cls.prefix for sep in separators), (
        f"{cls.__qualname__}: prefix {cls.prefix!r} contains a separator"
    )


def test_all_payloads_use_the_same_separator() -> None:
    assert {cls.separator for cls in CLASSES} == {"|"}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__qualname__)
def test_no_other_payload_unpacks_this_ones_data(cls: type[CallbackPayload]) -> None:
    """Data shaped like this class's (its prefix, one empty value per field) is refused by
    every other class: maxapi tries the filters in turn, the first that unpacks wins."""
    data = cls.separator.join([cls.prefix, *[""] * len(cls.attrs())])
    assert len(data.encode()) <= MAX_PAYLOAD_BYTES
    for other in CLASSES:
        if other is cls:
            continue
        with pytest.raises(ValueError, match="prefix"):
            other.unpack(data)
