"""The roadmap ("дорожная карта") as data: items people tick off and the school's KPI targets.

The models are frozen and validate themselves, so a ``Plan`` built in code is as safe as one
read from TOML. ``bot.plan.loader`` checks the raw file first to report every problem in plain
English; the limits below are shared by both.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.vocab import SCHOOL_ROLES, ChatPurpose, Every, Indicator, Kind, Role, Scope
from bot.vocab import Evidence as EvidenceKind

# The allowed values of each field, in the order messages list them (see bot.vocab).
ROLES: tuple[str, ...] = tuple(SCHOOL_ROLES)
KINDS: tuple[str, ...] = tuple(Kind)
SCOPES: tuple[str, ...] = tuple(Scope)
EVIDENCE: tuple[str, ...] = tuple(EvidenceKind)
CHAT_PURPOSES: tuple[str, ...] = tuple(ChatPurpose)
INDICATORS: tuple[str, ...] = tuple(Indicator)
PERIODS: tuple[str, ...] = tuple(Every)
# Weekdays a weekly item may fall on, ISO numbered from 1 (no Sundays: nobody is written to).
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
DUE_DAYS_MAX = 365
GRACE_DAYS_DEFAULT = 14
GRACE_DAYS_MAX = 90
YEAR_STARTS_DEFAULT = "09-01"
MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")


def month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a "MM-DD" string naming a real day of the year (29 February is not:
    it is not in every year), else None."""
    match = MONTH_DAY_RE.match(text)
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        datetime.date(2027, month, day)  # a year without 29 February
    except ValueError:
        return None
    return month, day


CODE_PATTERN = r"^[a-z][a-z0-9_]{1,23}$"
CODE_RE = re.compile(CODE_PATTERN)
REF_MAX = 80
TITLE_MAX = 80
HOWTO_MAX = 900
NAME_MAX = 200
SOURCE_MAX = 1000
KPI_TITLE_MAX = 120


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _check_subset(values: frozenset[str], allowed: tuple[str, ...], what: str) -> frozenset[str]:
    if not values:
        raise ValueError(f"{what}s must not be empty")
    unknown = sorted(v for v in values if v not in allowed)
    if unknown:
        raise ValueError(f"unknown {what} {unknown[0]!r} (allowed: {', '.join(allowed)})")
    return values


def _check_recurrence(every: Every | None, day: int | str | None, what: str) -> None:
    """`every` and `day` of an item or a duty: both or neither, and a day that fits."""
    if (every is None) != (day is None):
        raise ValueError("every and day go together")
    if every == Every.WEEK and not (isinstance(day, int) and 1 <= day <= 6):
        raise ValueError(f"a weekly {what}'s day is an ISO weekday 1..6")
    if every == Every.MONTH and not (isinstance(day, int) and 1 <= day <= 31):
        raise ValueError(f"a monthly {what}'s day is 1..31")
    if every == Every.YEAR and not (isinstance(day, str) and month_day(day)):
        raise ValueError(f'a yearly {what}\'s day is "MM-DD"')


class Wording(_Frozen):
    """An item's words for one kind of organisation (a kindergarten's point numbers differ
    from a school's, and it has parents of pupils rather than students): what is given
    replaces the item's own."""

    ref: str | None = Field(default=None, min_length=1, max_length=REF_MAX)
    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    howto: str | None = Field(default=None, min_length=1, max_length=HOWTO_MAX)


