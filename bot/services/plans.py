"""Which roadmap applies to whom: an authority's own plan, or the built-in one; and replacing
it, from the CLI (`plan set`) or from the bot (`/plan`: a file, a preview, a confirmation)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import PurePosixPath

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import Plan, PlanError, builtin_names, builtin_plan, default_plan, parse_plan
from bot.rules.calendar import school_year_of
from bot.rules.checklist import local_today
from storage.models import Authority, Person, School
from storage.repo import people
from storage.repo import plans as repo

MAX_FILE_BYTES = 256 * 1024  # a roadmap file sent in the bot
DOWNLOAD_TIMEOUT = 30.0
FINGERPRINT_CHARS = 12  # of a sha256 in hex: what a button carries of a draft and of a plan
LABEL_MAX = 64  # characters of the file name that labels the problems


@lru_cache(maxsize=256)
def _parsed(text: str, name: str) -> Plan:
    return parse_plan(text, name)


def plan_for(authority: Authority | None) -> Plan:
    """The authority's own plan (stored as validated TOML text), else the built-in plan it
    chose by name (`plan set --builtin 2025`), else the current built-in one."""
    if authority is None:
        return default_plan()
    if authority.plan_toml:
        return _parsed(authority.plan_toml, f"authority-{authority.id}")
    if authority.plan_name and authority.plan_name in builtin_names():
        return builtin_plan(authority.plan_name)
    return default_plan()


@dataclass(frozen=True)
class PlanChange:
    """What replacing an authority's plan changes, by item code (answers stay by code)."""

    name: str
    added: list[str]
    removed: list[str]
    kept: list[str]


def plan_change(old: Plan, new: Plan) -> PlanChange:
    old_codes = [i.code for i in old.items]
    new_codes = [i.code for i in new.items]
    return PlanChange(
        name=new.name,
        added=[c for c in new_codes if c not in old_codes],
        removed=[c for c in old_codes if c not in new_codes],
        kept=[c for c in new_codes if c in old_codes],
    )


async def replace_plan(
    session: AsyncSession,
    authority: Authority,
    text: str,
    now: datetime,
    *,
    person_id: int | None = None,
) -> PlanChange:
    """Make `text` (a roadmap TOML, checked as `plan check` does: PlanError lists every
    problem, and nothing changes) the authority's plan. Answers stay attached by item code:
    an item kept keeps its answers, a removed one's stay in history. The caller commits."""
    new = parse_plan(text, f"authority-{authority.id}")
    return _switch(session, authority, new, now, person_id, plan_toml=text, plan_name=None)


async def use_builtin(
    session: AsyncSession,
    authority: Authority,
    name: str,
    now: datetime,
    *,
    person_id: int | None = None,
) -> PlanChange:
    """Make the built-in plan `name` (one of `builtin_names()`) the authority's; its own TOML,
    if any, is dropped. ``KeyError`` for an unknown name, and nothing changes."""
    new = builtin_plan(name)
    return _switch(session, authority, new, now, person_id, plan_toml=None, plan_name=name)


def _switch(
    session: AsyncSession,
    authority: Authority,
    new: Plan,
    now: datetime,
    person_id: int | None,
    *,
    plan_toml: str | None,
    plan_name: str | None,
) -> PlanChange:
    change = plan_change(plan_for(authority), new)
    authority.plan_toml = plan_toml
    authority.plan_name = plan_name
    people.audit(
        session, "plan.replace", at=now, actor=people.actor_of(person_id), person_id=person_id,
        authority_id=authority.id, plan=new.name, builtin=plan_name,
        added=change.added, removed=change.removed,
    )  # fmt: skip
    return change


# --- replacing the plan from the bot: upload → preview → confirm or cancel ---------------------


def fingerprint(text: str) -> str:
    """The sha256 of `text` in hex."""
    return hashlib.sha256(text.encode()).hexdigest()


def plan_fingerprint(authority: Authority) -> str:
    """The state of the authority's plan as a button saw it: its own text, or which built-in
    plan it runs."""
    if authority.plan_toml:
        return fingerprint(authority.plan_toml)
    return fingerprint("builtin:" + (authority.plan_name or ""))


def _short(digest: str) -> str:
    return digest[:FINGERPRINT_CHARS]


@dataclass(frozen=True)
class PlanSummary:
    """`/plan`: the plan in force."""

    name: str
    items: int
    own: bool  # the authority's own file (else the built-in plan)


def current_plan(authority: Authority) -> PlanSummary:
    plan = plan_for(authority)
    return PlanSummary(plan.name, len(plan.items), bool(authority.plan_toml))


class UploadOutcome(StrEnum):
    READY = "ready"  # checked and kept as the draft: the preview asks to confirm
    INVALID = "invalid"  # problems found (as `plan check` lists them); nothing stored
    NOT_TEXT = "not_text"  # not UTF-8 text; nothing stored
    TOO_BIG = "too_big"  # over MAX_FILE_BYTES; nothing stored


