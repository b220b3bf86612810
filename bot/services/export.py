"""The authority's monthly report as an XLSX workbook (seed 3.3).

Sheets: «Школы × пункты» (a row per school, two columns per roadmap item: how many did it and
the percentage), then one sheet per KPI indicator (a row per school, a column per week, and the
targets), the history of recurring items, the class chats' counts («Чаты классов», a row per
class chat), and «Подтверждение»: for each item that can be
confirmed (a screenshot, a chat), how many are verified, self-reported and under review. The
figures come from `bot.services.authority.authority_figures`, which uses the same rule as
`/progress` (`bot.rules.verify` for what counts as done), so the report and the bot agree.
Every text cell is written as text, never as a formula (`put`).
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import KpiStage, Plan
from bot.rules import kpi as rules
from bot.rules import standing as honest
from bot.rules.checklist import local_today
from bot.rules.progress import SchoolProgress
from bot.rules.schedule import Policy, report_open, reported_month, to_local
from bot.rules.verify import CHECKABLE
from bot.services.authority import SchoolFigures, authority_figures
from bot.services.outbox import first_allowed_moment, message, queue_many
from bot.ui.texts import KIND_TITLES
from bot.ui.texts import export as t
from bot.ui.texts.kpi import indicator_title
from bot.ui.xlsx import put
from bot.vocab import Role
from storage.models import Authority
from storage.repo import kpi as kpi_repo
from storage.repo import orgs, people, schedule

# Layout of every sheet: a header block in rows 1-3, the table header from HEAD_ROW.
HEAD_ROW = 5
ITEMS_FIRST_COL = 7  # «Школы × пункты»: columns A..F describe the school, items start at G
ITEMS_DATA_ROW = HEAD_ROW + 3  # item title, deadline, "сделали" / "%"
KPI_DATA_ROW = HEAD_ROW + 1

Cell = str | int | float | None


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]  # rows 1-3
    columns: list[str]  # the table header (HEAD_ROW)
    rows: list[list[Cell]]
    footer: list[list[Cell]]  # after a blank row: targets
    total: list[Cell] | None = None  # after the rows: the authority's whole figure


@dataclass(frozen=True)
class ItemsSheet:
    header: list[str]
    items: list[tuple[str, str]]  # title, when it is due
    rows: list[list[Cell]]  # school columns, then (done, percent) per item
    total: list[Cell]  # the authority's whole figure, laid out as a school's row


NA = t.XLSX_NOT_APPLICABLE


def _share(done: float, counted: float) -> Cell:
    return round(100 * done / counted, 1) if counted else None


def _rounded(share: float | None) -> Cell:
    """A share of the declared staff (`bot.rules.standing`), 1 decimal; empty when unknown."""
    return None if share is None else round(share, 1)


def _sum(values: list[Cell]) -> Cell:
    """The sum of the numbers among `values`; None when there are none."""
    numbers = [v for v in values if isinstance(v, int | float)]
    return sum(numbers) if numbers else None


def item_cells(plan: Plan, kind: str, progress: SchoolProgress) -> list[tuple[Cell, Cell]]:
    """(done, percent) per plan item: «—» where the item is not for this kind of school;
    the percentage is empty when nobody is counted (percent = done / counted, 1 decimal)."""
    figures = {f.code: f for f in progress.items}
    out: list[tuple[Cell, Cell]] = []
    for item in plan.items:
        if kind not in item.kinds:
            out.append((NA, NA))
            continue
        f = figures.get(item.code)
        if f is None:  # it applies to nobody registered yet
            out.append((0, None))
            continue
        out.append((f.done, round(100 * f.done / f.counted, 1) if f.counted else None))
    return out


def _items_sheet(
    plan: Plan, authority: str, today: date, schools: list[SchoolFigures]
) -> ItemsSheet:
    rows: list[list[Cell]] = []
    for s in schools:
        row: list[Cell] = [
            s.school.name,
            KIND_TITLES.get(s.school.kind, s.school.kind),
            s.school.declared_staff,
            s.progress.people,
            round(s.progress.percent, 1),
            _rounded(s.standing.share),
        ]
        for done, percent in item_cells(plan, s.school.kind, s.progress):
            row += [done, percent]
        rows.append(row)
    total: list[Cell] = [
        t.xlsx_total(authority),
        None,
        _sum([s.school.declared_staff for s in schools]),
        sum(s.progress.people for s in schools),
        _share(sum(s.progress.done for s in schools), sum(s.progress.counted for s in schools))
        or 0.0,
        _rounded(honest.total_share([(s.progress, s.school.declared_staff) for s in schools])),
    ]
    for item in plan.items:
        figures = [
            f
            for s in schools
            if s.school.kind in item.kinds
            for f in s.progress.items
            if f.code == item.code
        ]
        if not any(s.school.kind in item.kinds for s in schools):
            total += [NA, NA]
        else:
            done = sum(f.done for f in figures)
            total += [done, _share(done, sum(f.counted for f in figures))]
    return ItemsSheet(
        header=[authority, t.xlsx_report_date(today), t.xlsx_plan(plan.name)],
        items=[(item.title, t.xlsx_deadline(item)) for item in plan.items],
        rows=rows,
        total=total,
    )


def _stages_text(plan: Plan, indicator: str) -> str:
    target = plan.kpi_for(indicator)
    return t.xlsx_stages([] if target is None else [(s.percent, s.by) for s in target.stages])


def _percent_of(stage: KpiStage | None) -> Cell:
    return None if stage is None else stage.percent


def _registered_sheet(
    plan: Plan, authority: str, today: date, schools: list[SchoolFigures]
) -> Sheet:
    target = _percent_of(rules.stage_in_force(plan, rules.REGISTERED, today))
    rows: list[list[Cell]] = [
        [
            s.school.name,
            KIND_TITLES.get(s.school.kind, s.school.kind),
            s.school.declared_staff,
            s.progress.people,
            s.registered,
            target,
        ]
        for s in schools
    ]
    declared = [s for s in schools if s.school.declared_staff]
    total: list[Cell] = [
        t.xlsx_total(authority),
        None,
        _sum([s.school.declared_staff for s in schools]),
        sum(s.progress.people for s in schools),
        rules.registration_share(
            sum(s.progress.people for s in declared),
            sum(s.school.declared_staff or 0 for s in declared) or None,
        ),
        target,
    ]
    return Sheet(
        title=t.XLSX_SHEET_TITLES[rules.REGISTERED],
        header=[authority, t.xlsx_report_date(today), indicator_title(plan, rules.REGISTERED)],
        columns=list(t.XLSX_REGISTERED_COLUMNS),
        rows=rows,
        footer=[[t.XLSX_TARGETS, _stages_text(plan, rules.REGISTERED)]],
        total=total,
    )


def _weekly_sheet(
    plan: Plan, indicator: str, authority: str, today: date, schools: list[SchoolFigures]
) -> Sheet:
    weeks = sorted({week for s in schools for week in s.entries})
    rows: list[list[Cell]] = []
    for s in schools:
        row: list[Cell] = [s.school.name, KIND_TITLES.get(s.school.kind, s.school.kind)]
        for week in weeks:
            entry = s.entries.get(week)
            row.append(None if entry is None else getattr(entry, indicator))
        rows.append(row)
    total: list[Cell] = [t.xlsx_total(authority), None]
    for week in weeks:
        total.append(_weekly_total(indicator, [(s, s.entries.get(week)) for s in schools]))
    targets: list[Cell] = [t.XLSX_TARGETS, None]
    targets += [
        _percent_of(rules.stage_in_force(plan, indicator, rules.week_end(week))) for week in weeks
    ]
    return Sheet(
        title=t.XLSX_SHEET_TITLES[indicator],
        header=[authority, t.xlsx_report_date(today), indicator_title(plan, indicator)],
        columns=[*t.XLSX_WEEKLY_COLUMNS, *(t.xlsx_week(week) for week in weeks)],
        rows=rows,
        footer=[targets, [t.XLSX_STAGES, _stages_text(plan, indicator)]],
        total=total,
    )


def _weekly_total(indicator: str, entries: list[tuple[SchoolFigures, object]]) -> Cell:
    """The authority's share for a week: the schools' shares weighted by their declared staff
    (or students, for students and parents) when every school that entered one has it
    declared, else their plain mean; empty when no school entered one."""
    values = [
        (s, float(value))
        for s, entry in entries
        if entry is not None and (value := getattr(entry, indicator)) is not None
    ]
    if not values:
        return None
    field = "declared_staff" if indicator == rules.STAFF_WEEKLY else "declared_students"
    weights = [getattr(s.school, field) or 0 for s, _ in values]
    if all(weights):
        mean = sum(w * v for w, (_, v) in zip(weights, values, strict=True)) / sum(weights)
    else:
        mean = sum(v for _, v in values) / len(values)
    return round(mean, 1)


def _history_sheet(
    plan: Plan,
    authority: str,
    today: date,
    schools: list[SchoolFigures],
    periods: list[tuple[int, str, str, str | None, int, int]],
) -> Sheet:
    """Every period's answers of recurring and class items (past ones are history)."""
    names = {s.school.id: s.school.name for s in schools}
    rows: list[list[Cell]] = []
    for school_id, code, period, label, done, answered in periods:
        item = plan.item(code)
        rows.append([
            names.get(school_id, "—"), item.title if item else code,
            period.partition("#")[0], label, done, answered,
        ])  # fmt: skip
    return Sheet(
        title=t.XLSX_HISTORY_TITLE,
        header=[authority, t.xlsx_report_date(today), t.XLSX_HISTORY_HEAD],
        columns=list(t.XLSX_HISTORY_COLUMNS),
        rows=rows,
        footer=[],
        total=[
            t.xlsx_total(authority),
            None,
            None,
            None,
            sum(p[4] for p in periods),
            sum(p[5] for p in periods),
        ],
    )


