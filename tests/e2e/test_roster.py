"""Roster import: parsing rules, the service, the bot end to end, and the CLI twin."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.rules.roster import (
    MAX_ROWS,
    file_kind,
    name_key,
    normalise_role,
    parse_csv,
    parse_roster,
    parse_xlsx,
)
from bot.services import roster as service
from bot.services import setup
from bot.ui import texts
from bot.ui.texts import roster as t
from storage.db import create_engine, create_sessionmaker
from storage.models import Invite, Person, RosterEntry, School
from tests.support.cli import cli_env, run_cli

HEADER = "ФИО;Должность;Роль;Класс"


def csv_bytes(*lines: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = "\r\n".join(lines).encode(encoding) + b"\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + data


def xlsx_bytes(*rows: tuple[object, ...]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_rows(data: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def texts_of(parsed) -> list[str]:
    return [p.text() for p in parsed.problems]


# --- parsing (pure) ---------------------------------------------------------------------------


def test_csv_semicolon_utf8_russian_and_english_roles():
    parsed = parse_csv(
        csv_bytes(
            "фио;ДОЛЖНОСТЬ;Role;CLASS",
            "Иванова  Анна Петровна;учитель математики;Классный руководитель;5А",
            "Петров Олег;;teacher;",
            ";;;",
            "Сидорова Мария;секретарь;сотрудник;",
            "Кузнецов Ильи;директор;Администратор;",
            "Орлова Вера;;педагог;",
            "Зуев Пётр;;class_teacher;11Б",
        )
    )
    assert parsed.ok, texts_of(parsed)
    got = [(r.line, r.full_name, r.position, r.role, r.class_label) for r in parsed.rows]
    assert got == [
        (2, "Иванова Анна Петровна", "учитель математики", "class_teacher", "5А"),
        (3, "Петров Олег", None, "teacher", None),
        (5, "Сидорова Мария", "секретарь", "staff", None),
        (6, "Кузнецов Ильи", "директор", "admin", None),
        (7, "Орлова Вера", None, "teacher", None),
        (8, "Зуев Пётр", None, "class_teacher", "11Б"),
    ]


def test_csv_comma_with_bom_and_quotes():
    parsed = parse_csv(
        csv_bytes(
            "ФИО,должность,роль,класс",
            '"Иванова Анна","учитель, завуч",admin,',
            bom=True,
        )
    )
    assert parsed.ok, texts_of(parsed)
    [row] = parsed.rows
    assert (row.full_name, row.position, row.role) == ("Иванова Анна", "учитель, завуч", "admin")


def test_csv_cp1251():
    parsed = parse_csv(csv_bytes(HEADER, "Ёлкина Алёна;учитель;учитель;", encoding="cp1251"))
    assert parsed.ok, texts_of(parsed)
    assert parsed.rows[0].full_name == "Ёлкина Алёна"
    assert parsed.rows[0].name_key == "елкина алена"


def test_xlsx_built_with_openpyxl_numbers_and_extra_columns():
    data = xlsx_bytes(
        ("№", "ФИО", "Должность", "Роль", "Класс"),
        (1, "Иванова Анна", "учитель", "классный руководитель", 5),
        (None, None, None, None, None),
        (3, "Петров Олег", None, "staff", None),
    )
    parsed = parse_xlsx(data)
    assert parsed.ok, texts_of(parsed)
    got = [(r.line, r.full_name, r.role, r.class_label) for r in parsed.rows]
    assert got == [(2, "Иванова Анна", "class_teacher", "5"), (4, "Петров Олег", "staff", None)]
    assert parse_roster("Список.XLSX", data) == parsed


def test_unknown_role_message_names_row_column_and_allowed_values():
    parsed = parse_csv(csv_bytes("ФИО;должность;role;class", "А Б;;teacher;", "В Г;;директор;"))
    assert parsed.rows == []
    assert texts_of(parsed) == [
        "Строка 3, столбец «role»: неизвестная роль «директор» (допустимо: admin, class_teacher, "
        "teacher, staff или по-русски: администратор, классный руководитель, учитель/педагог, "
        "сотрудник)"
    ]
    assert (
        parsed.problems[0]
        .cli_text("staff.csv")
        .startswith("staff.csv: row 3, column role: неизвестная роль «директор»")
    )


def test_every_row_error_is_reported_with_its_place():
    parsed = parse_csv(
        csv_bytes(
            HEADER,
            ";учитель;teacher;",  # 2: no name
            "Иванова Анна;;;",  # 3: no role
            "Петров Олег;;классный руководитель;",  # 4: class missing
            "Сидорова Мария;;teacher;5А",  # 5: class for a teacher
            "Орлова Вера;;class_teacher;" + "Б" * 17,  # 6: class too long
            "иванова   анна;;staff;",  # 7: duplicate name (case, spaces)
            "Я" * 201 + ";;staff;",  # 8: name too long
            "Зуев Пётр;" + "д" * 201 + ";staff;",  # 9: position too long
        )
    )
    assert parsed.rows == []
    assert texts_of(parsed) == [
        f"Строка 2, столбец «ФИО»: {t.EMPTY_NAME}",
        f"Строка 3, столбец «Роль»: {t.EMPTY_ROLE}",
        f"Строка 4, столбец «Класс»: {t.CLASS_REQUIRED}",
        f"Строка 5, столбец «Класс»: {t.CLASS_NOT_ALLOWED}",
        f"Строка 6, столбец «Класс»: {t.too_long(16)}",
        "Строка 7, столбец «ФИО»: «иванова анна» уже есть в строке 3",
        f"Строка 8, столбец «ФИО»: {t.too_long(200)}",
        f"Строка 9, столбец «Должность»: {t.too_long(200)}",
    ]


def test_class_teacher_without_class_column():
    parsed = parse_csv(csv_bytes("ФИО;Роль", "Иванова Анна;классный руководитель"))
    assert texts_of(parsed) == [f"Строка 2, столбец «класс»: {t.CLASS_REQUIRED}"]


def test_header_problems():
    missing = parse_csv(csv_bytes("Фамилия;Должность;Класс", "Иванова;учитель;"))
    assert texts_of(missing) == [
        f"Строка 1: {t.missing_column('ФИО')}",
        f"Строка 1: {t.missing_column('роль')}",
    ]
    twice = parse_csv(csv_bytes("ФИО;Роль;role", "Иванова;teacher;teacher"))
    assert texts_of(twice) == [f"Строка 1, столбец «role»: {t.duplicate_column('role', 2)}"]


def test_file_level_problems():
    assert texts_of(parse_csv(b"")) == [t.EMPTY_FILE]
    assert texts_of(parse_csv(b"\xef\xbb\xbf\r\n;;\r\n")) == [t.EMPTY_FILE]
    assert texts_of(parse_csv(csv_bytes(HEADER))) == [t.NO_ROWS]
    assert texts_of(parse_xlsx(xlsx_bytes(("ФИО", "Роль")))) == [t.NO_ROWS]
    assert texts_of(parse_xlsx(b"not a zip at all")) == [t.NOT_XLSX]
    assert texts_of(parse_csv(xlsx_bytes(("ФИО", "Роль")))) == [t.NOT_CSV]
    many = [f"Сотрудник {i};;teacher;" for i in range(MAX_ROWS + 1)]
    assert texts_of(parse_csv(csv_bytes(HEADER, *many))) == [t.too_many_rows(MAX_ROWS)]
    assert parse_csv(csv_bytes(HEADER, *many[:MAX_ROWS])).ok


def test_names_roles_and_extensions():
    assert name_key("  Ёлкина\u00a0 АЛЁНА  ") == "елкина алена"
    assert normalise_role("Class Teacher") == "class_teacher"
    assert normalise_role("УЧИТЕЛЬ") == "teacher"
    assert normalise_role("директор") is None
    assert file_kind("a.CSV") == ".csv" and file_kind("b.xlsx") == ".xlsx"
    assert file_kind("c.xls") is None and parse_roster("list.txt", b"x") is None


def test_problem_list_is_cut_at_twenty():
    text = t.problems_text([f"Строка {i}: плохо" for i in range(2, 27)])
    assert "Строка 21: плохо" in text and "Строка 22: плохо" not in text
    assert "и ещё 5" in text
    reason = t.unknown_role("x")
    long = t.problems_text([f"Строка {i}, столбец «role»: {reason}" for i in range(30)])
    assert len(long) < 4000 and "и ещё" in long


def test_download_headers_only_for_the_api_host():
    headers = {"Authorization": "secret"}
    api = "https://platform-api2.max.ru"
    assert service.auth_for("https://platform-api2.max.ru/files/1", api, headers) == headers
    assert service.auth_for("https://fd.oneme.ru/get?x=1", api, headers) == {}
    assert service.auth_for("http://platform-api2.max.ru/files/1", api, headers) == {}


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


# --- the service ------------------------------------------------------------------------------


async def test_declared_staff_follows_roster_unless_set_explicitly(db, world):
    rows = parse_csv(csv_bytes(HEADER, "А Б;;teacher;", "В Г;;staff;")).rows
    bigger = parse_csv(csv_bytes(HEADER, "А Б;;teacher;", "Д Е;;staff;")).rows
    free_id, _ = await new_school(db, world, staff=None)
    async with db.sessionmaker() as session:
        explicit = await session.get(School, world.school_id)  # --staff 40 from the CLI
        free = await session.get(School, free_id)
        assert (await service.import_roster(session, explicit, rows, utcnow())).total == 2
        assert explicit.declared_staff == 40
        assert (await service.import_roster(session, free, rows, utcnow())).declared_staff == 2
        result = await service.import_roster(session, free, bigger, utcnow())
        assert (result.total, result.created, result.updated, result.kept) == (3, 1, 1, 1)
        assert free.declared_staff == 3  # it was the roster size: it follows the roster
        free.declared_staff = 10  # set by hand since: left alone
        await service.import_roster(session, free, rows, utcnow())
        assert free.declared_staff == 10


# --- end to end through the fake MAX API ------------------------------------------------------


async def test_admin_gets_template_and_can_send_it_back_filled(bot, fake, world, db):
    admin = fake.user(7001, "Ольга")
    await admin.start(world.codes["admin"])
    await admin.send("/roster")
    upload = fake.uploads[-1]
    assert upload.filename.endswith(".xlsx")
    assert sheet_rows(upload.data)[0] == ("ФИО", "Должность", "Роль", "Класс")
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
    assert intruder.bot_texts()[-1] == texts.JOIN_USED_UP

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
    assert oleg.bot_texts()[-1] == texts.JOIN_REVOKED
    await oleg.start(code_of(links[1][4]))
    person = await db.scalar(select(Person).where(Person.max_user_id == 7104))
    assert (person.role, person.class_label) == ("class_teacher", "6А")
    invite = await db.scalar(select(Invite).where(Invite.label == "Новикова Елена"))
    assert (invite.max_uses, invite.role, invite.revoked_at) == (1, "staff", None)
    assert abs(invite.expires_at - invite.created_at - timedelta(days=30)) < timedelta(minutes=1)


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
