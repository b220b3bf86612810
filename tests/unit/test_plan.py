"""The roadmap model, the TOML loader/validator and the built-in plan."""

from __future__ import annotations

import datetime
from pathlib import Path

import pydantic
import pytest

from bot.plan import (
    KINDS,
    ROLES,
    Item,
    KpiStage,
    KpiTarget,
    Plan,
    PlanError,
    builtin_names,
    builtin_path,
    builtin_plan,
    check_plan,
    default_plan,
    default_plan_path,
    load_plan,
    parse_plan,
)

NOV30 = datetime.date(2025, 11, 30)
DEC30 = datetime.date(2025, 12, 30)

EVERY_EMPLOYEE = (
    "order_read",
    "max_phone",
    "max_web",
    "sferum_profile",
    "sferum_join",
    "safe_mode",
    "course",
)
CLASS_TEACHER_ONLY = (
    "chat_students",
    "chat_parents",
    "chat_teachers",
    "chats_newcomers",
    "parents_meeting",
    "help_families",
)
SCHOOL_SCOPE = (
    "school_order",
    "local_acts",
    "elearning_order",
    "sferum_org",
    "sferum_invites",
    "site_info",
    "official_channel",
    "staff_training",
    "chats_management",
    "chat_parents_committee",
    "chat_student_council",
    "admin_training",
    "revoke_invites",
)


def codes(items: list[Item]) -> list[str]:
    return [it.code for it in items]


# --- the built-in plan ------------------------------------------------------------------------


RECURRING = ("weekly_kpi", "monthly_report", "sferum_structure")  # the 2026/27 plan's duties
CAMPAIGN = "2025"


def test_builtin_plans_are_valid_cached_and_the_school_year_is_the_default() -> None:
    assert builtin_names() == ["2025", "2026-27"]
    assert default_plan_path() == builtin_path("2026-27")
    for name in builtin_names():
        assert check_plan(builtin_path(name)) == [], name
        plan = builtin_plan(name)
        assert isinstance(plan, Plan) and plan.name
        assert builtin_plan(name) is plan
        assert "541-ОД" in plan.source
    assert default_plan() is builtin_plan("2026-27")
    assert "2026/27" in default_plan().name
    with pytest.raises(KeyError):
        builtin_plan("2024")


@pytest.mark.parametrize("name", ["2025", "2026-27"])
def test_builtin_plan_has_required_items(name: str) -> None:
    plan = builtin_plan(name)
    all_codes = codes(list(plan.items))
    assert len(all_codes) == len(set(all_codes))
    expected = {*EVERY_EMPLOYEE, *CLASS_TEACHER_ONLY, *SCHOOL_SCOPE, "chats_moved"}
    assert expected <= set(all_codes)


def test_school_year_plan_keeps_every_campaign_code() -> None:
    """Answers stay attached by code: an authority moving to 2026/27 loses nothing."""
    campaign = codes(list(builtin_plan(CAMPAIGN).items))
    year = codes(list(default_plan().items))
    assert year == [c for c in year if c in campaign] + list(RECURRING)
    assert set(campaign) <= set(year)


def test_school_year_plan_deadlines() -> None:
    """Nothing in the 2026/27 plan has a date of its own: onboarding counts from joining, the
    class teacher's from taking the class, September's work and the duties recur."""
    plan = default_plan()
    assert all(item.deadline is None for item in plan.items)
    days = {i.code: i.due_days for i in plan.items if i.due_days is not None}
    assert {c: days[c] for c in EVERY_EMPLOYEE} == {
        "order_read": 7, "max_phone": 7, "max_web": 14, "sferum_profile": 14,
        "sferum_join": 14, "safe_mode": 14, "course": 30,
    }  # fmt: skip
    assert days["chat_students"] == days["chat_parents"] == 14 and days["chat_teachers"] == 30
    every = {i.code: (i.every, i.day) for i in plan.items if i.every is not None}
    assert every == {
        "chats_newcomers": ("year", "09-15"),
        "parents_meeting": ("year", "09-30"),
        "revoke_invites": ("month", 25),
        "weekly_kpi": ("week", 5),
        "monthly_report": ("month", 5),
        "sferum_structure": ("month", 25),
    }
    for code in RECURRING:
        item = plan.item(code)
        assert item is not None and item.scope == "school" and item.roles == {"admin"}
    assert plan.grace_days == 14 and plan.year_starts == "09-01"


