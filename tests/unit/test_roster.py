"""Roster import: the parsing rules (CSV and XLSX, the problems with their places)."""

from __future__ import annotations

from bot.max import files
from bot.rules.roster import (
    MAX_ROWS,
    file_kind,
    name_key,
    normalise_role,
    parse_csv,
    parse_roster,
    parse_xlsx,
)
from bot.ui.texts import roster as t
from tests.support.roster import HEADER, csv_bytes, xlsx_bytes


def texts_of(parsed) -> list[str]:
    return [p.text() for p in parsed.problems]


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
        "Строка 3, столбец «role»: неизвестная роль «директор» (допустимо: администратор, "
        "классный руководитель, учитель (педагог), сотрудник)"
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
    assert files.token_headers("https://platform-api2.max.ru/files/1", api, headers) == headers
    assert files.token_headers("https://fd.oneme.ru/get?x=1", api, headers) == {}
    assert files.token_headers("http://platform-api2.max.ru/files/1", api, headers) == {}


def test_class_sizes_come_with_the_class_teachers_rows():
    parsed = parse_csv(
        csv_bytes(
            "ФИО;Роль;Класс;Учеников",
            "Иванова Анна;классный руководитель;5А;25",
            "Петров Олег;классный руководитель;5а;25",  # the same class, the same size
            "Зуев Пётр;классный руководитель;6Б;",
            "Орлова Вера;учитель;;",
        )
    )
    assert parsed.ok, texts_of(parsed)
    assert [(r.class_label, r.class_size) for r in parsed.rows] == [
        ("5А", 25), ("5А", 25), ("6Б", None), (None, None),
    ]  # fmt: skip


def test_bad_class_sizes_are_named_with_their_place():
    parsed = parse_csv(
        csv_bytes(
            "ФИО;Роль;Класс;Число учеников",
            "Иванова Анна;классный руководитель;5А;двадцать",
            "Петров Олег;учитель;;20",
            "Зуев Пётр;классный руководитель;6Б;61",
            "Орлова Вера;классный руководитель;7В;30",
            "Сидорова Мария;классный руководитель;7В;31",
        )
    )
    assert texts_of(parsed) == [
        t.problem_line(2, "Число учеников", t.bad_students(60)),
        t.problem_line(3, "Число учеников", t.STUDENTS_WITHOUT_CLASS),
        t.problem_line(4, "Число учеников", t.bad_students(60)),
        t.problem_line(6, "Число учеников", t.students_differ("7В", 5)),
    ]
    assert parsed.rows == []


def test_the_template_offers_the_roles_the_parser_reads() -> None:
    """«Роль» has a drop-down of Russian role names, and each of them is read back."""
    import io

    import openpyxl

    from bot.rules.roster import normalise_role
    from bot.services.roster import template_xlsx
    from bot.ui.texts import roster as roster_texts

    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx())).worksheets[0]
    [listed] = sheet.data_validations.dataValidation
    assert listed.type == "list" and str(listed.sqref).startswith("C2:")
    values = listed.formula1.strip('"').split(",")
    assert tuple(values) == roster_texts.TEMPLATE_ROLES
    assert all(v.isascii() is False for v in values)  # Russian, not the codes
    roles = [normalise_role(v) for v in values]
    assert None not in roles and len(set(roles)) == 4
    assert all(normalise_role(v.upper()) == r for v, r in zip(values, roles, strict=True))
