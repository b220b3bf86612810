"""The authority's XLSX report: `/export`, the rating's button and `python -m bot export`,
checked cell by cell against figures computed here straight from the database."""

from __future__ import annotations

import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from sqlalchemy import select

from bot.clock import utcnow
from bot.plan import default_plan
from bot.rules.calendar import answer_key, slot_of
from bot.rules.checklist import local_today
from bot.ui import texts
from bot.ui.texts import export as t
from bot.ui.texts.checklist import BTN_DONE, BTN_HELP, BTN_NA
from storage.models import Answer, Audit, Authority, KpiEntry, Person, School, SchoolAnswer
from tests.support.cli import cli_env, run_cli
from tests.support.images import answer_with_screenshot

KIND = {"school": "ОУ", "preschool": "ДОУ", "extra": "УДО"}
# The built-in 2026/27 plan's due rules as the header tells them, one of each kind.
DUE_TEXTS = {
    "order_read": "срок: 7 дн. с прихода",
    "sferum_org": "срок: 14 дн. с подключения школы",
    "chat_teachers": "срок: 30 дн. с принятия класса",
    "chats_newcomers": "срок: каждый учебный год, до 15.09",
    "weekly_kpi": "срок: каждую неделю, до пятницы",
    "monthly_report": "срок: каждый месяц, до 5-го числа",
}
HEAD_ROW, DATA_ROW = 5, 8  # «Школы × пункты»: header rows 5-7, a row per school from row 8


async def expected_items_rows(sessionmaker, authority_id, today):
    """Per school (by name): name, kind, declared staff, registered, completion %, the share
    of the declared staff done (those not in the bot count as not done), then (done, %) for
    every plan item — counted here from Person/Answer/SchoolAnswer rows (a
    recurring school item: the answer of the period `today` is in; a screenshot under review
    is counted, not done)."""
    plan = default_plan()
    async with sessionmaker() as session:
        schools = list(
            await session.scalars(
                select(School).where(School.authority_id == authority_id).order_by(School.name)
            )
        )
        persons = list(await session.scalars(select(Person)))
        answers = {  # a screenshot under review is not done yet
            (a.person_id, a.item_code): "pending" if a.verification == "pending" else a.status
            for a in await session.scalars(select(Answer))
        }
        school_answers = {
            (a.school_id, answer_key(a.item_code, a.period)): a.status
            for a in await session.scalars(select(SchoolAnswer))
        }
    rows = []
    for school in schools:
        members = [p for p in persons if p.school_id == school.id]
        cells, all_done, all_counted, all_base = [], 0, 0, 0
        missing = max(0, school.declared_staff - len(members))
        for item in plan.items:
            if school.kind not in item.kinds:
                cells += ["—", "—"]  # does not apply to this kind of school
                continue
            if item.scope == "school":
                added = local_today(school.created_at, school.tz)
                key = slot_of(item, today, added, plan, None, school.school_year).key
                statuses = [school_answers.get((school.id, key))]
            else:
                statuses = [answers.get((p.id, item.code)) for p in members if p.role in item.roles]
            done = statuses.count("done")
            counted = len(statuses) - statuses.count("na")
            all_done, all_counted = all_done + done, all_counted + counted
            all_base += counted + (0 if item.scope == "school" else missing)
            cells += [done, round(100 * done / counted, 1) if counted else None]
        completion = round(100 * all_done / all_counted, 1) if all_counted else 0.0
        rows.append(
            [
                school.name,
                KIND[school.kind],
                school.declared_staff,
                len(members),
                completion,
                round(100 * all_done / all_base, 1),
                *cells,
            ]
        )
    return rows


