"""The monthly report on schedule: on the first working day of the month, at 09:00 in the
authority's local time, its staff get the month's XLSX with a short summary, and each school's
administrators one message with their school's figures — once, however often the tick runs."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import time_machine

from bot.clock import utcnow
from bot.jobs.scheduler import Ticker
from bot.ui.texts import export as t
from bot.ui.texts.checklist import BTN_DONE

MSK = ZoneInfo("Europe/Moscow")


def first_working_day_after(today: date) -> date:
    """The first working day (Monday-Friday) of the month after `today`'s."""
    day = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return day


def moscow(day: date, at: time) -> datetime:
    return datetime.combine(day, at, MSK).astimezone(UTC)


async def test_monthly_report_goes_once_on_the_first_working_day(bot, fake, world):
    admin = fake.user(8201, "Директор")
    inspector = fake.user(8202, "Инспектор")
    await admin.start(world.codes["admin"])
    await inspector.start(world.codes["authority"])
    await admin.press(BTN_DONE)
    ticker: Ticker = bot.app.ticker
    day = first_working_day_after(utcnow().astimezone(MSK).date())
    uploads = len(fake.uploads)
    before_admin, before_inspector = len(admin.bot_texts()), len(inspector.bot_texts())

    with time_machine.travel(moscow(day, time(8, 30)), tick=True):
        await ticker.tick(moscow(day, time(8, 30)))  # before 09:00: not yet
    assert not [u for u in fake.uploads[uploads:] if u.type == "file"]

    with time_machine.travel(moscow(day, time(9, 5)), tick=True):
        await ticker.tick(moscow(day, time(9, 5)))
    files = [u for u in fake.uploads[uploads:] if u.type == "file"]
    assert len(files) == 1
    assert files[0].filename == t.export_filename(day)
    month = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
    report = [
        m
        for m in inspector.bot_messages()[before_inspector:]
        if any(a["type"] == "file" for a in m.attachments)
    ]
    assert len(report) == 1
    assert [a["type"] for a in report[0].attachments] == ["file"]
    assert t.monthly_report_title(month) in report[0].text

    workbook = openpyxl.load_workbook(io.BytesIO(files[0].data))
    sheet = workbook[t.XLSX_ITEMS_SHEET]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=8, values_only=True) if r[0]}
    school = rows["МАОУ СОШ №24"]
    assert school[2] == 40  # declared staff
    assert school[3] == 1  # registered: the administrator
    assert sheet.cell(row=1, column=1).value == "УО Княжпогостский"

    told = admin.bot_texts()[before_admin:]
    school_notes = [x for x in told if x and t.monthly_school_title(month) in x]
    assert len(school_notes) == 1
    assert "МАОУ СОШ №24" in school_notes[0] and "1 из 40" in school_notes[0]

    # Ticks later that day and the next day send nothing more.
    sent_admin, sent_inspector = len(admin.bot_texts()), len(inspector.bot_texts())
    for moment in (moscow(day, time(9, 30)), moscow(day + timedelta(days=1), time(10, 0))):
        with time_machine.travel(moment, tick=True):
            await ticker.tick(moment)
    assert len([u for u in fake.uploads[uploads:] if u.type == "file"]) == 1
    assert not [
        x
        for x in admin.bot_texts()[sent_admin:]
        if x and x.startswith(t.monthly_school_title(month))
    ]
    assert (
        not [  # no second file (a duty reminder may come: it has buttons, not a file)
            m
            for m in inspector.bot_messages()[sent_inspector:]
            if any(a["type"] == "file" for a in m.attachments)
        ]
    )
