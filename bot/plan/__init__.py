"""The roadmap ("дорожная карта") as data: model, loader/validator and the built-in plan."""

from bot.plan.loader import (
    DEFAULT_BUILTIN,
    PlanError,
    builtin_names,
    builtin_path,
    builtin_plan,
    check_plan,
    default_plan,
    default_plan_path,
    load_plan,
    parse_plan,
)
from bot.plan.model import KINDS, ROLES, Duty, Item, KpiStage, KpiTarget, Plan

__all__ = [
    "DEFAULT_BUILTIN",
    "KINDS",
    "ROLES",
    "Duty",
    "Item",
    "KpiStage",
    "KpiTarget",
    "Plan",
    "PlanError",
    "builtin_names",
    "builtin_path",
    "builtin_plan",
    "check_plan",
    "default_plan",
    "default_plan_path",
    "load_plan",
    "parse_plan",
]
