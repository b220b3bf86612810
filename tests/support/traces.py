"""Looking for a person's traces in the whole database: every column of every table (read
through the models' metadata, so a new column is searched too) and, on SQLite, the raw bytes
of the database file and its WAL."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.config import Settings
from storage.models import Base
from tests.support.db import session_on


@dataclass(frozen=True)
class Needles:
    """What identifies the person: fragments of text (matched in any case), ids (matched as
    whole numbers, in text too) and bytes (in blobs and in the raw file)."""

    texts: tuple[str, ...]
    ids: tuple[int, ...] = ()
    blobs: tuple[bytes, ...] = ()
    _id_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = "|".join(rf"(?<![0-9]){i}(?![0-9])" for i in self.ids) or r"(?!x)x"
        object.__setattr__(self, "_id_re", re.compile(pattern))

    def in_text(self, text: str) -> bool:
        low = text.lower()
        return any(t.lower() in low for t in self.texts) or bool(self._id_re.search(text))

    def in_value(self, value: Any) -> bool:
        if value is None or isinstance(value, bool):
            return False
        if isinstance(value, int):
            return value in self.ids
        if isinstance(value, str):
            return self.in_text(value)
        if isinstance(value, bytes | bytearray | memoryview):
            data = bytes(value)
            return any(b in data for b in self.blobs) or self.in_text(
                data.decode("utf-8", "replace")
            )
        if isinstance(value, dict | list):
            return self.in_text(json.dumps(value, ensure_ascii=False))
        return self.in_text(str(value))

    def raw_forms(self) -> list[bytes]:
        """What to look for in the raw file: the texts as UTF-8 (both cases), the ids as
        decimal text (keys hold them so), the blobs."""
        forms = {f.encode() for t in self.texts for f in (t, t.lower(), t.upper())}
        return [*forms, *(str(i).encode() for i in self.ids), *self.blobs]


async def find_in_database(settings: Settings, needles: Needles) -> dict[str, list[Any]]:
    """Every `table.column` holding any needle, with the values found (all rows, all tables
    of the metadata)."""
    found: dict[str, list[Any]] = {}
    async with session_on(settings) as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                for column, value in zip(table.columns, row, strict=True):
                    if needles.in_value(value):
                        found.setdefault(f"{table.name}.{column.name}", []).append(value)
    return found


def sqlite_files(settings: Settings) -> list[Path] | None:
    """The database file and its WAL (None on another backend)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    main = Path(url.database)
    return [main, main.with_name(main.name + "-wal")]


def find_in_files(paths: list[Path], needles: Needles) -> dict[str, list[bytes]]:
    """Per file: the needles (as bytes) its raw content holds."""
    found: dict[str, list[bytes]] = {}
    for path in paths:
        data = path.read_bytes() if path.exists() else b""
        hits = [form for form in needles.raw_forms() if form in data]
        if hits:
            found[path.name] = hits
    return found