def test_school_year_kpi_targets_are_dated_this_school_year() -> None:
    stages = {
        k.indicator: [(s.by.isoformat(), s.percent) for s in k.stages] for k in default_plan().kpi
    }
    assert stages == {
        "registered": [("2026-09-30", 75.0), ("2027-05-31", 75.0)],
        "staff_weekly": [("2026-09-30", 75.0), ("2026-12-30", 100.0), ("2027-05-31", 100.0)],
        "students_parents_weekly": [
            ("2026-09-30", 5.0), ("2026-12-30", 30.0), ("2027-05-31", 30.0),
        ],
    }  # fmt: skip


@pytest.mark.parametrize("code", EVERY_EMPLOYEE)
def test_every_employee_items_apply_to_everyone(code: str) -> None:
    item = default_plan().item(code)
    assert item is not None
    assert item.scope == "personal"
    for role in ROLES:
        for kind in KINDS:
            assert item.applies_to(role, kind), (code, role, kind)


def test_campaign_every_employee_item_details() -> None:
    plan = builtin_plan(CAMPAIGN)
    phone, web = plan.item("max_phone"), plan.item("max_web")
    assert phone is not None and web is not None
    assert "1.7" in phone.ref and "1.7" in web.ref
    assert "web.max.ru" in web.howto
    profile = plan.item("sferum_profile")
    assert profile is not None and "2.6" in profile.ref and "«Сферум»" in profile.howto
    join = plan.item("sferum_join")
    assert join is not None
    assert join.evidence == "screenshot"
    assert "«учитель»" in join.howto and "«сотрудник»" in join.howto
    safe = plan.item("safe_mode")
    assert safe is not None and "2.10" in safe.ref
    assert "контакт" in safe.howto and "телефонной книге" in safe.howto
    course = plan.item("course")
    assert course is not None and course.deadline == DEC30
    assert "Основы преподавания с применением" in course.howto
    assert all(plan.item(c).deadline == NOV30 for c in EVERY_EMPLOYEE if c != "course")


def test_chats_moved_is_for_pedagogues_and_admin_only() -> None:
    item = default_plan().item("chats_moved")
    assert item is not None
    assert item.roles == frozenset({"admin", "class_teacher", "teacher"})
    assert item.kinds == frozenset(KINDS)


def test_school_class_teacher_gets_all_three_chats() -> None:
    plan = default_plan()
    got = {it.code: it for it in plan.personal_items_for("class_teacher", "school")}
    assert {*EVERY_EMPLOYEE, "chats_moved"} == set(got)
    # the class teacher's own items are the class's: once per class and school year
    got |= {it.code: it for it in plan.class_items_for("school")}
    assert set(CLASS_TEACHER_ONLY) <= set(got)
    purposes = {c: (got[c].evidence, got[c].chat_purpose) for c in CLASS_TEACHER_ONLY[:3]}
    assert purposes == {
        "chat_students": ("chat", "students"),
        "chat_parents": ("chat", "parents"),
        "chat_teachers": ("chat", "teachers"),
    }


def test_preschool_class_teacher_has_no_students_or_teachers_chat() -> None:
    got = codes(default_plan().items_for("class_teacher", "preschool"))
    assert "chat_students" not in got
    assert "chat_teachers" not in got
    for code in ("chat_parents", "chats_newcomers", "parents_meeting", "help_families"):
        assert code in got


def test_extra_class_teacher_gets_students_chat_but_no_meeting() -> None:
    got = codes(default_plan().items_for("class_teacher", "extra"))
    assert "chat_students" in got and "chat_parents" in got
    assert "chat_teachers" not in got
    assert "parents_meeting" not in got  # K 2.8 is for ОУ, K 2.4 for ДОУ only
    assert "help_families" in got


