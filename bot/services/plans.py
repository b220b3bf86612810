"""Which roadmap applies to whom: an authority's own plan, or the built-in one."""

from __future__ import annotations

from functools import lru_cache

from bot.plan import Plan, default_plan, parse_plan
from storage.models import Authority


@lru_cache(maxsize=256)
def _parsed(text: str, name: str) -> Plan:
    return parse_plan(text, name)


def plan_for(authority: Authority | None) -> Plan:
    """The authority's own plan (stored as validated TOML text) or the built-in one."""
    if authority is None or not authority.plan_toml:
        return default_plan()
    return _parsed(authority.plan_toml, f"authority-{authority.id}")
