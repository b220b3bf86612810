"""Roster import: the bot end to end, and the CLI twin (the parsing rules are in
tests/unit/test_roster.py, the service in tests/services/test_roster.py)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.services import setup
from bot.ui import texts
from bot.ui.texts import joining as joining_texts
from bot.ui.texts import roster as t
from storage.db import create_engine, create_sessionmaker
from storage.models import Audit, ClassTeacher, Invite, Person, RosterEntry, School, SchoolClass
from tests.support.cli import cli_env, run_cli
from tests.support.roster import HEADER, csv_bytes, sheet_rows, xlsx_bytes

# --- helpers over the database ---------------------------------------------------------------


class Db:
    def __init__(self, settings) -> None:
        self.engine = create_engine(settings.database_url)
        self.sessionmaker = create_sessionmaker(self.engine)

    async def scalar(self, query):
        async with self.sessionmaker() as session:
            return await session.scalar(query)

    async def all(self, query):
        async with self.sessionmaker() as session:
            return list(await session.scalars(query))

    async def close(self) -> None:
        await self.engine.dispose()


@pytest.fixture
async def db(settings, world):
    handle = Db(settings)
    yield handle
    await handle.close()


async def new_school(db: Db, world, staff: int | None) -> tuple[int, str]:
    """A school with (or without) a declared staff count, and an admin invite for it."""
    async with db.sessionmaker() as session:
        school_id = await setup.add_school(
            session, authority_id=world.authority_id, name="МБОУ Гимназия №1", kind="school",
            tz="Europe/Moscow", staff=staff, students=None, now=utcnow(),
        )  # fmt: skip
        code = await setup.create_invite(session, role="admin", now=utcnow(), school_id=school_id)
        await session.commit()
    return school_id, code.code


def code_of(link: str) -> str:
    return link.split("start=", 1)[1]


async def count(db: Db, model, *where) -> int:
    return await db.scalar(select(func.count()).select_from(model).where(*where))


# --- end to end through the fake MAX API ------------------------------------------------------


async def test_admin_gets_template_and_can_send_it_back_filled(bot, fake, world, db):
    admin = fake.user(7001, "Ольга")
    await admin.start(world.codes["admin"])
    await admin.send("/roster")
    upload = fake.uploads[-1]
    assert upload.filename.endswith(".xlsx")
    assert sheet_rows(upload.data)[0] == ("ФИО", "Должность", "Роль", "Класс", "Учеников")
    assert "Список сотрудников" in admin.last_bot_message().text

    workbook = load_workbook(io.BytesIO(upload.data))
    workbook.worksheets[0].append(["Иванова Анна", "учитель", "классный руководитель", "7В"])
    filled = io.BytesIO()
    workbook.save(filled)
    await admin.send_file("список.xlsx", filled.getvalue())
    rows = sheet_rows(fake.uploads[-1].data)
    assert rows[0] == ("ФИО", "Должность", "Роль", "Класс", "Ссылка-приглашение", "Статус")
    assert rows[1][:4] == ("Иванова Анна", "учитель", "классный руководитель", "7В")
    assert rows[1][4].startswith("https://max.ru/sferum_roadmap_bot?start=")
    assert await count(db, RosterEntry, RosterEntry.school_id == world.school_id) == 1
    school = await db.scalar(select(School).where(School.id == world.school_id))
    assert school.declared_staff == 40  # set explicitly by the operator: not overwritten


async def test_import_join_and_reimport(bot, fake, world, db):
    school_id, admin_code = await new_school(db, world, staff=None)
    admin = fake.user(7101, "Ольга")
    await admin.start(admin_code)
    first = csv_bytes(
        HEADER,
        "Иванова Анна;учитель математики;классный руководитель;5Б",
        "Петров Олег;учитель физкультуры;учитель;",
        "Сидорова Мария;секретарь;сотрудник;",
    )
    await admin.send_file("staff.csv", first)
    reply = admin.last_bot_message()
    assert "Список сотрудников загружен" in reply.text and "Строк в файле: 3" in reply.text
    assert any(a["type"] == "file" for a in reply.attachments)
    links = sheet_rows(fake.uploads[-1].data)[1:]
    assert [(r[0], r[2], r[3], r[5]) for r in links] == [
        ("Иванова Анна", "классный руководитель", "5Б", t.STATUS_NEW),
        ("Петров Олег", "педагог", None, t.STATUS_NEW),
        ("Сидорова Мария", "сотрудник", None, t.STATUS_NEW),
    ]
    old = {r[0]: code_of(r[4]) for r in links}
    assert len(set(old.values())) == 3
    school = await db.scalar(select(School).where(School.id == school_id))
    assert school.declared_staff == 3

    anna = fake.user(7102, "Анна", "Иванова")
    await anna.start(old["Иванова Анна"])
    assert "классный руководитель, класс 5Б" in anna.bot_texts()[-2]
    person = await db.scalar(select(Person).where(Person.max_user_id == 7102))
    assert (person.role, person.class_label, person.school_id) == ("class_teacher", "5Б", school_id)
    intruder = fake.user(7103, "Глеб")
    await intruder.start(old["Иванова Анна"])
    assert intruder.bot_texts()[-1] == joining_texts.JOIN_USED_UP

    second = csv_bytes(
        HEADER,
        "иванова  анна;завуч;классный руководитель;5Б",
        "Петров Олег;учитель физкультуры;классный руководитель;6А",  # changed
        "Сидорова Мария;секретарь;сотрудник;",
        "Новикова Елена;психолог;сотрудник;",  # new
    )
    invites_before = await count(db, Invite, Invite.school_id == school_id)
    await admin.send_file("staff.csv", second)
    assert "новых: 1, обновлено: 3" in admin.last_bot_message().text
    links = sheet_rows(fake.uploads[-1].data)[1:]
    assert [(r[0], r[1], r[3], r[5]) for r in links] == [
        ("иванова анна", "завуч", "5Б", t.STATUS_JOINED),
        ("Петров Олег", "учитель физкультуры", "6А", t.STATUS_NEW),
        ("Сидорова Мария", "секретарь", None, t.STATUS_NEW),
        ("Новикова Елена", "психолог", None, t.STATUS_NEW),
    ]
    assert links[0][4] is None
    assert await count(db, RosterEntry, RosterEntry.school_id == school_id) == 4
    assert await count(db, Invite, Invite.school_id == school_id) == invites_before + 3
    entry = await db.scalar(select(RosterEntry).where(RosterEntry.name_key == "иванова анна"))
    assert entry.person_id == person.id
    school = await db.scalar(select(School).where(School.id == school_id))
    assert school.declared_staff == 4

    oleg = fake.user(7104, "Олег")
    await oleg.start(old["Петров Олег"])
    assert oleg.bot_texts()[-1] == joining_texts.JOIN_REVOKED
    await oleg.start(code_of(links[1][4]))
    person = await db.scalar(select(Person).where(Person.max_user_id == 7104))
    assert (person.role, person.class_label) == ("class_teacher", "6А")
    invite = await db.scalar(select(Invite).where(Invite.label == "Новикова Елена"))
    assert (invite.max_uses, invite.role, invite.revoked_at) == (1, "staff", None)
    assert abs(invite.expires_at - invite.created_at - timedelta(days=30)) < timedelta(minutes=1)


async def test_the_roster_names_the_classes_and_their_sizes(bot, fake, world, db):
    """A roster's classes are the school's classes from the import (so /classes and the
    roll-over know them before anyone joins), with the sizes the file gives; the class
    teacher who joins teaches that class; a re-import updates a size and adds no class twice."""
    school_id, admin_code = await new_school(db, world, staff=None)
    admin = fake.user(7121, "Ольга")
    await admin.start(admin_code)
    await admin.send_file(
        "staff.csv",
        csv_bytes(
            "ФИО;Роль;Класс;Учеников",
            "Иванова Анна;классный руководитель;5Б;27",
            "Петров Олег;классный руководитель;6А;",
            "Сидорова Мария;учитель;;",
        ),
    )
    assert "Список сотрудников загружен" in admin.last_bot_message().text

    async def classes():
        rows = await db.all(
            select(SchoolClass).where(SchoolClass.school_id == school_id).order_by(SchoolClass.id)
        )
        return [(c.label, c.grade, c.size, c.closed_at) for c in rows]

    assert await classes() == [("5Б", 5, 27, None), ("6А", 6, None, None)]
    await admin.send("/classes")
    assert admin.last_bot_message().labels()[:2] == [
        "5Б · 27 · без руководителя", "6А · без руководителя",
    ]  # fmt: skip

    links = {r[0]: code_of(r[4]) for r in sheet_rows(fake.uploads[-1].data)[1:]}
    anna = fake.user(7122, "Анна")
    await anna.start(links["Иванова Анна"])
    taught = await db.all(
        select(SchoolClass.label)
        .join(ClassTeacher, ClassTeacher.class_id == SchoolClass.id)
        .join(Person, Person.id == ClassTeacher.person_id)
        .where(Person.max_user_id == 7122)
    )
    assert taught == ["5Б"]

    await admin.send_file(
        "staff.csv",
        csv_bytes(
            "ФИО;Роль;Класс;Учеников",
            "Иванова Анна;классный руководитель;5Б;28",
            "Петров Олег;классный руководитель;6А;24",
        ),
    )
    assert await classes() == [("5Б", 5, 28, None), ("6А", 6, 24, None)]
    sizes = await db.all(select(Audit).where(Audit.action == "class.size").order_by(Audit.id))
    assert [(a.details["old"], a.details["new"], a.details["source"]) for a in sizes] == [
        (None, 27, "roster"), (27, 28, "roster"), (None, 24, "roster"),
    ]  # fmt: skip

    # A bad size: the whole file is refused and the sizes stay.
    await admin.send_file(
        "staff.csv",
        csv_bytes("ФИО;Роль;Класс;Учеников", "Иванова Анна;классный руководитель;5Б;300"),
    )
    assert t.bad_students(60) in admin.last_bot_message().text
    assert await classes() == [("5Б", 5, 28, None), ("6А", 6, 24, None)]


async def test_bad_file_changes_nothing(bot, fake, world, db):
    admin = fake.user(7201, "Ольга")
    await admin.start(world.codes["admin"])
    invites_before = await count(db, Invite)
    uploads_before = len(fake.uploads)
    bad = csv_bytes(
        "ФИО;должность;role;class",
        "Иванова Анна;учитель;teacher;",
        "Петров Олег;директор;директор;",
        *[f"Сотрудник {i};;;" for i in range(25)],
    )
    await admin.send_file("staff.csv", bad)
    text = admin.last_bot_message().text
    assert "Ничего не изменено" in text
    assert "Строка 3, столбец «role»: неизвестная роль «директор»" in text
    assert "и ещё 6" in text
    assert len(fake.uploads) == uploads_before + 1  # the admin's file only: no links file
    assert await count(db, Invite) == invites_before
    assert await count(db, RosterEntry) == 0
    await admin.send_file("staff.txt", b"whatever")
    assert admin.last_bot_message().text == t.BAD_EXTENSION


async def test_only_admins_import(bot, fake, world, db):
    teacher = fake.user(7301, "Вера")
    await teacher.start(world.codes["teacher"])
    await teacher.send_file("staff.csv", csv_bytes(HEADER, "Иванова Анна;;teacher;"))
    assert teacher.last_bot_message().text == t.ONLY_ADMIN_FILE
    await teacher.send("/roster")
    assert teacher.last_bot_message().text == texts.NOT_ALLOWED
    stranger = fake.user(7302, "Незнакомец")
    await stranger.send_file("staff.xlsx", xlsx_bytes(("ФИО", "Роль"), ("А Б", "teacher")))
    assert stranger.last_bot_message().text == texts.NOT_REGISTERED
    assert await count(db, RosterEntry) == 0


# --- the CLI twin -----------------------------------------------------------------------------


def _cli_wired() -> bool:
    from bot.cli.main import build_parser

    return "roster" in build_parser().format_help()


@pytest.mark.skipif(not _cli_wired(), reason="`roster` is not wired into bot/cli.py yet")
async def test_cli_roster_import(bot, fake, world, settings, db, tmp_path):
    env = cli_env(settings)
    good = tmp_path / "staff.csv"
    good.write_bytes(csv_bytes(HEADER, "Иванова Анна;;классный руководитель;5А", "Петров;;staff;"))
    out = tmp_path / "links.xlsx"
    result = await run_cli(
        "roster", "import", "--school", str(world.school_id), str(good), "--out", str(out), env=env
    )
    assert "2 new" in result.stdout
    rows = sheet_rows(out.read_bytes())[1:]
    assert [r[0] for r in rows] == ["Иванова Анна", "Петров"]
    user = fake.user(7401, "Анна")
    await user.start(code_of(rows[0][4]))
    person = await db.scalar(select(Person).where(Person.max_user_id == 7401))
    assert (person.role, person.class_label) == ("class_teacher", "5А")

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(HEADER, "Сидорова;;директор;"))
    invites_before = await count(db, Invite)
    failed = await run_cli(
        "roster", "import", "--school", str(world.school_id), str(bad), env=env, check=False
    )
    assert failed.returncode == 2
    assert "bad.csv: row 2, column Роль: неизвестная роль «директор»" in failed.stderr
    assert await count(db, Invite) == invites_before
    assert await count(db, RosterEntry) == 2