def check_items_sheet(workbook, authority, today, expected):
    plan = default_plan()
    ws = workbook[t.XLSX_ITEMS_SHEET]
    assert workbook.sheetnames[0] == "Школы × пункты"
    assert ws["A1"].value == authority
    assert ws["A2"].value == f"Отчёт на {today:%d.%m.%Y}"
    assert ws["A3"].value == f"Дорожная карта: {plan.name}"
    assert [ws.cell(HEAD_ROW, c).value for c in range(1, 7)] == [
        "Школа",
        "Тип",
        "Сотрудников (заявлено)",
        "Зарегистрировано",
        "Выполнение, %",
        "Выполнено, % штата",
    ]
    seen_due: set[str] = set()
    for n, item in enumerate(plan.items):
        col = 7 + 2 * n
        assert ws.cell(HEAD_ROW, col).value == item.title
        due = ws.cell(HEAD_ROW + 1, col).value
        assert due == DUE_TEXTS.get(item.code, due) and due.startswith("срок: ")
        seen_due.add(item.code)
        assert (ws.cell(HEAD_ROW + 2, col).value, ws.cell(HEAD_ROW + 2, col + 1).value) == (
            "сделали",
            "%",
        )
    assert seen_due >= set(DUE_TEXTS)
    width = 6 + 2 * len(plan.items)
    assert ws.max_column == width
    assert ws.max_row == DATA_ROW + len(expected)  # the schools, then the totals row
    total = [ws.cell(DATA_ROW + len(expected), c).value for c in range(1, width + 1)]
    assert total[0] == f"Итого: {authority}"
    assert total[3] == sum(row[3] for row in expected)
    for c in range(6, width, 2):  # every item: the schools' done summed
        applies = [row[c] for row in expected if row[c] != "—"]
        assert total[c] == (sum(applies) if applies else "—"), c
    for r, row in enumerate(expected, DATA_ROW):
        got = [ws.cell(r, c).value for c in range(1, width + 1)]
        for c, (cell, want) in enumerate(zip(got, row, strict=True), 1):
            assert cell == want, (row[0], ws.cell(HEAD_ROW, 7 + 2 * ((c - 7) // 2)).value, c)


async def build_world(fake, world):
    """People in both schools with a mix of answers, and KPI figures for two weeks."""
    plan = default_plan()
    admin, teacher = fake.user(8101, "Директор"), fake.user(8102, "Учитель")
    staff, class_teacher = fake.user(8103, "Завхоз"), fake.user(8104, "Классная")
    dou_admin, dou_teacher = fake.user(8105, "Заведующая"), fake.user(8106, "Воспитатель")
    for user, code in (
        (admin, "admin"), (teacher, "teacher"), (staff, "staff"),
        (class_teacher, "class_teacher"), (dou_admin, "dou_admin"),
        (dou_teacher, "dou_class_teacher"),
    ):  # fmt: skip
        await user.start(world.codes[code])
    # the administrators answer first: a help notice (sent at once outside quiet hours) would
    # be the latest message with buttons in their dialog
    for label in (BTN_DONE, BTN_NA, BTN_DONE, BTN_DONE, BTN_HELP):
        await admin.press(label)
    for label in (BTN_DONE,) * 3 + (BTN_NA, BTN_HELP):
        await teacher.press(label)
    await staff.press(BTN_NA)
    for _ in range(len(plan.items_for("class_teacher", "school"))):
        await answer_with_screenshot(class_teacher, BTN_DONE)  # the screenshot: under review
    for label in (BTN_DONE, BTN_DONE, BTN_NA):
        await dou_admin.press(label)
    await admin.send("/kpi staff 37")
    await admin.send("/kpi parents 12,5")
    await dou_admin.send("/kpi parents 3")
    return admin, teacher, dou_admin


async def test_export_checked_cell_by_cell(bot, fake, world):
    admin, teacher, dou_admin = await build_world(fake, world)
    inspector = fake.user(8107, "Инспектор")
    await inspector.start(world.codes["authority"])
    later = utcnow() + timedelta(days=7)
    with time_machine.travel(later, tick=True):
        await admin.send("/kpi staff 40")
        for who in (admin, teacher, dou_admin):
            await who.send("/export")
            assert who.bot_texts()[-1] == texts.NOT_ALLOWED
        assert not [u for u in fake.uploads if u.type == "file"]  # the screenshot: an image
        await inspector.send("/export")
        today = utcnow().astimezone(ZoneInfo("Europe/Moscow")).date()

    upload = fake.uploads[-1]
    assert upload.filename == f"otchet-{today.isoformat()}.xlsx"
    message = inspector.last_bot_message()
    assert message.text == t.export_caption("УО Княжпогостский", today, 2)
    assert [a["type"] for a in message.attachments] == ["file"]

    workbook = openpyxl.load_workbook(io.BytesIO(upload.data))
    expected = await expected_items_rows(bot.app.sessionmaker, world.authority_id, today)
    # The world really has a mix: some done, some "not for me", empty cells for other kinds.
    flat = [c for row in expected for c in row[6:]]
    assert any(isinstance(c, float) and 0 < c < 100 for c in flat) and "—" in flat
    check_items_sheet(workbook, "УО Княжпогостский", today, expected)

    # The KPI sheets, against the KpiEntry rows.
    assert workbook.sheetnames[1:] == [
        "Регистрация",
        "Сотрудники еженедельно",
        "Ученики и родители",
        "История по периодам",
        "Чаты классов",
        "Подтверждение",
    ]
    # Verified, self-reported and under review apart, for the items that can be confirmed.
    checks = workbook["Подтверждение"]
    header = [c.value for c in checks[HEAD_ROW]]
    assert header[:2] == ["Школа", "Тип"]
    assert header[2:5] == [
        f"{default_plan().item('sferum_join').title}: {what}"
        for what in ("подтверждено", "со слов", "на проверке")
    ]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in checks.iter_rows(min_row=6, max_row=7, values_only=True)
    }
    school = rows["МАОУ СОШ №24"]
    assert [school[c] for c in header[2:5]] == [0, 0, 1]  # the class teacher's, under review
    students = t.xlsx_checks(default_plan().item("chat_students").title)
    assert [school[c] for c in students] == [0, 1, 0]  # «Готово»: self-reported
    assert [rows["МБДОУ Детский сад №3"][c] for c in students] == ["—"] * 3  # not for a ДОУ
    totals = [c.value for c in checks[8]]  # under the two schools
    assert totals[0] == "Итого: УО Княжпогостский" and totals[2:5] == [0, 0, 1]
    history = workbook["История по периодам"]
    assert [c.value for c in history[HEAD_ROW]][:6] == [
        "Школа", "Пункт", "Период", "Класс", "Отметили «готово»", "Ответили",
    ]  # fmt: skip
    plan = default_plan()
    async with bot.app.sessionmaker() as session:
        entries = list(await session.scalars(select(KpiEntry)))
        schools = list(await session.scalars(select(School).order_by(School.name)))
    weeks = sorted({e.week for e in entries})
    assert len(weeks) == 2
    by_key = {(e.school_id, e.week): e for e in entries}
    for sheet, field in (
        ("Сотрудники еженедельно", "staff_weekly"),
        ("Ученики и родители", "students_parents_weekly"),
    ):
        ws = workbook[sheet]
        assert ws["A3"].value == plan.kpi_for(field).title
        assert [ws.cell(5, c).value for c in range(1, 5)] == [
            "Школа",
            "Тип",
            *(t.xlsx_week(w) for w in weeks),
        ]
        for r, school in enumerate(schools, 6):
            want = [school.name, KIND[school.kind]]
            for week in weeks:
                entry = by_key.get((school.id, week))
                want.append(None if entry is None else getattr(entry, field))
            assert [ws.cell(r, c).value for c in range(1, 5)] == want
        total = [ws.cell(6 + len(schools), c).value for c in range(1, 5)]
        assert total[:2] == ["Итого: УО Княжпогостский", None]
        goals = [ws.cell(6 + len(schools) + 2, c).value for c in range(1, 5)]
        stages = plan.kpi_for(field).stages
        sundays = [date.fromisocalendar(int(w[:4]), int(w[6:]), 7) for w in weeks]
        in_force = [next((s for s in stages if d <= s.by), stages[-1]).percent for d in sundays]
        assert goals == ["Цели", None, *in_force]
    assert workbook["Сотрудники еженедельно"].cell(6, 3).value == 37.0  # МАОУ, first week
    assert workbook["Сотрудники еженедельно"].cell(6, 4).value == 40.0
    assert workbook["Сотрудники еженедельно"].cell(8, 4).value == 40.0  # the only school
    assert workbook["Ученики и родители"].cell(7, 3).value == 3.0  # МБДОУ

    ws = workbook["Регистрация"]
    for r, school in enumerate(schools, 6):
        registered = expected[r - 6][3]
        share = round(100 * registered / school.declared_staff, 1)
        assert [ws.cell(r, c).value for c in range(1, 7)] == [
            school.name, KIND[school.kind], school.declared_staff, registered, share, 75,
        ]  # fmt: skip
    declared = sum(s.declared_staff for s in schools)
    assert [ws.cell(6 + len(schools), c).value for c in range(1, 5)] == [
        "Итого: УО Княжпогостский", None, declared, sum(row[3] for row in expected),
    ]  # fmt: skip
    for title in workbook.sheetnames:  # a totals row on every sheet
        cells = [c.value for row in workbook[title].iter_rows() for c in row]
        assert "Итого: УО Княжпогостский" in cells, title
    assert ws.cell(6 + len(schools) + 2, 1).value == "Цели"
    assert ws.cell(6 + len(schools) + 2, 2).value == "75 % к 30.09.2026; 75 % к 31.05.2027"

    async with bot.app.sessionmaker() as session:
        audits = list(await session.scalars(select(Audit).where(Audit.action == "export")))
    assert [(a.details["authority_id"], a.details["schools"]) for a in audits] == [
        (world.authority_id, 2)
    ]

    # The same report from the rating's button.
    await inspector.send("/rating")
    await inspector.press(t.BTN_EXPORT)
    files = [u for u in fake.uploads if u.type == "file"]  # (the others: the screenshot)
    assert len(files) == 2 and fake.uploads[-1].filename.endswith(".xlsx")
    again = openpyxl.load_workbook(io.BytesIO(fake.uploads[-1].data))
    today = utcnow().astimezone(ZoneInfo("Europe/Moscow")).date()
    expected = await expected_items_rows(bot.app.sessionmaker, world.authority_id, today)
    check_items_sheet(again, "УО Княжпогостский", today, expected)


@pytest.mark.wall_clock  # the CLI runs as its own process: its date is the wall clock
async def test_cli_export(bot, fake, world, settings, tmp_path):
    help_text = (await run_cli("--help", env=cli_env(settings), check=False)).stdout
    if "export" not in help_text:
        pytest.skip("`export` is not wired into bot/cli.py yet (see bot/cli_export.py)")
    await build_world(fake, world)
    out = tmp_path / "report.xlsx"
    result = await run_cli(
        "export", "--authority", str(world.authority_id), "--out", str(out), env=cli_env(settings)
    )
    assert result.last_line == str(out)
    async with bot.app.sessionmaker() as session:
        authority = await session.get(Authority, world.authority_id)
        today = utcnow().astimezone(ZoneInfo(authority.tz)).date()
    expected = await expected_items_rows(bot.app.sessionmaker, world.authority_id, today)
    check_items_sheet(openpyxl.load_workbook(out), "УО Княжпогостский", today, expected)

    missing = await run_cli(
        "export", "--authority", "999999", "--out", str(out), env=cli_env(settings), check=False
    )
    assert missing.returncode == 2 and "no authority with id 999999" in missing.stderr
