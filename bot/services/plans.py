"""Which roadmap applies to whom: an authority's own plan, or the built-in one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import Plan, builtin_names, builtin_plan, default_plan, parse_plan
from storage.models import Authority
from storage.repo import people


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
