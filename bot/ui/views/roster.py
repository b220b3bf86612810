"""Views: the roster import (`/roster` and the administrator's file)."""

from __future__ import annotations

from bot.rules.roster import RosterProblem
from bot.services.roster import ImportResult
from bot.services.uploads import Stop
from bot.ui.texts import roster as t
from bot.ui.texts import uploads as upload_texts

REFUSALS = {
    Stop.TIME: upload_texts.TOO_SLOW,
    Stop.MEMORY: upload_texts.TOO_HEAVY,
    Stop.FAILED: upload_texts.FAILED,
}


def problems(found: list[RosterProblem]) -> str:
    """Why the file was not imported (nothing was changed)."""
    return t.problems_text([p.text() for p in found])


def refused(why: Stop) -> str:
    """The file's parse was stopped by a limit of the worker (nothing was changed)."""
    return REFUSALS[why]


def imported(result: ImportResult) -> str:
    """The caption of the links file: what the import did."""
    summary = t.summary(
        school=result.school_name, rows=len(result.lines), created=result.created,
        updated=result.updated, links=result.links, joined=result.joined,
        revoked=result.revoked, kept=result.kept, total=result.total,
        declared_staff=result.declared_staff,
    )  # fmt: skip
    return summary + "\n\n" + t.LINKS_CAPTION
