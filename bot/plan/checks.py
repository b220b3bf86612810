"""Field checks for the roadmap loader: each reads one value from a TOML table, reports what
is wrong with it in plain English and returns the clean value, or MISSING."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MISSING = object()
T = TypeVar("T")


def quoted(value: Any) -> str:
    """Show a value the way it would look in TOML."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(quoted(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value)


def listed(values: tuple[str, ...]) -> str:
    return ", ".join(values)


class FieldChecker:
    """Collects problems, each prefixed with the file's label and where in it."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[str] = []

    def add(self, where: str | None, problem: str) -> None:
        prefix = f"{self.label}: {where}: " if where else f"{self.label}: "
        self.problems.append(prefix + problem)

    def is_table(self, where: str, raw: Any, noun: str, header: str) -> bool:
        """Whether an entry of an array of tables is a table; reports it when it is not."""
        if isinstance(raw, dict):
            return True
        self.add(where, f"is not a table; write each {noun} as {header} table")
        return False

    @staticmethod
    def named(raw: dict[str, Any], key: str, noun: str) -> str | None:
        """How an entry is named by its key field, e.g. ``item "safe_mode"``; None without one."""
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return f'{noun} "{value.strip()}"'
        return None

    # --- generic field checks (each returns the clean value or MISSING) ---

    def present(
        self, where: str | None, table: dict[str, Any], key: str, required: bool, hint: str = ""
    ) -> bool:
        """Whether ``key`` is in the table; a missing required one is reported."""
        if key in table:
            return True
        if required:
            self.add(where, f'missing required field "{key}"{hint}')
        return False

    def unknown_fields(
        self, where: str | None, table: dict[str, Any], known: tuple[str, ...]
    ) -> None:
        for key in table:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            tip = f'did you mean "{close[0]}"?' if close else f"allowed: {listed(known)}"
            self.add(where, f'unknown field "{key}" ({tip})')

    def text(
        self, where: str | None, table: dict[str, Any], key: str, limit: int, required: bool = True
    ) -> Any:
        if not self.present(where, table, key, required):
            return MISSING
        value = table[key]
        if not isinstance(value, str):
            self.add(where, f"{key} must be a text string in quotes, not {quoted(value)}")
            return MISSING
        value = value.strip()
        if not value:
            self.add(where, f"{key} is empty")
            return MISSING
        if len(value) > limit:
            self.add(where, f"{key} is too long ({len(value)} characters, at most {limit})")
            return MISSING
        return value

    def choice(
        self,
        where: str | None,
        table: dict[str, Any],
        key: str,
        allowed: tuple[str, ...],
        required: bool = True,
    ) -> Any:
        if not self.present(where, table, key, required):
            return MISSING
        value = table[key]
        if not isinstance(value, str) or value not in allowed:
            self.add(where, f"{key} {quoted(value)} is not one of: {listed(allowed)}")
            return MISSING
        return value

    def name_set(
        self,
        where: str | None,
        table: dict[str, Any],
        key: str,
        noun: str,
        allowed: tuple[str, ...],
    ) -> Any:
        if not self.present(where, table, key, required=True):
            return MISSING
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, f'{key} must be a list of strings, e.g. ["{allowed[0]}"]')
            return MISSING
        if not value:
            self.add(where, f"{key} is empty (give at least one of: {listed(allowed)})")
            return MISSING
        ok = True
        seen: set[str] = set()
        for name in value:
            if name not in allowed:
                self.add(where, f"unknown {noun} {quoted(name)} (allowed: {listed(allowed)})")
                ok = False
            elif name in seen:
                self.add(where, f"{noun} {quoted(name)} is listed twice in {key}")
            seen.add(name)
        return frozenset(value) if ok else MISSING

    def date(self, where: str | None, table: dict[str, Any], key: str, required: bool) -> Any:
        if not self.present(where, table, key, required):
            return MISSING
        value = table[key]
        if isinstance(value, datetime.datetime):
            self.add(where, f"{key} {value.isoformat()} has a time of day; give just YYYY-MM-DD")
            return MISSING
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and DATE_RE.match(value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(where, f"{key} {quoted(value)} is not a date (YYYY-MM-DD)")
        return MISSING

    def tables(
        self,
        where: str | None,
        data: dict[str, Any],
        key: str,
        required: bool,
        empty: str | None = None,
    ) -> Any:
        """An array of tables (``[[key]]``); returns a list or MISSING. An empty list is
        reported with `empty`, when given (and still returned)."""
        if not self.present(where, data, key, required, hint=f" (add [[{key}]] tables)"):
            return MISSING
        value = data[key]
        if not isinstance(value, list):
            self.add(where, f"{key} must be an array of tables ([[{key}]]), not {quoted(value)}")
            return MISSING
        if not value and empty:
            self.add(where, empty)
        return value

    def unique(
        self, where: str, seen: dict[str, int], value: str, index: int, problem: str
    ) -> None:
        """Remember where `value` is first given; a repeat is reported with `problem`, whose
        ``{}`` is the index of the first."""
        if value in seen:
            self.add(where, problem.format(seen[value]))
        else:
            seen[value] = index

    def build(self, where: str | None, model: Callable[..., T], **fields: Any) -> T | None:
        """The model built from clean fields; a rule only the model knows is reported."""
        try:
            return model(**fields)
        except ValidationError as exc:
            self._validation(where, exc)
            return None

    def _validation(self, where: str | None, exc: ValidationError) -> None:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            self.add(where, f"{loc}: {msg}" if loc else msg)


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
