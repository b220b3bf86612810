"""Read a roadmap from TOML and check it, reporting every problem at once in plain English.

Every message starts with the file, then names the item (by code, or by position ``items[3]``
when it has no usable code), then the problem, e.g.::

    plan.toml: item "safe_mode": deadline "2025-13-01" is not a date (YYYY-MM-DD)

When an item is due (at most one of):
    deadline = 2026-10-01          a date
    due_days = 14                  days after the person joined (a class item: after they
                                   became the class's teacher), 1..365
    every = "week", day = "friday" every week on a weekday (monday..saturday)
    every = "month", day = 5       every month on a day 1..31 (see bot.rules.calendar)
    every = "year", day = "09-15"  every school year on a day ("MM-DD")
Plan level: grace_days = 14 (0..90, a late joiner's own deadline is joined + grace at the
earliest), year_starts = "09-01" (the school year's first day: classes roll over).
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from bot.plan.checks import MISSING, FieldChecker, listed, ordinal, quoted
from bot.plan.model import (
    CHAT_PURPOSES,
    CODE_RE,
    DUE_DAYS_MAX,
    EVIDENCE,
    GRACE_DAYS_MAX,
    HOWTO_MAX,
    INDICATORS,
    KINDS,
    KPI_TITLE_MAX,
    NAME_MAX,
    PERIODS,
    REF_MAX,
    ROLES,
    SCOPES,
    SOURCE_MAX,
    TITLE_MAX,
    WEEKDAYS,
    Duty,
    Item,
    KpiStage,
    KpiTarget,
    Plan,
    Wording,
    month_day,
)
from bot.vocab import Every, Evidence, Role, Scope

TOP_FIELDS = ("name", "source", "grace_days", "year_starts", "items", "kpi", "duties")
DUTY_REQUIRED = ("code", "ref", "title", "howto")
DUTY_FIELDS = (*DUTY_REQUIRED, "deadline", "due_days", "every", "day", "per_school")
ITEM_REQUIRED = ("code", "ref", "title", "howto", "roles", "kinds", "scope")
WORDED_KINDS = KINDS  # `[items.<kind>]`: the item's words for that kind of organisation
ITEM_OPTIONAL = (
    "deadline", "due_days", "every", "day", "evidence", "chat_purpose", *WORDED_KINDS,
)  # fmt: skip
WORDING_FIELDS = ("ref", "title", "howto")
DAY_HINTS = {
    Every.WEEK: f"a weekday: {', '.join(WEEKDAYS)}",
    Every.MONTH: "a day of the month, 1..31",
    Every.YEAR: 'a day of the school year, "MM-DD" (e.g. "09-15")',
}
ITEM_FIELDS = ITEM_REQUIRED + ITEM_OPTIONAL
KPI_FIELDS = ("indicator", "title", "stages")
STAGE_FIELDS = ("by", "percent")


class PlanError(Exception):
    """The plan file could not be used. ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the plan"
        super().__init__("\n".join([head + ":", *self.problems]))


BUILTIN_DIR = Path(__file__).with_name("builtin")
DEFAULT_BUILTIN = "2026-27"  # the plan of an authority that chose none (authority.plan_name)


def builtin_names() -> list[str]:
    """The names of the built-in plans (``builtin/<name>.toml``), oldest first."""
    return list(_builtin_names())


@functools.cache
def _builtin_names() -> tuple[str, ...]:
    # Read once: the package's files do not change while it runs (`plan_for` asks on every
    # update).
    return tuple(sorted(path.stem for path in BUILTIN_DIR.glob("*.toml")))


def builtin_path(name: str = DEFAULT_BUILTIN) -> Path:
    """The file of a built-in plan; ``KeyError`` for an unknown name."""
    if name not in builtin_names():
        raise KeyError(name)
    return BUILTIN_DIR / f"{name}.toml"


@functools.cache
def builtin_plan(name: str = DEFAULT_BUILTIN) -> Plan:
    """A built-in plan by name, loaded once; ``KeyError`` for an unknown name."""
    return load_plan(builtin_path(name))


def default_plan_path() -> Path:
    """The built-in roadmap for authorities that chose none (the current school year's)."""
    return builtin_path(DEFAULT_BUILTIN)


def default_plan() -> Plan:
    """The built-in roadmap for authorities that chose none, loaded once."""
    return builtin_plan(DEFAULT_BUILTIN)


