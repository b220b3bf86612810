"""`python -m bot ...` in a subprocess, as an operator would run it."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass

from bot.config import Settings
from tests.support.paths import ROOT


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def last_line(self) -> str:
        return self.stdout.strip().splitlines()[-1]


async def run_cli(*args: str, env: dict[str, str], check: bool = True) -> CliResult:
    """Run `python -m bot ...` in a subprocess, as an operator would (the loop keeps serving)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    result = CliResult(proc.returncode or 0, out.decode(), err.decode())
    if check and result.returncode != 0:
        raise AssertionError(f"CLI failed: {args}\n{result.stdout}\n{result.stderr}")
    return result


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "MAX_BOT_TOKEN": settings.max_bot_token,
        "MAX_API_URL": settings.max_api_url,
        "DATABASE_URL": settings.database_url,
        "BOT_USERNAME": "",
        "LOG_LEVEL": "WARNING",
    }
