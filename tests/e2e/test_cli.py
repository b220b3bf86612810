"""The operator's CLI, run as a subprocess, and a join through the link it prints."""

from __future__ import annotations

import re
from pathlib import Path

from bot.plan import builtin_path
from storage.models import Authority
from tests.support.cli import cli_env, run_cli
from tests.support.db import session_on


async def test_setup_from_cli_then_join_through_printed_link(bot, fake, settings):
    env = cli_env(settings)  # no BOT_USERNAME: the CLI asks GET /me of the (fake) MAX API
    authority = await run_cli(
        "authority", "add", "--name", "УО Княжпогостский", "--tz", "Europe/Moscow", env=env
    )
    authority_id = authority.last_line
    assert authority_id.isdigit()
    school = await run_cli(
        "school",
        "add",
        "--authority",
        authority_id,
        "--name",
        "МАОУ СОШ №24",
        "--kind",
        "school",
        "--tz",
        "Europe/Moscow",
        "--staff",
        "40",
        "--students",
        "400",
        env=env,
    )
    school_id = school.last_line
    assert school_id.isdigit()
    invite = await run_cli(
        "invite",
        "--school",
        school_id,
        "--role",
        "class_teacher",
        "--class",
        "5А",
        "--uses",
        "1",
        "--days",
        "7",
        env=env,
    )
    link = invite.last_line
    match = re.fullmatch(r"https://max\.ru/sferum_roadmap_bot\?start=([A-Za-z0-9_-]{32,64})", link)
    assert match, link
    auth_invite = await run_cli(
        "invite", "--authority", authority_id, "--role", "authority", env=env
    )
    assert auth_invite.last_line != link and "start=" in auth_invite.last_line

    user = fake.user(4001, "Ирина")
    await user.start(match.group(1))
    assert "классный руководитель, класс 5А" in user.bot_texts()[-2]
    assert "Пункт 1 из" in user.bot_texts()[-1]


async def test_cli_errors_are_clear(settings):
    env = {**cli_env(settings), "BOT_USERNAME": "any_bot"}
    bad_tz = await run_cli(
        "authority", "add", "--name", "X", "--tz", "Mars/Base", env=env, check=False
    )
    assert bad_tz.returncode == 2 and "unknown time zone 'Mars/Base'" in bad_tz.stderr
    no_authority = await run_cli(
        "school",
        "add",
        "--authority",
        "999",
        "--name",
        "X",
        "--kind",
        "school",
        env=env,
        check=False,
    )
    assert no_authority.returncode == 2 and "no authority with id 999" in no_authority.stderr
    bad_kind = await run_cli(
        "school",
        "add",
        "--authority",
        "1",
        "--name",
        "X",
        "--kind",
        "college",
        env=env,
        check=False,
    )
    assert bad_kind.returncode == 2 and "invalid choice: 'college'" in bad_kind.stderr
    no_school = await run_cli("invite", "--school", "5", "--role", "teacher", env=env, check=False)
    assert no_school.returncode == 2 and "no school with id 5" in no_school.stderr


async def test_plan_check(tmp_path: Path, settings):
    env = cli_env(settings)
    ok = await run_cli("plan", "check", env=env)
    assert ok.returncode == 0 and "OK" in ok.stdout
    text = builtin_path("2025").read_text(encoding="utf-8")  # the plan with dates
    bad_date = tmp_path / "bad-date.toml"
    bad_date.write_text(
        text.replace('code = "safe_mode"', 'code = "safe_mode"\ndeadline_x = 1', 1).replace(
            "deadline = 2025-12-30", 'deadline = "2025-13-45"', 1
        ),
        encoding="utf-8",
    )
    result = await run_cli("plan", "check", str(bad_date), env=env, check=False)
    assert result.returncode == 1
    assert "bad-date.toml" in result.stderr and '"2025-13-45"' in result.stderr
    assert 'item "safe_mode"' in result.stderr  # the unknown field, by item
    bad_role = tmp_path / "bad-role.toml"
    bad_role.write_text(
        text.replace(
            'roles = ["admin", "class_teacher", "teacher", "staff"]', 'roles = ["director"]', 1
        ),
        encoding="utf-8",
    )
    result = await run_cli("plan", "check", str(bad_role), env=env, check=False)
    assert result.returncode == 1
    assert 'unknown role "director"' in result.stderr and "bad-role.toml: item" in result.stderr