def _class_chats_sheet(authority: str, today: date, schools: list[SchoolFigures]) -> Sheet:
    """A row per class chat the bot counts (`bot.rules.coverage`), school by school."""
    rows: list[list[Cell]] = []
    weighted = sized = 0.0
    for s in schools:
        for c in s.chats.figures if s.chats is not None else []:
            if c.percent is not None and c.size:
                weighted, sized = weighted + c.percent * c.size, sized + c.size
            rows.append([
                s.school.name, c.class_label, t.XLSX_CHAT_KINDS.get(c.purpose, c.purpose),
                c.present, c.size, None if c.percent is None else round(c.percent, 1), c.active,
            ])  # fmt: skip
    return Sheet(
        title=t.XLSX_CHATS_TITLE,
        header=[authority, t.xlsx_report_date(today), t.XLSX_CHATS_HEAD],
        columns=list(t.XLSX_CHATS_COLUMNS),
        rows=rows,
        footer=[[note] for note in t.XLSX_CHATS_NOTES],
        total=[
            t.xlsx_total(authority),
            None,
            None,
            _sum([r[3] for r in rows]),
            _sum([r[4] for r in rows]),
            round(weighted / sized, 1) if sized else None,
            _sum([r[6] for r in rows]),
        ],
    )


def _checks_sheet(plan: Plan, authority: str, today: date, schools: list[SchoolFigures]) -> Sheet:
    """Per school, for each item that can be confirmed: verified, self-reported, pending."""
    items = [item for item in plan.items if item.evidence in CHECKABLE]
    rows: list[list[Cell]] = []
    for s in schools:
        row: list[Cell] = [s.school.name, KIND_TITLES.get(s.school.kind, s.school.kind)]
        figures = {f.code: f for f in s.progress.items}
        for item in items:
            f = figures.get(item.code)
            if s.school.kind not in item.kinds:
                row += [NA, NA, NA]
            else:
                row += [0, 0, 0] if f is None else [f.verified, f.self_reported, f.pending]
        rows.append(row)
    total: list[Cell] = [t.xlsx_total(authority), None]
    for n, item in enumerate(items):
        applies = [row for s, row in zip(schools, rows, strict=True) if s.school.kind in item.kinds]
        for k in range(3):
            total.append(_sum([row[2 + 3 * n + k] for row in applies]) if applies else NA)
    return Sheet(
        title=t.XLSX_CHECKS_TITLE,
        header=[authority, t.xlsx_report_date(today), t.XLSX_CHECKS_HEAD],
        columns=[*t.XLSX_WEEKLY_COLUMNS, *(c for i in items for c in t.xlsx_checks(i.title))],
        rows=rows,
        footer=[[t.XLSX_CHECKS_NOTE]],
        total=total,
    )