def test_staff_and_teachers_get_no_class_teacher_items() -> None:
    plan = default_plan()
    for role in ("staff", "teacher", "admin"):
        for kind in KINDS:
            got = set(codes(plan.items_for(role, kind)))
            assert not got & set(CLASS_TEACHER_ONLY), (role, kind)
    staff = codes(plan.items_for("staff", "school"))
    assert staff == [c for c in codes(list(plan.items)) if c in EVERY_EMPLOYEE]
    assert "chats_moved" in codes(plan.items_for("teacher", "preschool"))


def test_admin_gets_school_scope_items() -> None:
    plan = default_plan()
    school = codes(plan.school_items_for("school"))
    assert set(school) == {*SCHOOL_SCOPE, *RECURRING}
    preschool = codes(plan.school_items_for("preschool"))
    assert "chat_student_council" not in preschool
    assert set(preschool) == {*SCHOOL_SCOPE, *RECURRING} - {"chat_student_council"}
    for item in plan.items:
        if item.scope == "school":
            assert item.roles == frozenset({"admin"})
    admin_all = codes(plan.items_for("admin", "school"))
    admin_personal = codes(plan.personal_items_for("admin", "school"))
    assert set(admin_all) == set(admin_personal) | set(school)
    assert not set(admin_personal) & set(school)
    assert "school_order" in admin_all and "sferum_join" in admin_all
    # nobody else gets school-level items
    for role in ("class_teacher", "teacher", "staff"):
        assert not set(codes(plan.items_for(role, "school"))) & set(SCHOOL_SCOPE)


def test_campaign_school_items_deadlines_and_refs() -> None:
    plan = builtin_plan(CAMPAIGN)
    expected = {
        "school_order": ("1.5", NOV30),
        "local_acts": ("1.6", NOV30),
        "site_info": ("1.8", NOV30),
        "elearning_order": ("1.9", NOV30),
        "admin_training": ("2.1", DEC30),
        "staff_training": ("2.3", NOV30),
        "revoke_invites": ("2.3", None),
        "official_channel": ("п. 1 ", None),
    }
    for code, (ref_part, deadline) in expected.items():
        item = plan.item(code)
        assert item is not None, code
        assert ref_part in item.ref, (code, item.ref)
        assert item.deadline == deadline, code


def test_items_for_keeps_plan_order() -> None:
    plan = default_plan()
    order = codes(list(plan.items))
    for role in ROLES:
        for kind in KINDS:
            got = codes(plan.items_for(role, kind))
            assert got == sorted(got, key=order.index)
    assert order.index("school_order") < order.index("order_read")
    assert order.index("max_phone") < order.index("max_web") < order.index("sferum_profile")


def test_campaign_kpi_targets() -> None:
    plan = builtin_plan(CAMPAIGN)
    stages = {k.indicator: [(s.by.isoformat(), s.percent) for s in k.stages] for k in plan.kpi}
    assert stages == {
        "registered": [("2025-11-30", 75.0)],
        "staff_weekly": [("2025-11-30", 15.0), ("2025-12-30", 75.0), ("2026-05-31", 100.0)],
        "students_parents_weekly": [("2025-11-30", 5.0), ("2025-12-30", 30.0)],
    }
    staff = plan.kpi_for("staff_weekly")
    assert staff is not None
    assert staff.target_on(datetime.date(2025, 12, 1)) == KpiStage(by=DEC30, percent=75)
    assert staff.target_on(datetime.date(2026, 6, 1)) is None


def test_support_contacts_are_mentioned() -> None:
    text = " ".join(it.howto for it in default_plan().items)
    assert "https://max.ru/sferum_help" in text
    assert "info@sferum.ru" in text
    assert "prof-sferum.ru" in text


# --- the model on its own ---------------------------------------------------------------------


def _item(**over: object) -> Item:
    fields: dict[str, object] = {
        "code": "x_item",
        "ref": "п. 1",
        "title": "Заголовок",
        "howto": "Текст",
        "roles": frozenset({"teacher"}),
        "kinds": frozenset({"school"}),
        "scope": "personal",
    }
    fields.update(over)
    return Item(**fields)


