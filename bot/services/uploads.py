"""Uploaded files parsed in a worker process, within CPU-time, memory and wall-clock limits.

`parse_roster` runs `bot.rules.roster.parse_roster` (pure; it checks the archive first) in a
child process and awaits it without blocking the event loop: the bot keeps answering everyone
meanwhile. The child sets its own limits (`resource.setrlimit`: CPU seconds, address space; no
core file) before it parses; the parent kills it at the wall-clock limit. A child stopped by a
limit, or one that crashed, becomes `Refused` (nothing is imported) and the next upload gets a
new child: each parse has a process of its own, so nothing is left broken. The result comes
back pickled (plain dataclasses).

The children are forked by a fork server that has imported only this module, the parser and
openpyxl (not the app: no database, no event loop, no open connections are inherited); where
there is no fork server, they are spawned. The limits are in bot/rules/uploads.py.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import signal
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

from bot.rules import roster, uploads

try:
    import resource
except ImportError:  # not on Windows: there only the wall-clock limit holds
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

PRELOAD = [__name__, "bot.rules.roster", "openpyxl"]
EXIT_GRACE = 1.0  # seconds a child that has sent its result gets to exit


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = uploads.PARSE_CPU_SECONDS
    memory_bytes: int = uploads.PARSE_MEMORY_BYTES
    wall_seconds: float = uploads.PARSE_WALL_SECONDS


LIMITS = Limits()


class Stop(StrEnum):
    """Why a parse gave no result."""

    TIME = "time"  # the CPU-time or the wall-clock limit
    MEMORY = "memory"  # the address-space limit
    FAILED = "failed"  # the child raised or died otherwise


class Refused(Exception):
    def __init__(self, why: Stop) -> None:
        super().__init__(why.value)
        self.why = why


async def parse_roster(
    filename: str | None, data: bytes, limits: Limits = LIMITS
) -> roster.ParsedRoster | None:
    """`bot.rules.roster.parse_roster` in a worker process; raises `Refused`."""
    result: roster.ParsedRoster | None = await run_bounded(
        roster.parse_roster, filename, data, limits=limits
    )
    return result


async def run_bounded(fn: Callable[..., Any], *args: Any, limits: Limits = LIMITS) -> Any:
    """`fn(*args)` in a child process within `limits` (fn, args and the result pickled;
    fn importable by name); raises `Refused`. At most PARSE_PARALLEL run at once."""
    async with _slots():
        context = _context()
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(  # type: ignore[attr-defined]
            target=_child, args=(sender, limits, fn, args), daemon=True, name="upload-parse"
        )
        await asyncio.to_thread(child.start)  # the first start also starts the fork server
        sender.close()
        outcome: tuple[str, Any] = ("timeout", None)
        try:
            outcome = await asyncio.wait_for(
                asyncio.to_thread(_receive, receiver), limits.wall_seconds
            )
        except TimeoutError:
            pass
        finally:
            await asyncio.to_thread(_end, child, EXIT_GRACE if outcome[0] == "ok" else 0)
        exitcode = child.exitcode
        child.close()
    status, value = outcome
    if status == "ok":
        return value
    why = _why(status, exitcode)
    if why is Stop.FAILED:
        log.error("upload parse failed (exit code %s): %s", exitcode, value or status)
    else:
        log.warning("upload parse stopped: %s limit (exit code %s)", why, exitcode)
    raise Refused(why)


def _why(status: str, exitcode: int | None) -> Stop:
    if status == "timeout":
        return Stop.TIME
    if status == "memory":
        return Stop.MEMORY
    if status == "died" and exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return Stop.TIME  # over the soft CPU limit (SIGXCPU), or the hard one (SIGKILL)
    return Stop.FAILED


def _receive(receiver: Connection) -> tuple[str, Any]:
    """The child's message; ("died", None) if it ended without one (killed by a limit)."""
    try:
        message: tuple[str, Any] = receiver.recv()
        return message
    except (EOFError, OSError):
        return "died", None
    finally:
        receiver.close()


def _end(child: multiprocessing.process.BaseProcess, grace: float) -> None:
    """Let a child that has answered exit; kill one that has not (or is stuck exiting)."""
    child.join(grace)
    if child.is_alive():
        child.kill()
        child.join()


# --- in the child ------------------------------------------------------------------------


def _child(sender: Connection, limits: Limits, fn: Callable[..., Any], args: tuple) -> None:
    _limit(limits)
    message: tuple[str, Any]
    try:
        message = ("ok", fn(*args))
    except MemoryError:
        message = ("memory", None)
    except BaseException:  # reported to the parent, which logs it
        message = ("failed", traceback.format_exc(limit=-8))
    try:
        sender.send(message)
    except MemoryError:  # pickling the result needed more than was left
        sender.send(("memory", None))
    sender.close()


def _limit(limits: Limits) -> None:
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _set(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)
    _set(resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes)


def _set(which: int, soft: int, hard: int) -> None:
    """Lower a limit (never above a hard limit the process already has). A system that
    refuses the limit (some do for RLIMIT_AS) leaves the wall-clock limit to hold."""
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError) as exc:
        log.warning("upload parse: limit %s not set: %s", which, exc)


# --- the processes ------------------------------------------------------------------------


@functools.cache
def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


_semaphores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _slots() -> asyncio.Semaphore:
    """The running loop's semaphore of PARSE_PARALLEL (a semaphore belongs to one loop)."""
    loop = asyncio.get_running_loop()
    if loop not in _semaphores:
        _semaphores[loop] = asyncio.Semaphore(uploads.PARSE_PARALLEL)
    return _semaphores[loop]
