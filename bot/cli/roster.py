"""`python -m bot roster import --school ID FILE [--out links.xlsx]`: the operator's twin of an
administrator sending the roster file to the bot. Wired into bot/cli/main.py by `add_parser`
and `run`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import EXIT_BAD_INPUT, Subparsers, username, with_session
from bot.clock import utcnow
from bot.config import Settings
from bot.rules.roster import RosterRow
from bot.rules.uploads import MAX_FILE_BYTES
from bot.services import roster, setup, uploads
from storage.repo import orgs

STOPPED = {
    uploads.Stop.TIME: "reading it went over the time limit",
    uploads.Stop.MEMORY: "reading it went over the memory limit",
    uploads.Stop.FAILED: "it could not be read",
}


def add_parser(subparsers: Subparsers) -> None:
    """Add `roster import` to the CLI's subcommands."""
    parser = subparsers.add_parser("roster", help="school rosters (expected staff)")
    sub = parser.add_subparsers(dest="roster_cmd", required=True)
    imp = sub.add_parser(
        "import", help="import a roster CSV/XLSX, write the personal invite links as XLSX"
    )
    imp.add_argument("--school", type=int, required=True)
    imp.add_argument("file", help="CSV or XLSX: columns ФИО, должность, роль, класс")
    imp.add_argument("--out", help="links file to write (default: roster-links-<school>.xlsx)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run `roster import`; 0 on success, 2 on a bad file or school (nothing is changed)."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if len(data) > MAX_FILE_BYTES:
        print(f"{path.name}: the file is larger than 2 MB", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:  # the same worker process with limits as a file sent to the bot
        parsed = asyncio.run(uploads.parse_roster(path.name, data))
    except uploads.Refused as refused:
        print(f"{path.name}: {STOPPED[refused.why]}; nothing changed", file=sys.stderr)
        return EXIT_BAD_INPUT
    if parsed is None:
        print(f"{path.name}: only .csv and .xlsx files can be imported", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not parsed.ok:
        for problem in parsed.problems:
            print(problem.cli_text(path.name), file=sys.stderr)
        print(f"{path.name}: {len(parsed.problems)} problem(s); nothing changed", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = Path(args.out or f"roster-links-{args.school}.xlsx")
    try:
        return asyncio.run(_import(settings, args.school, parsed.rows, out))
    except OSError as exc:  # SetupError and MaxError are reported by bot.cli.main
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


async def _import(settings: Settings, school_id: int, rows: list[RosterRow], out: Path) -> int:
    async def work(session: AsyncSession) -> roster.ImportResult:
        school = await orgs.get_school(session, school_id)
        if school is None:
            raise setup.SetupError(f"no school with id {school_id}")
        result = await roster.import_roster(session, school, rows, utcnow())
        # Written before the commit: if the file cannot be written, nothing is imported.
        await asyncio.to_thread(out.write_bytes, roster.links_xlsx(result, bot_name))
        return result

    bot_name = await username(settings)
    result = await with_session(settings, work)
    print(
        f"{result.school_name}: {len(result.lines)} row(s): {result.created} new, "
        f"{result.updated} updated; {result.links} new link(s), {result.joined} already joined, "
        f"{result.revoked} old link(s) revoked; roster size {result.total}; "
        f"declared staff {result.declared_staff}"
    )
    print(out)
    return 0