@dataclass(frozen=True)
class Preview:
    """What replacing the plan with the draft would change, by item code."""

    name: str  # the new plan's
    current: str  # the name of the plan in force
    added: list[tuple[str, str]]  # (code, title) of the new plan's items not in the current
    removed: list[tuple[str, str]]  # (code, title) of the current plan's items not in the new
    kept: int  # items in both: their answers stay
    draft: str  # the draft's fingerprint, shortened (for the buttons)
    plan: str  # the current plan's fingerprint, shortened


@dataclass(frozen=True)
class Upload:
    outcome: UploadOutcome
    problems: list[str] = field(default_factory=list)
    preview: Preview | None = None


def file_label(filename: str) -> str:
    """The name the problems are labelled with, as `plan check` labels them with the path:
    the file's own name, without folders, bounded."""
    name = PurePosixPath(filename.replace("\\", "/")).name.strip()
    return name[:LABEL_MAX] or "plan.toml"


async def upload_draft(
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    filename: str,
    data: bytes,
    now: datetime,
) -> Upload:
    """Check a roadmap file the authority's `caller` sent; a valid one becomes the authority's
    draft (replacing an earlier one) and its preview is returned. The caller commits."""
    if len(data) > MAX_FILE_BYTES:
        return Upload(UploadOutcome.TOO_BIG)
    try:
        text = data.decode("utf-8-sig")  # a BOM from Windows editors is fine
    except UnicodeDecodeError:
        return Upload(UploadOutcome.NOT_TEXT)
    if "\x00" in text:
        return Upload(UploadOutcome.NOT_TEXT)
    try:
        new = parse_plan(text, file_label(filename))
    except PlanError as exc:
        return Upload(UploadOutcome.INVALID, problems=exc.problems)
    old = plan_for(authority)
    change = plan_change(old, new)
    digest = fingerprint(text)
    await repo.put_draft(session, authority.id, caller.id, text, digest, now)
    titles = {i.code: i.title for i in (*old.items, *new.items)}
    preview = Preview(
        name=new.name,
        current=old.name,
        added=[(c, titles[c]) for c in change.added],
        removed=[(c, titles[c]) for c in change.removed],
        kept=len(change.kept),
        draft=_short(digest),
        plan=_short(plan_fingerprint(authority)),
    )
    return Upload(UploadOutcome.READY, preview=preview)


class DraftOutcome(StrEnum):
    REPLACED = "replaced"
    CANCELLED = "cancelled"
    ALREADY = "already"  # the draft was already made the plan (a second press)
    STALE = "stale"  # another file came since, or the plan changed meanwhile: nothing done


@dataclass(frozen=True)
class DraftResult:
    outcome: DraftOutcome
    change: PlanChange | None = None


async def confirm_draft(
    session: AsyncSession,
    caller: Person,
    authority: Authority,
    draft: str,
    plan: str,
    now: datetime,
) -> DraftResult:
    """«Заменить план» on a preview that showed draft `draft` over plan `plan` (shortened
    fingerprints): the draft becomes the plan (`replace_plan`, audited) and is gone. A press
    after another upload, or after the plan changed, changes nothing. The caller commits."""
    current = _short(plan_fingerprint(authority))
    found = await repo.draft_of(session, authority.id)
    if found is None or _short(found.fingerprint) != draft:
        if found is None and authority.plan_toml and current == draft:
            return DraftResult(DraftOutcome.ALREADY)
        return DraftResult(DraftOutcome.STALE)
    if current != plan:
        return DraftResult(DraftOutcome.STALE)
    try:
        change = await replace_plan(session, authority, found.text, now, person_id=caller.id)
    except PlanError:  # checked at the upload: only a newer version of the checks gets here
        await repo.drop_draft(session, found)
        return DraftResult(DraftOutcome.STALE)
    await repo.drop_draft(session, found)
    return DraftResult(DraftOutcome.REPLACED, change)


async def cancel_draft(session: AsyncSession, authority: Authority, draft: str) -> DraftResult:
    """«Отмена» on the preview of draft `draft`: the draft is dropped; a newer one is left
    alone (STALE), one already made the plan is ALREADY. The caller commits."""
    found = await repo.draft_of(session, authority.id)
    if found is None:
        if authority.plan_toml and _short(plan_fingerprint(authority)) == draft:
            return DraftResult(DraftOutcome.ALREADY)
        return DraftResult(DraftOutcome.CANCELLED)  # cancelled before: nothing left to do
    if _short(found.fingerprint) != draft:
        return DraftResult(DraftOutcome.STALE)
    await repo.drop_draft(session, found)
    return DraftResult(DraftOutcome.CANCELLED)


def school_year_now(school: School, now: datetime) -> str:
    """The school year the school is in (before its first roll-over: the calendar's)."""
    return school.school_year or school_year_of(
        local_today(now, school.tz), plan_for(school.authority).year_starts
    )