def test_item_model_rules() -> None:
    item = _item()
    assert item.deadline is None and item.evidence == "self" and item.chat_purpose is None
    assert item.applies_to("teacher", "school")
    assert not item.applies_to("teacher", "preschool")
    assert not item.applies_to("staff", "school")
    with pytest.raises(pydantic.ValidationError):
        item.title = "другое"  # frozen
    with pytest.raises(pydantic.ValidationError, match="scope"):
        _item(scope="school")
    with pytest.raises(pydantic.ValidationError, match="unknown role 'director'"):
        _item(roles=frozenset({"director"}))
    with pytest.raises(pydantic.ValidationError, match="chat_purpose"):
        _item(evidence="chat")
    with pytest.raises(pydantic.ValidationError, match="chat_purpose"):
        _item(chat_purpose="parents")
    with pytest.raises(pydantic.ValidationError, match='"channel" needs scope'):
        _item(evidence="channel")
    assert _item(evidence="channel", scope="school", roles=frozenset({"admin"})).evidence == (
        "channel"
    )
    with pytest.raises(pydantic.ValidationError):
        _item(code="Bad-Code")
    with pytest.raises(pydantic.ValidationError):
        _item(title="x" * 81)


def test_plan_and_kpi_model_rules() -> None:
    with pytest.raises(pydantic.ValidationError, match="duplicate"):
        Plan(name="n", source="s", items=(_item(), _item()))
    with pytest.raises(pydantic.ValidationError, match="date order"):
        KpiTarget(
            indicator="registered",
            title="t",
            stages=(KpiStage(by=DEC30, percent=10), KpiStage(by=NOV30, percent=20)),
        )
    with pytest.raises(pydantic.ValidationError):
        KpiStage(by=NOV30, percent=101)


# --- broken plan files ------------------------------------------------------------------------

HEADER = 'name = "Тест"\nsource = "тест"\n'


def item_toml(code: str | None = "xx", **over: str) -> str:
    """One [[items]] table; ``over`` maps a field to its raw TOML value (None-like "" drops it)."""
    fields = {
        "code": f'"{code}"' if code is not None else "",
        "ref": '"п. 1"',
        "title": '"Заголовок"',
        "howto": '"Как сделать"',
        "roles": '["teacher"]',
        "kinds": '["school"]',
        "scope": '"personal"',
    }
    fields.update(over)
    lines = [f"{key} = {value}" for key, value in fields.items() if value != ""]
    return "\n[[items]]\n" + "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(path: Path) -> str:
    problems = check_plan(path)
    assert len(problems) == 1, problems
    return problems[0]


def test_minimal_plan_loads_with_both_date_forms(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + item_toml("aa", deadline="2025-11-30")
        + item_toml("bb", deadline='"2025-12-30"')
        + item_toml("cc"),
    )
    assert check_plan(path) == []
    plan = load_plan(str(path))
    assert [it.deadline for it in plan.items] == [NOV30, DEC30, None]
    assert plan.kpi == ()


def test_bad_date(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("safe_mode", deadline='"2025-13-01"'))
    assert only_problem(path) == (
        f'{path}: item "safe_mode": deadline "2025-13-01" is not a date (YYYY-MM-DD)'
    )


def test_datetime_instead_of_date(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("xx", deadline="2025-11-30T10:00:00"))
    msg = only_problem(path)
    assert msg.startswith(f'{path}: item "xx": deadline ') and "time of day" in msg


def test_unknown_role(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("xx", roles='["teacher", "director"]'))
    assert only_problem(path) == (
        f'{path}: item "xx": unknown role "director" '
        "(allowed: admin, class_teacher, teacher, staff)"
    )


def test_unknown_kind(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("xx", kinds='["college"]'))
    assert only_problem(path) == (
        f'{path}: item "xx": unknown kind "college" (allowed: school, preschool, extra)'
    )


def test_duplicate_code(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("dup") + item_toml("other") + item_toml("dup"))
    assert only_problem(path) == (
        f'{path}: item "dup" (items[2]): duplicate code, already used by items[0]'
    )


