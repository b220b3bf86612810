"""Honest figures: completion against the *declared* staff, and the ranking of schools. Pure.

The one definition behind the authority's rating, the school card (`/progress`), the digests
and the export, so a school where only its administrator joined cannot look finished:

- **missing people**: declared staff less the people who joined (never below zero);
- **an item's share of declared staff**: done / (counted + missing) for a personal or class
  item — the people not in the bot count as not done; a school-level item keeps its own
  figure (it is answered once for the school);
- **a school's share of declared staff**: the same over all its items, Σ done / Σ (counted +
  missing per personal item). When every item applies to everyone this is completion ×
  registration (done ÷ declared), so it already combines both; the ranking uses it;
- **unknown**: no declared staff gives None («численность не указана»), never 100 %;
- **the ranking**: by the share of declared staff, highest first; schools with no declared
  staff after them (by completion of those who joined), ties by name.

The verified share (`bot.rules.verify`) is shown apart and does not enter the ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.rules.progress import ItemFigures, SchoolProgress


def missing_people(joined: int, declared: int | None) -> int | None:
    """Declared staff who have not joined the bot; None when the staff is not declared."""
    if not declared or declared <= 0:
        return None
    return max(0, declared - joined)


def item_base(f: ItemFigures, joined: int, declared: int | None) -> int:
    """The item's denominator: who it is counted for, plus (for a personal item) the declared
    staff not yet in the bot; without declared staff, who it is counted for."""
    missing = missing_people(joined, declared)
    return f.counted + (0 if f.school_level or missing is None else missing)


def item_share(f: ItemFigures, joined: int, declared: int | None) -> float | None:
    """Percentage of the declared staff done with the item; None when staff is unknown."""
    if missing_people(joined, declared) is None:
        return None
    base = item_base(f, joined, declared)
    return 100.0 * f.done / base if base else 0.0


def school_base(progress: SchoolProgress, declared: int | None) -> int | None:
    """The denominator of `school_share`: Σ (counted + missing per personal item)."""
    missing = missing_people(progress.people, declared)
    if missing is None:
        return None
    return sum(f.counted + (0 if f.school_level else missing) for f in progress.items)


def school_share(progress: SchoolProgress, declared: int | None) -> float | None:
    """Percentage of the declared staff's work done (Σ done / Σ denominators); None when the
    staff is unknown."""
    base = school_base(progress, declared)
    if base is None:
        return None
    return 100.0 * progress.done / base if base else 0.0


def total_share(schools: Sequence[tuple[SchoolProgress, int | None]]) -> float | None:
    """An authority's share of declared staff over the schools that declared theirs (Σ done /
    Σ denominators); None when none did."""
    known = [(p, b) for p, d in schools if (b := school_base(p, d)) is not None]
    if not known:
        return None
    base = sum(b for _, b in known)
    return 100.0 * sum(p.done for p, _ in known) / base if base else 0.0


@dataclass(frozen=True, slots=True)
class Standing:
    """A school's honest figures, as every view shows them."""

    name: str
    joined: int
    declared: int | None
    share: float | None  # of declared staff; None: «численность не указана»
    joined_percent: float  # completion of the people who joined


def standing(name: str, progress: SchoolProgress, declared: int | None) -> Standing:
    return Standing(
        name, progress.people, declared, school_share(progress, declared), progress.percent
    )


def rank_key(s: Standing) -> tuple[int, float, str]:
    """Sort key of the ranking: known declared staff first, by share; then the rest."""
    if s.share is None:
        return (1, -s.joined_percent, s.name)
    return (0, -s.share, s.name)


def ranked(standings: Sequence[Standing]) -> list[Standing]:
    return sorted(standings, key=rank_key)