def _header(ws: Worksheet, lines: list[str]) -> None:
    for n, line in enumerate(lines, 1):
        put(ws, n, 1, line).font = Font(bold=n == 1, size=14 if n == 1 else 11)


def _write_items(ws: Worksheet, sheet: ItemsSheet) -> None:
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    _header(ws, sheet.header)
    for col, title in enumerate(t.XLSX_SCHOOL_COLUMNS, 1):
        cell = put(ws, HEAD_ROW, col, title)
        cell.font, cell.alignment = bold, wrap
        ws.merge_cells(start_row=HEAD_ROW, end_row=HEAD_ROW + 2, start_column=col, end_column=col)
    for n, (title, due) in enumerate(sheet.items):
        col = ITEMS_FIRST_COL + 2 * n
        cell = put(ws, HEAD_ROW, col, title)
        cell.font, cell.alignment = bold, wrap
        ws.merge_cells(start_row=HEAD_ROW, end_row=HEAD_ROW, start_column=col, end_column=col + 1)
        put(ws, HEAD_ROW + 1, col, due)
        ws.merge_cells(
            start_row=HEAD_ROW + 1, end_row=HEAD_ROW + 1, start_column=col, end_column=col + 1
        )
        put(ws, HEAD_ROW + 2, col, t.XLSX_DONE).font = bold
        put(ws, HEAD_ROW + 2, col + 1, t.XLSX_PERCENT).font = bold
        ws.column_dimensions[get_column_letter(col)].width = 11
        ws.column_dimensions[get_column_letter(col + 1)].width = 8
    ws.row_dimensions[HEAD_ROW].height = 75
    for r, row in enumerate([*sheet.rows, sheet.total], ITEMS_DATA_ROW):
        for c, value in enumerate(row, 1):
            put(ws, r, c, value).font = Font(bold=row is sheet.total)
    ws.column_dimensions["A"].width = 36
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 14
    ws.freeze_panes = ws.cell(row=ITEMS_DATA_ROW, column=ITEMS_FIRST_COL)


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    _header(ws, sheet.header)
    for col, title in enumerate(sheet.columns, 1):
        cell = put(ws, HEAD_ROW, col, title)
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    row_no = KPI_DATA_ROW
    for row in sheet.rows:
        for c, value in enumerate(row, 1):
            put(ws, row_no, c, value)
        row_no += 1
    if sheet.total is not None:  # the authority's whole figure, under the schools
        for c, value in enumerate(sheet.total, 1):
            put(ws, row_no, c, value).font = Font(bold=True)
        row_no += 1
    row_no += 1
    for row in sheet.footer:
        for c, value in enumerate(row, 1):
            put(ws, row_no, c, value).font = Font(bold=c == 1)
        row_no += 1
    ws.column_dimensions["A"].width = 36
    for col in range(2, len(sheet.columns) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.freeze_panes = ws.cell(row=KPI_DATA_ROW, column=3)


def render_workbook(items: ItemsSheet, sheets: list[Sheet]) -> bytes:
    """The XLSX file (CPU only, no I/O: safe to run in a worker thread)."""
    wb = Workbook()
    ws = wb.active
    ws.title = t.XLSX_ITEMS_SHEET
    _write_items(ws, items)
    for sheet in sheets:
        _write_sheet(wb.create_sheet(sheet.title), sheet)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class ExportFile:
    filename: str
    data: bytes
    schools: int
    today: date


async def export_authority(
    session: AsyncSession,
    authority: Authority,
    now: datetime,
    *,
    person_id: int | None = None,
    actor: str = "person",
) -> ExportFile:
    """Build the authority's workbook (audited as "export"); the caller commits."""
    plan, schools = await authority_figures(session, authority, now)
    return await _export(session, authority, now, plan, schools, person_id, actor)


async def _export(
    session: AsyncSession,
    authority: Authority,
    now: datetime,
    plan: Plan,
    schools: list[SchoolFigures],
    person_id: int | None,
    actor: str,
) -> ExportFile:
    today = local_today(now, authority.tz)
    items = _items_sheet(plan, authority.name, today, schools)
    sheets = [
        _registered_sheet(plan, authority.name, today, schools),
        *(
            _weekly_sheet(plan, ind, authority.name, today, schools)
            for ind in (rules.STAFF_WEEKLY, rules.STUDENTS_PARENTS_WEEKLY)
        ),
        _history_sheet(
            plan, authority.name, today, schools,
            await kpi_repo.periods_of_authority(session, authority.id),
        ),
        _class_chats_sheet(authority.name, today, schools),
        _checks_sheet(plan, authority.name, today, schools),
    ]  # fmt: skip
    data = await asyncio.to_thread(render_workbook, items, sheets)
    people.audit(
        session,
        "export",
        at=now,
        actor=actor,
        person_id=person_id,
        authority_id=authority.id,
        schools=len(schools),
    )
    return ExportFile(t.export_filename(today), data, len(schools), today)


async def plan_monthly_report(
    session: AsyncSession, authority: Authority, now: datetime, policy: Policy
) -> int:
    """On the report day (`bot.rules.schedule.report_open`, the authority's local time) queue
    the month's XLSX with a summary for the authority's staff and, for each school's
    administrators, what the report says about their school; once per authority and month
    (the `job_run` marker `monthly-report:{authority}:{YYYY-MM}`, written with the messages,
    in one transaction). Without staff nothing is marked: sent when one joins that month.
    Returns messages queued."""
    local = to_local(now, authority.tz)
    if not report_open(local, policy):
        return 0
    month = reported_month(local.date())
    tag = f"{month:%Y-%m}"
    marker = f"monthly-report:{authority.id}:{tag}"
    if await schedule.job_done(session, marker):
        return 0
    staff = await people.authority_staff(session, authority.id)
    if not staff:
        return 0
    plan, schools = await authority_figures(session, authority, now)
    export = await _export(session, authority, now, plan, schools, None, "scheduler")
    declared = [s.school.declared_staff for s in schools]
    done = sum(s.progress.done for s in schools)
    counted = sum(s.progress.counted for s in schools)
    summary = t.monthly_report_summary(
        authority.name, month, export.today, len(schools),
        float(_share(done, counted) or 0.0),
        sum(s.progress.people for s in schools),
        sum(d for d in declared if d) if declared and all(declared) else None,
    )  # fmt: skip
    messages = [
        message(
            key=f"monthly-report:{person.id}:{tag}",
            kind="report",
            to=person,
            text=summary,
            image=export.data,
            file_name=export.filename,
            not_before=first_allowed_moment(now, authority.tz, policy),
        )
        for person in staff
    ]
    members = await people.recipients_of_schools(session, [s.school.id for s in schools])
    for s in schools:
        text = t.monthly_school_summary(
            month, s.school.name, s.progress.percent, s.progress.done, s.progress.counted,
            s.progress.people, s.school.declared_staff,
        )  # fmt: skip
        for admin in members.get(s.school.id, []):
            if admin.role == Role.ADMIN:
                messages.append(message(
                    key=f"monthly-school:{admin.id}:{tag}", kind="report", to=admin, text=text,
                    not_before=first_allowed_moment(now, s.school.tz, policy),
                ))  # fmt: skip
    queued = await queue_many(session, messages)
    await schedule.mark_job(session, marker, now)
    await session.commit()
    return queued


async def export_by_id(
    session: AsyncSession, authority_id: int, now: datetime
) -> ExportFile | None:
    """For the command line: None when there is no such authority."""
    authority = await orgs.get_authority(session, authority_id)
    if authority is None:
        return None
    return await export_authority(session, authority, now, actor="cli")
