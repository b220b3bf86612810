"""The one source of "now" for the application (tests move it with time-machine).

The demo (`python -m bot demo`) moves the emulated time forward with a process-wide offset
(`set_offset`); nothing else sets it, so in production `utcnow()` is the wall clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def utcnow() -> datetime:
    if _offset:
        return datetime.now(UTC) + _offset
    return datetime.now(UTC)


def offset() -> timedelta:
    """How far the emulated clock is ahead of the wall clock (zero unless the demo moved it)."""
    return _offset


def set_offset(value: timedelta) -> None:
    """Move the emulated clock: `utcnow()` becomes the wall clock plus `value` (demo only)."""
    global _offset
    _offset = value