def load_plan(path: str | Path) -> Plan:
    """Read and check a plan file; raise ``PlanError`` listing all problems if it is not valid."""
    plan, problems = _read(Path(path), str(path))
    if problems or plan is None:
        raise PlanError(problems or [f"{path}: the plan could not be built"])
    return plan


def check_plan(path: str | Path) -> list[str]:
    """All problems of a plan file; an empty list when it is valid."""
    return _read(Path(path), str(path))[1]


def parse_plan(text: str, name: str = "plan.toml") -> Plan:
    """Check and build a plan from TOML text (e.g. stored in the database); ``name`` labels
    the problems the way a file name would. Raises ``PlanError`` listing all problems."""
    plan, problems = _parse(text, name)
    if problems or plan is None:
        raise PlanError(problems or [f"{name}: the plan could not be built"])
    return plan


# --- reading -----------------------------------------------------------------------------------


def _read(path: Path, label: str) -> tuple[Plan | None, list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [f"{label}: cannot read the file ({exc.strerror or exc})"]
    try:
        text = raw.decode("utf-8-sig")  # a BOM from Windows editors is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [f"{label}: line {line}: the file is not valid UTF-8 text"]
    return _parse(text, label)


def _parse(text: str, label: str) -> tuple[Plan | None, list[str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_syntax_problem(label, text, exc)]
    checker = _Checker(label)
    plan = checker.plan(data)
    return (plan if not checker.problems else None), checker.problems


def _syntax_problem(label: str, text: str, exc: tomllib.TOMLDecodeError) -> str:
    msg = str(exc)
    match = re.search(r"at line (\d+)", msg)
    if not match:
        return f"{label}: TOML syntax error: {msg}"
    lineno = int(match.group(1))
    lines = text.splitlines()
    shown = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
    hint = ""
    if re.search(r"=\s*\d{4}-\d{1,2}-\d{1,2}\b", shown):
        hint = " (is the date real? write dates as YYYY-MM-DD)"
    where = f": {shown[:80]}" if shown else ""
    return f"{label}: line {lineno}: TOML syntax error: {msg}{where}{hint}"


class _Checker(FieldChecker):
    """Walks the parsed TOML, collecting problems; builds the models only from clean parts."""

    # --- the plan ---

    def plan(self, data: dict[str, Any]) -> Plan | None:
        self.unknown_fields(None, data, TOP_FIELDS)
        name = self.text(None, data, "name", NAME_MAX)
        source = self.text(None, data, "source", SOURCE_MAX)
        settings: dict[str, Any] = {}
        grace = self.whole(None, data, "grace_days", 0, GRACE_DAYS_MAX, "days of grace")
        if grace is not MISSING:
            settings["grace_days"] = grace
        if "year_starts" in data:
            starts = data["year_starts"]
            if isinstance(starts, str) and month_day(starts.strip()):
                settings["year_starts"] = starts.strip()
            else:
                self.add(
                    None,
                    f'year_starts {quoted(starts)} is not a day of the year "MM-DD" (e.g. "09-01")',
                )

        items: list[Item] = []
        raw_items = self.tables(None, data, "items", required=True, empty="the plan has no items")
        if raw_items is not MISSING:
            first_seen: dict[str, int] = {}
            for index, raw in enumerate(raw_items):
                item = self.item(index, raw, first_seen)
                if item is not None:
                    items.append(item)

        targets: list[KpiTarget] = []
        raw_kpi = self.tables(None, data, "kpi", required=False)
        if raw_kpi is not MISSING:
            first_indicator: dict[str, int] = {}
            for index, raw in enumerate(raw_kpi):
                target = self.kpi(index, raw, first_indicator)
                if target is not None:
                    targets.append(target)

        duties: list[Duty] = []
        raw_duties = self.tables(None, data, "duties", required=False)
        if raw_duties is not MISSING:
            duty_seen: dict[str, int] = {}
            for index, raw in enumerate(raw_duties):
                duty = self.duty(index, raw, first_seen if raw_items is not MISSING else {},
                                 duty_seen)  # fmt: skip
                if duty is not None:
                    duties.append(duty)

        if self.problems:
            return None
        # a rule the checks above missed is still reported
        return self.build(
            None, Plan, name=name, source=source, items=tuple(items), kpi=tuple(targets),
            duties=tuple(duties), **settings,
        )  # fmt: skip

    def code(self, where: str, raw: dict[str, Any]) -> Any:
        """An item's or a duty's code, checked for its form (MISSING when absent)."""
        code = self.text(where, raw, "code", 24)
        if code is not MISSING and not CODE_RE.match(code):
            self.add(
                where,
                f"code {quoted(code)} must be 2-24 characters: a lowercase Latin letter, "
                'then lowercase letters, digits or "_"',
            )
        return code

    def duty(
        self, index: int, raw: Any, first_seen: dict[str, int], duty_seen: dict[str, int]
    ) -> Duty | None:
        """A `[[duties]]` table: one of the authority's own steps."""
        if not self.is_table(f"duties[{index}]", raw, "duty", "a [[duties]]"):
            return None
        where = self.named(raw, "code", "duty") or (
            f"duties[{index}] (the {ordinal(index + 1)} [[duties]] table)"
        )
        before = len(self.problems)
        self.unknown_fields(where, raw, DUTY_FIELDS)
        code = self.code(where, raw)
        if code is not MISSING:
            if code in first_seen:
                self.add(where, f"duplicate code, already used by items[{first_seen[code]}]")
            self.unique(
                f"{where} (duties[{index}])", duty_seen, code, index,
                "duplicate code, already used by duties[{}]",
            )  # fmt: skip
        fields: dict[str, Any] = {
            "code": code,
            "ref": self.text(where, raw, "ref", REF_MAX),
            "title": self.text(where, raw, "title", TITLE_MAX),
            "howto": self.text(where, raw, "howto", HOWTO_MAX),
        }
        deadline = self.date(where, raw, "deadline", required=False)
        due_days = self.whole(where, raw, "due_days", 1, DUE_DAYS_MAX, "days after set-up")
        every, day = self.recurrence(where, raw)
        given = [key for key in ("deadline", "due_days", "every") if key in raw]
        if len(given) > 1:
            self.add(where, f"give only one of {listed(tuple(given))}")
        per_school = raw.get("per_school", False)
        if not isinstance(per_school, bool):
            self.add(where, f"per_school must be true or false, not {quoted(per_school)}")
        if len(self.problems) != before:
            return None
        if deadline is not MISSING:
            fields["deadline"] = deadline
        if due_days is not MISSING:
            fields["due_days"] = due_days
        if every is not MISSING and day is not MISSING:
            fields["every"], fields["day"] = every, day
        fields["per_school"] = per_school
        return self.build(where, Duty, **fields)

    def item(self, index: int, raw: Any, first_seen: dict[str, int]) -> Item | None:
        if not self.is_table(f"items[{index}]", raw, "item", "an [[items]]"):
            return None
        where = self.named(raw, "code", "item") or (
            f"items[{index}] (the {ordinal(index + 1)} [[items]] table)"
        )
        before = len(self.problems)

        self.unknown_fields(where, raw, ITEM_FIELDS)
        code = self.code(where, raw)
        if code is not MISSING:
            self.unique(
                f"{where} (items[{index}])", first_seen, code, index,
                "duplicate code, already used by items[{}]",
            )  # fmt: skip
        ref = self.text(where, raw, "ref", REF_MAX)
        title = self.text(where, raw, "title", TITLE_MAX)
        howto = self.text(where, raw, "howto", HOWTO_MAX)
        roles = self.name_set(where, raw, "roles", "role", ROLES)
        kinds = self.name_set(where, raw, "kinds", "kind", KINDS)
        deadline = self.date(where, raw, "deadline", required=False)
        due_days = self.whole(where, raw, "due_days", 1, DUE_DAYS_MAX, "days after joining")
        every, day = self.recurrence(where, raw)
        given = [key for key in ("deadline", "due_days", "every") if key in raw]
        if len(given) > 1:
            self.add(
                where,
                f"give only one of {listed(tuple(given))}: an item is due on a date, some days "
                "after joining, or every week/month/school year",
            )
        scope = self.choice(where, raw, "scope", SCOPES)
        evidence = self.choice(where, raw, "evidence", EVIDENCE, required=False)
        purpose = self.choice(where, raw, "chat_purpose", CHAT_PURPOSES, required=False)

        raw_roles = raw.get("roles")
        if (
            scope == Scope.SCHOOL
            and isinstance(raw_roles, list)
            and all(isinstance(r, str) for r in raw_roles)
            and set(raw_roles) != {Role.ADMIN}
        ):
            self.add(
                where,
                f'scope "school" is only for items done by the administrator, so roles must be '
                f'["admin"], not {quoted(raw_roles)}',
            )
        if (
            scope == Scope.CLASS
            and isinstance(raw_roles, list)
            and all(isinstance(r, str) for r in raw_roles)
            and set(raw_roles) != {Role.CLASS_TEACHER}
        ):
            self.add(
                where,
                f'scope "class" is for items done by a class\'s teacher, so roles must be '
                f'["class_teacher"], not {quoted(raw_roles)}',
            )
        if scope == Scope.CLASS and every in (Every.WEEK, Every.MONTH):
            self.add(
                where,
                f'a class item is answered once a school year, so every must be "year", '
                f"not {quoted(every)}",
            )
        effective_evidence = Evidence.SELF if "evidence" not in raw else evidence
        if effective_evidence == Evidence.KPI and (scope != Scope.SCHOOL or every != Every.WEEK):
            self.add(
                where,
                'evidence "kpi" (the week\'s figures entered with /kpi) needs scope = "school" '
                'and every = "week"',
            )
        if effective_evidence == Evidence.CHANNEL and scope != Scope.SCHOOL:
            self.add(
                where,
                'evidence "channel" (the bot made an administrator of the organisation\'s '
                'channel) needs scope = "school"',
            )
        if effective_evidence == Evidence.CHAT and "chat_purpose" not in raw:
            self.add(
                where,
                f'evidence "chat" needs chat_purpose (one of: {listed(CHAT_PURPOSES)})',
            )
        if (
            "chat_purpose" in raw
            and effective_evidence is not MISSING
            and effective_evidence != Evidence.CHAT
        ):
            self.add(
                where,
                f'chat_purpose is only allowed with evidence = "chat" '
                f"(evidence here is {quoted(effective_evidence)})",
            )

        if len(self.problems) != before:
            return None
        fields: dict[str, Any] = {
            "code": code,
            "ref": ref,
            "title": title,
            "howto": howto,
            "roles": roles,
            "kinds": kinds,
            "scope": scope,
        }
        if deadline is not MISSING:
            fields["deadline"] = deadline
        if due_days is not MISSING:
            fields["due_days"] = due_days
        if every is not MISSING and day is not MISSING:
            fields["every"], fields["day"] = every, day
        if evidence is not MISSING:
            fields["evidence"] = evidence
        if purpose is not MISSING:
            fields["chat_purpose"] = purpose
        by_kind = self.wordings(where, raw, kinds)
        if len(self.problems) != before:
            return None
        if by_kind:
            fields["by_kind"] = by_kind
        return self.build(where, Item, **fields)

    def wordings(self, where: str, raw: dict[str, Any], kinds: Any) -> tuple[Any, ...]:
        """`[items.preschool]` (any kind): the item's ref/title/howto for that kind."""
        out = []
        for kind in WORDED_KINDS:
            if kind not in raw:
                continue
            table = raw[kind]
            at = f"{where}, [{kind}]"
            if not isinstance(table, dict):
                self.add(at, "must be a table with ref, title or howto for that kind")
                continue
            self.unknown_fields(at, table, WORDING_FIELDS)
            if isinstance(kinds, frozenset) and kind not in kinds:
                self.add(at, f'the item is not for kind "{kind}" (kinds = {sorted(kinds)})')
            given = {
                name: self.text(at, table, name, limit)
                for name, limit in (("ref", REF_MAX), ("title", TITLE_MAX), ("howto", HOWTO_MAX))
                if name in table
            }
            if not given:
                self.add(at, "give at least one of ref, title, howto")
                continue
            if all(v is not MISSING for v in given.values()):
                out.append((kind, Wording(**given)))
        return tuple(out)

    def whole(
        self, where: str | None, table: dict[str, Any], key: str, low: int, high: int, what: str
    ) -> Any:
        """An optional whole number in low..high."""
        if key not in table:
            return MISSING
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"{key} must be a whole number ({what}), not {quoted(value)}")
            return MISSING
        if value < 0:
            self.add(where, f"{key} {value} is negative: it counts {what}, {low}..{high}")
            return MISSING
        if not low <= value <= high:
            self.add(where, f"{key} {value} is out of range: {what}, {low}..{high}")
            return MISSING
        return value

    def recurrence(self, where: str, raw: dict[str, Any]) -> tuple[Any, Any]:
        """``every`` and its ``day``, both clean (the day as the model keeps it) or MISSING."""
        if "every" not in raw:
            if "day" in raw:
                self.add(where, 'day is only used with every ("week", "month" or "year")')
            return MISSING, MISSING
        every = raw["every"]
        if not isinstance(every, str) or every not in PERIODS:
            self.add(
                where,
                f"every {quoted(every)} is not a period we know (allowed: {listed(PERIODS)})",
            )
            return MISSING, MISSING
        period = Every(every)
        if "day" not in raw:
            self.add(where, f'every = "{period}" needs day: {DAY_HINTS[period]}')
            return period, MISSING
        day = raw["day"]
        if period == Every.WEEK:
            name = day.strip().lower() if isinstance(day, str) else None
            if name == "sunday":
                self.add(where, 'day "sunday" can\'t be used: nobody is written to on Sundays')
            elif name in WEEKDAYS:
                return period, WEEKDAYS.index(name) + 1
            else:
                self.add(where, f"day {quoted(day)} is not {DAY_HINTS[period]}")
        elif period == Every.MONTH:
            if isinstance(day, int) and not isinstance(day, bool) and 1 <= day <= 31:
                return period, day
            self.add(where, f"day {quoted(day)} is not {DAY_HINTS[period]}")
        else:
            if isinstance(day, str) and month_day(day.strip()):
                return period, day.strip()
            self.add(where, f"day {quoted(day)} is not {DAY_HINTS[period]}")
        return period, MISSING

    def kpi(self, index: int, raw: Any, first_indicator: dict[str, int]) -> KpiTarget | None:
        if not self.is_table(f"kpi[{index}]", raw, "target", "a [[kpi]]"):
            return None
        where = self.named(raw, "indicator", "kpi") or f"kpi[{index}]"
        before = len(self.problems)

        self.unknown_fields(where, raw, KPI_FIELDS)
        indicator = self.choice(where, raw, "indicator", INDICATORS)
        if indicator is not MISSING:
            self.unique(
                f"{where} (kpi[{index}])", first_indicator, indicator, index,
                "this indicator is already given in kpi[{}]",
            )  # fmt: skip
        title = self.text(where, raw, "title", KPI_TITLE_MAX)

        stages: list[KpiStage] = []
        raw_stages = self.tables(
            where,
            raw,
            "stages",
            required=True,
            empty="stages is empty (give at least one [[kpi.stages]] table)",
        )
        if raw_stages is not MISSING:
            previous: tuple[int, datetime.date, float] | None = None
            for s_index, s_raw in enumerate(raw_stages):
                s_where = f"{where}: stages[{s_index}]"
                if not self.is_table(s_where, s_raw, "stage", "a [[kpi.stages]]"):
                    continue
                self.unknown_fields(s_where, s_raw, STAGE_FIELDS)
                by = self.date(s_where, s_raw, "by", required=True)
                percent = self._percent(s_where, s_raw)
                if by is MISSING or percent is MISSING:
                    continue
                if previous is not None:
                    p_index, p_by, p_percent = previous
                    if by <= p_by:
                        self.add(
                            s_where,
                            f"stages are not in date order: {by.isoformat()} is not after "
                            f"{p_by.isoformat()} of stages[{p_index}]",
                        )
                    if percent < p_percent:
                        self.add(
                            s_where,
                            f"percent {percent:g} is lower than {p_percent:g} "
                            f"of stages[{p_index}]; a target should not go down",
                        )
                previous = (s_index, by, percent)
                stages.append(KpiStage(by=by, percent=percent))

        if len(self.problems) != before:
            return None
        return self.build(where, KpiTarget, indicator=indicator, title=title, stages=tuple(stages))

    def _percent(self, where: str, table: dict[str, Any]) -> Any:
        if not self.present(where, table, "percent", required=True):
            return MISSING
        value = table["percent"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, f"percent must be a number, not {quoted(value)}")
            return MISSING
        if not 0 <= value <= 100:
            self.add(where, f"percent {value:g} is out of range (0..100)")
            return MISSING
        return float(value)