def test_missing_title(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("xx", title=""))
    assert only_problem(path) == f'{path}: item "xx": missing required field "title"'


def test_missing_code_is_named_by_position(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("aa") + item_toml(None))
    msg = only_problem(path)
    assert msg.startswith(f"{path}: items[1] (the 2nd [[items]] table): ")
    assert msg.endswith('missing required field "code"')


def test_bad_toml_reports_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '\n[[items]]\ncode = "x"\ntitle = "без кавычки\n')
    msg = only_problem(path)
    assert msg.startswith(f"{path}: line 6: TOML syntax error: ")
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert err.value.problems == [msg]


def test_unquoted_impossible_date_is_a_syntax_error_with_hint(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("xx", deadline="2025-13-01"))
    msg = only_problem(path)
    assert f"{path}: line " in msg and "TOML syntax error" in msg and "YYYY-MM-DD" in msg


def test_school_scope_for_teacher(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + item_toml("xx", scope='"school"'))
    msg = only_problem(path)
    assert msg.startswith(f'{path}: item "xx": scope "school" ')
    assert '["admin"]' in msg and '["teacher"]' in msg


def test_chat_purpose_consistency(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + item_toml("needs_purpose", evidence='"chat"')
        + item_toml("stray_purpose", chat_purpose='"parents"')
        + item_toml("bad_purpose", evidence='"chat"', chat_purpose='"pupils"')
        + item_toml("fine", evidence='"chat"', chat_purpose='"parents"'),
    )
    problems = check_plan(path)
    assert problems == [
        f'{path}: item "needs_purpose": evidence "chat" needs chat_purpose '
        "(one of: students, parents, teachers)",
        f'{path}: item "stray_purpose": chat_purpose is only allowed with evidence = "chat" '
        '(evidence here is "self")',
        f'{path}: item "bad_purpose": chat_purpose "pupils" is not one of: '
        "students, parents, teachers",
    ]


def test_unknown_field_bad_code_and_text_limits(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + item_toml("aa", dedline='"2025-11-30"')
        + item_toml("Bad-Code")
        + item_toml("bb", title='"' + "я" * 81 + '"', howto='"   "'),
    )
    problems = check_plan(path)
    assert problems == [
        f'{path}: item "aa": unknown field "dedline" (did you mean "deadline"?)',
        f'{path}: item "Bad-Code": code "Bad-Code" must be 2-24 characters: a lowercase Latin '
        'letter, then lowercase letters, digits or "_"',
        f'{path}: item "bb": title is too long (81 characters, at most 80)',
        f'{path}: item "bb": howto is empty',
    ]


def test_kpi_problems(tmp_path: Path) -> None:
    kpi = """
[[kpi]]
indicator = "staff_weekly"
title = "Сотрудники"
[[kpi.stages]]
by = 2025-12-30
percent = 75
[[kpi.stages]]
by = 2025-11-30
percent = 80
[[kpi.stages]]
by = 2026-05-31
percent = 120

[[kpi]]
indicator = "likes"
title = "Лайки"
[[kpi.stages]]
by = 2025-11-30
percent = 5
"""
    path = write(tmp_path, HEADER + item_toml("aa") + kpi)
    assert check_plan(path) == [
        f'{path}: kpi "staff_weekly": stages[1]: stages are not in date order: 2025-11-30 '
        "is not after 2025-12-30 of stages[0]",
        f'{path}: kpi "staff_weekly": stages[2]: percent 120 is out of range (0..100)',
        f'{path}: kpi "likes": indicator "likes" is not one of: '
        "registered, staff_weekly, students_parents_weekly",
    ]