async def test_authority_with_own_plan(tmp_path: Path, bot, fake, settings):
    env = {**cli_env(settings), "BOT_USERNAME": "any_bot"}
    broken = tmp_path / "plan.toml"
    broken.write_text('name = "x"\n[[items]]\ncode = "a"\n', encoding="utf-8")
    result = await run_cli(
        "authority",
        "add",
        "--name",
        "УО",
        "--tz",
        "Europe/Moscow",
        "--plan",
        str(broken),
        env=env,
        check=False,
    )
    assert result.returncode == 2 and "plan.toml" in result.stderr
    own = tmp_path / "own.toml"
    own.write_text(OWN_PLAN, encoding="utf-8")
    ok = await run_cli(
        "authority", "add", "--name", "УО", "--tz", "Europe/Moscow", "--plan", str(own), env=env
    )
    authority_id = ok.last_line
    school = await run_cli(
        "school", "add", "--authority", authority_id, "--name", "СОШ", "--kind", "school", env=env
    )
    invite = await run_cli("invite", "--school", school.last_line, "--role", "teacher", env=env)
    user = fake.user(4002, "Нина")
    await user.start(invite.last_line.split("start=")[1])
    assert "У вас 1 пункт." in user.bot_texts()[-2]
    assert "Единственный пункт" in user.bot_texts()[-1] and "до 31.12.2026" in user.bot_texts()[-1]


OWN_PLAN = """
name = "Свой план"
source = "тест"

[[items]]
code = "only_one"
ref = "п. 1"
title = "Единственный пункт"
howto = "Сделайте это."
roles = ["teacher"]
kinds = ["school"]
scope = "personal"
deadline = 2026-12-31
"""


async def test_plan_set_replaces_an_authoritys_plan_or_changes_nothing(tmp_path: Path, settings):
    env = cli_env(settings)
    added = await run_cli("authority", "add", "--name", "УО", "--tz", "Asia/Omsk", env=env)
    authority = added.stdout.strip().splitlines()[-1]
    campaign = await run_cli("plan", "set", "--authority", authority, "--builtin", "2025", env=env)
    assert "removed (3): weekly_kpi, monthly_report, sferum_structure" in campaign.stdout
    text = builtin_path("2025").read_text(encoding="utf-8")
    own = tmp_path / "own.toml"
    # the 2025 campaign's plan without its first item and with one new item
    first = text.index("[[items]]")
    second = text.index("[[items]]", first + 1)
    own.write_text(
        text[:first] + text[second:] + '\n[[items]]\ncode = "weekly_kpi"\nref = "п. 3.3"\n'
        'title = "Внесены показатели недели"\nhowto = "Внесите показатели."\nroles = ["admin"]\n'
        'kinds = ["school"]\nscope = "school"\nevery = "week"\nday = "friday"\n',
        encoding="utf-8",
    )
    result = await run_cli("plan", "set", "--authority", authority, str(own), env=env)
    assert "added (1): weekly_kpi" in result.stdout
    assert "removed (1): school_order" in result.stdout and "kept (" in result.stdout
    async with session_on(settings) as session:
        stored = await session.get(Authority, int(authority))
        assert stored is not None and stored.plan_toml == own.read_text(encoding="utf-8")

    # a bad file: the messages of `plan check`, exit 1, the stored plan unchanged
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('scope = "school"', 'scope = "school"\nevery = "fortnight"', 1))
    checked = await run_cli("plan", "check", str(bad), env=env, check=False)
    result = await run_cli("plan", "set", "--authority", authority, str(bad), env=env, check=False)
    assert result.returncode == 1 == checked.returncode
    assert 'every "fortnight" is not a period we know' in result.stderr
    assert result.stderr.splitlines()[:-1] == checked.stderr.splitlines()[:-1]
    assert "the plan was not changed" in result.stderr
    async with session_on(settings) as session:
        stored = await session.get(Authority, int(authority))
        assert stored is not None and stored.plan_toml == own.read_text(encoding="utf-8")
    missing = await run_cli("plan", "set", "--authority", "99", str(own), env=env, check=False)
    assert missing.returncode == 2 and "no authority with id 99" in missing.stderr

    # a built-in plan by name: the own file is dropped, the name stored, answers stay by code
    listed = await run_cli("plan", "list", env=env)
    assert "2025: " in listed.stdout and "2026-27: " in listed.stdout
    assert "(default)" in listed.stdout.splitlines()[-1]
    unknown = await run_cli(
        "plan", "set", "--authority", authority, "--builtin", "2024", env=env, check=False
    )
    assert unknown.returncode == 1 and "built-in plans: 2025, 2026-27" in unknown.stderr
    year = await run_cli("plan", "set", "--authority", authority, "--builtin", "2026-27", env=env)
    assert "added (3): school_order, monthly_report, sferum_structure" in year.stdout
    assert "removed (0): —" in year.stdout
    async with session_on(settings) as session:
        stored = await session.get(Authority, int(authority))
        assert stored is not None and stored.plan_toml is None
        assert stored.plan_name == "2026-27"
    both = await run_cli(
        "plan", "set", "--authority", authority, str(own), "--builtin", "2025", env=env,
        check=False,
    )  # fmt: skip
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