class Item(_Frozen):
    """One step of the roadmap: something a person (or the school's admin, or a class's
    teacher) does once, or once every period.

    When it is due is one of (or none: an ongoing item, never reminded):
    - ``deadline``: a date;
    - ``due_days``: N days after the person joined (a class item: after they became the
      teacher of the class);
    - ``every`` with ``day``: every week on a weekday (1 = Monday … 6 = Saturday), every month
      on a day (1..31), every school year on a "MM-DD".
    ``bot.rules.calendar`` turns these into a person's own due date and period.
    """

    code: str = Field(pattern=CODE_PATTERN)
    ref: str = Field(min_length=1, max_length=REF_MAX)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    howto: str = Field(min_length=1, max_length=HOWTO_MAX)
    roles: frozenset[str]
    kinds: frozenset[str]
    deadline: datetime.date | None = None
    due_days: int | None = Field(default=None, ge=1, le=DUE_DAYS_MAX)
    every: Every | None = None
    day: int | str | None = None
    scope: Scope
    evidence: EvidenceKind = EvidenceKind.SELF
    chat_purpose: ChatPurpose | None = None
    # (kind, its wording): a plan file's `[items.preschool]` table, say
    by_kind: tuple[tuple[str, Wording], ...] = ()

    @field_validator("roles")
    @classmethod
    def _roles_known(cls, v: frozenset[str]) -> frozenset[str]:
        return _check_subset(v, ROLES, "role")

    @field_validator("kinds")
    @classmethod
    def _kinds_known(cls, v: frozenset[str]) -> frozenset[str]:
        return _check_subset(v, KINDS, "kind")

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if self.scope == Scope.SCHOOL and self.roles != frozenset({Role.ADMIN}):
            raise ValueError('scope "school" is only allowed with roles = ["admin"]')
        if self.scope == Scope.CLASS and self.roles != frozenset({Role.CLASS_TEACHER}):
            raise ValueError('scope "class" is only allowed with roles = ["class_teacher"]')
        kinds = [self.deadline is not None, self.due_days is not None, self.every is not None]
        if sum(kinds) > 1:
            raise ValueError("give at most one of deadline, due_days, every")
        if self.scope == Scope.CLASS and self.every in (Every.WEEK, Every.MONTH):
            raise ValueError('a class item is answered once a school year: every = "year" only')
        _check_recurrence(self.every, self.day, "item")
        if self.evidence == EvidenceKind.CHAT and self.chat_purpose is None:
            raise ValueError('evidence "chat" needs a chat_purpose')
        if self.evidence != EvidenceKind.CHAT and self.chat_purpose is not None:
            raise ValueError('chat_purpose is only allowed with evidence = "chat"')
        if self.evidence == EvidenceKind.CHANNEL and self.scope != Scope.SCHOOL:
            raise ValueError('evidence "channel" needs scope = "school"')
        return self

    def worded(self, kind: str) -> Item:
        """The item as a person in an organisation of `kind` reads it."""
        for k, wording in self.by_kind:
            if k == kind:
                return _worded(self, wording)
        return self

    def applies_to(self, role: str, kind: str) -> bool:
        """True when a person with ``role`` in a school of ``kind`` has this item."""
        return role in self.roles and kind in self.kinds

    @property
    def timed(self) -> bool:
        """Whether the item comes due (and is reminded) at all."""
        return self.deadline is not None or self.due_days is not None or self.every is not None


class Duty(_Frozen):
    """One of the authority's own steps (a plan file's `[[duties]]`): attending the ministry's
    seminars, letters to the schools, consultations with every school, monitoring and feedback,
    notices to the population… Ticked by any of the authority's staff; `per_school`: ticked
    school by school (a consultation held with each), done when every school is.

    Due like an item (`deadline`, `due_days` after the authority was set up, or `every` with
    `day`), or ongoing."""

    code: str = Field(pattern=CODE_PATTERN)
    ref: str = Field(min_length=1, max_length=REF_MAX)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    howto: str = Field(min_length=1, max_length=HOWTO_MAX)
    deadline: datetime.date | None = None
    due_days: int | None = Field(default=None, ge=1, le=DUE_DAYS_MAX)
    every: Every | None = None
    day: int | str | None = None
    per_school: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Duty:
        given = [self.deadline is not None, self.due_days is not None, self.every is not None]
        if sum(given) > 1:
            raise ValueError("give at most one of deadline, due_days, every")
        _check_recurrence(self.every, self.day, "duty")
        return self

    @property
    def timed(self) -> bool:
        return self.deadline is not None or self.due_days is not None or self.every is not None


