"""`python -m bot export --authority ID --out FILE`: the authority's XLSX report, as `/export`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import EXIT_BAD_INPUT, Subparsers, with_session
from bot.clock import utcnow
from bot.config import Settings
from bot.services.export import ExportFile, export_by_id


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "export", help="write an authority's monthly XLSX report (the same as /export)"
    )
    p.add_argument("--authority", type=int, required=True, help="the authority's id")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    return p


async def _export(settings: Settings, authority_id: int) -> ExportFile | None:
    async def work(session: AsyncSession) -> ExportFile | None:
        return await export_by_id(session, authority_id, utcnow())  # committed: the audit record

    return await with_session(settings, work)


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Exit code: 0 written, 2 no such authority or the file cannot be written."""
    report = asyncio.run(_export(settings, args.authority))
    if report is None:
        print(f"error: no authority with id {args.authority}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = Path(args.out)
    try:
        out.write_bytes(report.data)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{report.schools} school(s), {len(report.data)} bytes")
    print(out)
    return 0