def test_all_problems_are_collected_at_once(tmp_path: Path) -> None:
    text = (
        'name = "Тест"\n'  # source is missing
        'colour = "red"\n'
        + item_toml("one", deadline='"2025-13-01"', roles='["director"]')
        + item_toml("two", title="")
        + item_toml("one", scope='"school"')
        + item_toml(None)
    )
    path = write(tmp_path, text)
    problems = check_plan(path)
    expected = [
        f'{path}: unknown field "colour"',
        f'{path}: missing required field "source"',
        f'{path}: item "one": unknown role "director"',
        f'{path}: item "one": deadline "2025-13-01" is not a date (YYYY-MM-DD)',
        f'{path}: item "two": missing required field "title"',
        f'{path}: item "one" (items[2]): duplicate code, already used by items[0]',
        f'{path}: item "one": scope "school" is only for items done by the administrator',
        f"{path}: items[3] (the 4th [[items]] table): missing required field",
    ]
    assert len(problems) == len(expected), problems
    for want, got in zip(expected, problems, strict=True):
        assert got.startswith(want), (want, got)
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert err.value.problems == problems
    assert str(err.value).startswith(f"{len(problems)} problems in the plan:\n")


def test_structural_problems(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "items = [1]\nkpi = 3\n")
    assert check_plan(path) == [
        f"{path}: items[0]: is not a table; write each item as an [[items]] table",
        f"{path}: kpi must be an array of tables ([[kpi]]), not 3",
    ]
    path = write(tmp_path, HEADER)
    assert check_plan(path) == [
        f'{path}: missing required field "items" (add [[items]] tables)',
    ]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    msg = only_problem(path)
    assert msg.startswith(f"{path}: cannot read the file")
    with pytest.raises(PlanError):
        load_plan(path)


def test_parse_plan_from_text() -> None:
    text = default_plan_path().read_text(encoding="utf-8")
    assert parse_plan(text, "authority-1") == default_plan()
    broken = text.replace('code = "safe_mode"', 'code = "safe_mode"\ncolour = "red"', 1)
    with pytest.raises(PlanError) as err:
        parse_plan(broken, "authority-1")
    assert err.value.problems == [
        'authority-1: item "safe_mode": unknown field "colour" '
        "(allowed: code, ref, title, howto, roles, kinds, scope, deadline, due_days, every, day, "
        "evidence, chat_purpose, school, preschool, extra)"
    ]


def test_an_item_may_have_its_own_words_for_a_kind_of_organisation() -> None:
    plan = default_plan()
    school = plan.item("help_families", "school")
    kindergarten = plan.item("help_families", "preschool")
    assert school is not None and kindergarten is not None
    assert (school.ref, kindergarten.ref) == ("п. 2.9 дорожной карты", "п. 2.5 дорожной карты")
    assert "воспитанник" in kindergarten.title and "Ученикам" not in kindergarten.title
    # The lists for a kind carry its words; nothing a school reads speaks of kindergartens.
    assert kindergarten in plan.class_items_for("preschool")
    school_words = " ".join(
        f"{i.ref} {i.title} {i.howto}" for i in plan.items_for("class_teacher", "school")
    )
    assert "детском саду" not in school_words and "ДОУ" not in school_words
    assert kindergarten.worded("preschool") is kindergarten  # words are applied once


def test_a_kind_wording_is_checked(tmp_path: Path) -> None:
    text = default_plan_path().read_text(encoding="utf-8")
    broken = text.replace(
        "[items.preschool]  # K 2.5: the kindergarten's parents of pupils\n"
        'ref = "п. 2.5 дорожной карты"',
        '[items.preschool]\nref = ""\nwho = "x"',
        1,
    )
    assert broken != text
    with pytest.raises(PlanError) as err:
        parse_plan(broken, "p")
    problems = "\n".join(err.value.problems)
    assert 'item "help_families", [preschool]: unknown field "who"' in problems
    assert "ref" in problems
    not_for_it = text.replace(
        'kinds = ["school", "preschool"]\nscope = "class"\nevery = "year"',
        'kinds = ["school"]\nscope = "class"\nevery = "year"',
        1,
    )
    assert not_for_it != text
    with pytest.raises(PlanError) as err:
        parse_plan(not_for_it, "p")
    assert any('the item is not for kind "preschool"' in p for p in err.value.problems)


def test_file_with_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + item_toml("aa")).encode("utf-8"))
    assert check_plan(path) == []