class KpiStage(_Frozen):
    """A target share (percent) to reach by a date."""

    by: datetime.date
    percent: float = Field(ge=0, le=100)


class KpiTarget(_Frozen):
    """A weekly indicator with its staged targets, ordered by date."""

    indicator: Indicator
    title: str = Field(min_length=1, max_length=KPI_TITLE_MAX)
    stages: tuple[KpiStage, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> KpiTarget:
        for prev, cur in pairwise(self.stages):
            if cur.by <= prev.by:
                raise ValueError("stages must be in increasing date order")
        return self

    def target_on(self, day: datetime.date) -> KpiStage | None:
        """The stage in force on ``day``: the first one whose date is not yet past."""
        for stage in self.stages:
            if day <= stage.by:
                return stage
        return None


@lru_cache(maxsize=1024)
def _worded(item: Item, wording: Wording) -> Item:
    given = {k: v for k, v in wording.model_dump().items() if v is not None}
    return item.model_copy(update={**given, "by_kind": ()})


class Plan(_Frozen):
    """The whole roadmap. ``items`` are in walk order."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    source: str = Field(min_length=1, max_length=SOURCE_MAX)
    items: tuple[Item, ...] = Field(min_length=1)
    kpi: tuple[KpiTarget, ...] = ()
    duties: tuple[Duty, ...] = ()  # the authority's own steps
    # A late joiner's own deadline for an item with a date: no earlier than joined + grace.
    grace_days: int = Field(default=GRACE_DAYS_DEFAULT, ge=0, le=GRACE_DAYS_MAX)
    # The school year begins (and classes roll over) on this "MM-DD", local time.
    year_starts: str = YEAR_STARTS_DEFAULT

    @field_validator("year_starts")
    @classmethod
    def _year_starts(cls, v: str) -> str:
        if month_day(v) is None:
            raise ValueError('year_starts must be "MM-DD"')
        return v

    @model_validator(mode="after")
    def _unique(self) -> Plan:
        seen: set[str] = set()
        for item in self.items:
            if item.code in seen:
                raise ValueError(f"duplicate item code {item.code!r}")
            seen.add(item.code)
        for duty in self.duties:
            if duty.code in seen:
                raise ValueError(f"duplicate code {duty.code!r}")
            seen.add(duty.code)
        indicators = [k.indicator for k in self.kpi]
        if len(indicators) != len(set(indicators)):
            raise ValueError("each KPI indicator may appear only once")
        return self

    def item(self, code: str, kind: str | None = None) -> Item | None:
        """The item with `code`, worded for `kind` when given."""
        for it in self.items:
            if it.code == code:
                return it.worded(kind) if kind else it
        return None

    # The lists below are for one kind of organisation, so their items carry its wording.

    def items_for(self, role: str, kind: str) -> list[Item]:
        """Every item (personal and school-level) that applies to this role and kind."""
        return [it.worded(kind) for it in self.items if it.applies_to(role, kind)]

    def personal_items_for(self, role: str, kind: str) -> list[Item]:
        """Items this person ticks off for themselves."""
        return [
            it.worded(kind)
            for it in self.items
            if it.scope == Scope.PERSONAL and it.applies_to(role, kind)
        ]

    def class_items_for(self, kind: str) -> list[Item]:
        """Class items, done once per class and school year by its teacher(s)."""
        return [
            it.worded(kind) for it in self.items if it.scope == Scope.CLASS and kind in it.kinds
        ]

    def school_items_for(self, kind: str) -> list[Item]:
        """School-level items, done once per school by its administrator(s)."""
        return [
            it.worded(kind) for it in self.items if it.scope == Scope.SCHOOL and kind in it.kinds
        ]

    def duty(self, code: str) -> Duty | None:
        return next((d for d in self.duties if d.code == code), None)

    def kpi_for(self, indicator: str) -> KpiTarget | None:
        for target in self.kpi:
            if target.indicator == indicator:
                return target
        return None
