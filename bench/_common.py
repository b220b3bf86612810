"""What every benchmark shares: figures and their table, the machine, memory, SQL counting."""

from __future__ import annotations

import contextlib
import gc
import os
import platform
import resource
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bench._region import Region, build_region


@dataclass
class Figure:
    """One measured figure; `met` is None when it has no goal."""

    bench: str  # "B1" ...
    name: str
    value: float | None
    unit: str
    goal: str = ""
    met: bool | None = None
    note: str = ""
    digits: int = 1

    def shown(self) -> str:
        if self.value is None:
            return "—"
        number = f"{self.value:,.{self.digits}f}".replace(",", " ")
        return f"{number} {self.unit}".strip()

    def verdict(self) -> str:
        return "" if self.met is None else "yes" if self.met else "NO"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def table(figures: list[Figure], markdown: bool = False) -> str:
    """The figures as a table: plain text for the terminal, or Markdown for the docs."""
    head = ("Benchmark", "Figure", "Value", "Goal", "Met")
    rows = [(f.bench, f.name, f.shown(), f.goal, f.verdict()) for f in figures]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    notes = [f"  {f.bench} {f.name}: {f.note}" for f in figures if f.note]
    if notes:
        out += ["", "Notes:", *notes]
    return "\n".join(out)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {
        "cpu": model or platform.processor() or platform.machine(),
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
    }


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory now (VmRSS), MiB; 0 where /proc is missing."""
    return _status_mb(pid, "VmRSS:")


def peak_rss_mb(pid: int | str = "self") -> float:
    """The highest resident memory of the process so far (VmHWM), MiB.

    Not getrusage's ru_maxrss: Linux keeps that across fork and exec, so a process started by
    a big parent reports the parent's size as its own peak."""
    return _status_mb(pid, "VmHWM:") or (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if pid == "self" else 0.0
    )


def _status_mb(pid: int | str, field: str) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


class StatementCounter:
    """Counts the SQL statements an engine sends (an executemany counts once)."""

    def __init__(self) -> None:
        self.count = 0
        self.kinds: dict[str, int] = {}

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.count += 1
        kind = statement.split(None, 1)[0].upper() if statement.strip() else "?"
        self.kinds[kind] = self.kinds.get(kind, 0) + 1


@contextlib.contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    event.listen(engine.sync_engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", counter)


class Workspace:
    """A scratch folder for the run, and synthetic regions built once and copied on demand."""

    def __init__(self, folder: Path | None = None, seed: int = 1) -> None:
        self.seed = seed
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="bench-")
        self.folder = folder or Path(self._tmp.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._regions: dict[int, Region] = {}
        self._copies = 0
        self.build_seconds: dict[int, float] = {}

    async def region(self, schools: int) -> Region:
        """A fresh copy of the region with `schools` schools (built the first time)."""
        template = self._regions.get(schools)
        if template is None:
            import time

            started = time.perf_counter()
            path = self.folder / f"region-{schools}.sqlite3"
            path.unlink(missing_ok=True)
            template = await build_region(path, schools, seed=self.seed)
            self.build_seconds[schools] = time.perf_counter() - started
            self._regions[schools] = template
            # The region's Python objects stay for the whole run: keep them out of the garbage
            # collector's way, or every full collection in the measured code walks them too
            # (the bot's own process holds nothing like them).
            gc.collect()
            gc.freeze()
        self._copies += 1
        return template.copy_to(self.folder / f"run-{self._copies}-{schools}.sqlite3")

    def path(self, name: str) -> Path:
        return self.folder / name

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
