"""The roadmap ("дорожная карта") as data: model, loader/validator and the built-in plan."""

from bot.plan.loader import (
    PlanError,
    check_plan,
    default_plan,
    default_plan_path,
    load_plan,
    parse_plan,
)
from bot.plan.model import KINDS, ROLES, Item, KpiStage, KpiTarget, Plan

__all__ = [
    "KINDS",
    "ROLES",
    "Item",
    "KpiStage",
    "KpiTarget",
    "Plan",
    "PlanError",
    "check_plan",
    "default_plan",
    "default_plan_path",
    "load_plan",
    "parse_plan",
]
