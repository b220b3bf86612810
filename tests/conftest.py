"""Fixtures shared by every level: a fresh database per test (a SQLite file, or a PostgreSQL
database on the suite's second pass), and the rule that keeps each level to its means. The
emulator, the bot and the demo are in tests/e2e/conftest.py; helpers are in tests.support."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.db import fresh_database


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database per test: a SQLite file, or a new PostgreSQL database when
    TEST_POSTGRES_URL points at a server (the suite's second pass)."""
    async with fresh_database(tmp_path) as url:
        yield url


# Each level keeps to its means: unit tests touch no database and no emulator, services tests
# no emulator (their `world` is the rolled-back one of tests/services/conftest.py).
LEVEL_FORBIDS = {
    "unit": {"db_url", "settings", "fake", "bot", "world", "demo"},
    "services": {"settings", "fake", "bot", "demo"},
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent
    for item in items:
        level = item.path.relative_to(tests).parts[0] if item.path.is_relative_to(tests) else ""
        used = LEVEL_FORBIDS.get(level, set()) & set(getattr(item, "fixturenames", ()))
        if used:
            raise pytest.UsageError(f"{item.nodeid}: a {level} test uses {sorted(used)}")
