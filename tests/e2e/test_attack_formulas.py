"""Attack: spreadsheet cells that would come alive as formulas. A roster whose ФИО, Должность
are formulas (typed as text or as real formulas), and a school named like one: the links
file the administrator gets back and every sheet of the authority's export hold them as
text, marked so that they stay text when edited."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from bot.clock import utcnow
from bot.services import setup
from bot.services.export import export_authority
from bot.ui.xlsx import looks_like_formula
from storage.models import Authority
from tests.support.db import session_on

EVIL_NAME = '=HYPERLINK("http://evil.example","Иванов Иван")'
EVIL_POSITION = "=cmd|' /C calc'!A0"
EVIL_SCHOOL = '=HYPERLINK("http://evil.example","МБОУ СОШ №1")'


def cells(data: bytes) -> list:
    workbook = load_workbook(io.BytesIO(data))  # formulas as written, not computed values
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def assert_inert(data: bytes, *expected: str) -> None:
    every = cells(data)
    live = [c.coordinate for c in every if c.data_type == "f"]
    assert live == [], f"formula cells: {live}"
    texts = {c.value for c in every if isinstance(c.value, str)}
    for text in expected:
        assert text in texts, text
    unmarked = [
        c.coordinate
        for c in every
        if isinstance(c.value, str) and looks_like_formula(c.value) and not c.quotePrefix
    ]
    assert unmarked == [], f"formula-looking texts without the quote prefix: {unmarked}"


def roster_with_formulas() -> bytes:
    """Formulas typed into the roster as plain text cells (a formula cell itself reads as
    empty: the roster is read by value, and such a row is refused for its missing ФИО)."""
    workbook = Workbook()
    sheet = workbook.active
    rows = [
        ("ФИО", "Должность", "Роль", "Класс"),
        (EVIL_NAME, "учитель", "учитель", None),
        ("Петров Пётр", EVIL_POSITION, "учитель", None),
        ("Сидорова Мария", "+7 912 000-00-00", "сотрудник", None),
        ("@SUM(1+1) Смирнова Анна", "-учитель", "учитель", None),
    ]
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values, 1):
            if value is not None:
                cell = sheet.cell(row=r, column=c, value=value)
                cell.data_type = "s"  # inert text in the upload
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_the_links_file_holds_formulas_as_text(bot, fake, world):
    admin = fake.user(9501, "Админ")
    await admin.start(world.codes["admin"])
    await admin.send_file("список.xlsx", roster_with_formulas())
    reply = admin.last_bot_message()
    assert "Список сотрудников загружен" in reply.text, reply.text
    assert_inert(fake.uploads[-1].data, EVIL_NAME, EVIL_POSITION, "+7 912 000-00-00")


async def test_a_school_named_like_a_formula_is_text_on_every_sheet(bot, fake, world, settings):
    async with session_on(settings) as session:
        await setup.add_school(
            session, authority_id=world.authority_id, name=EVIL_SCHOOL, kind="school",
            tz="Europe/Moscow", staff=10, students=100, now=utcnow(),
        )  # fmt: skip
        await session.commit()
        authority = await session.scalar(
            select(Authority).where(Authority.id == world.authority_id)
        )
        exported = await export_authority(session, authority, utcnow(), actor="cli")
        await session.rollback()
    assert_inert(exported.data, EVIL_SCHOOL)
