"""People who leave (issue 12 §5) and roster links that join their row (§6), end to end
through the real bot and the fake MAX API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.cli.common import EXIT_BAD_INPUT
from bot.clock import utcnow
from bot.services import digest, kpi
from bot.services.authority import authority_figures
from bot.services.export import export_authority
from bot.services.progress import progress_of_school
from bot.services.staff import seen_state
from bot.ui import texts
from bot.ui.keyboards.staff import StaffLeaveCb, StaffTotalCb
from bot.ui.texts import staff as t
from storage.models import Audit, Authority, Outbox, Person, RosterEntry, School
from tests.support.cli import cli_env, run_cli
from tests.support.roster import HEADER, csv_bytes, sheet_rows


@pytest.fixture
def noon() -> Iterator[datetime]:
    """The next Tuesday noon (Moscow) after the world's invites were made (they live 30 days):
    an invite made before a person was marked as gone is then truly older than the mark."""
    day = utcnow().date() + timedelta(days=1)
    while day.weekday() != 1:
        day += timedelta(days=1)
    moment = datetime.combine(day, time(9, 0), UTC)
    with time_machine.travel(moment, tick=True):
        yield moment


def person_button(user, name: str) -> str:
    """The staff list's button of a person, whatever their status icon."""
    [label] = [x for x in user.last_bot_message().labels() if x.split(" ", 1)[-1] == name]
    return label


async def _members(session, school_id: int) -> list[Person]:
    from storage.repo.people import members_of

    return await members_of(session, school_id)


async def person_of(bot, user_id: int) -> Person:
    async with bot.app.sessionmaker() as session:
        person = await session.scalar(select(Person).where(Person.max_user_id == user_id))
        assert person is not None
        return person


async def figures(bot, school_id: int, authority_id: int) -> dict[str, object]:
    """What every figure of the school counts: progress, digest, kpi, the authority's rating
    and its export."""
    now = utcnow()
    async with bot.app.sessionmaker() as session:
        school = await session.get(School, school_id)
        authority = await session.get(Authority, authority_id)
        assert school is not None and authority is not None
        progress = await progress_of_school(session, school, now)
        weekly = await digest.school_digest(session, school, now)
        view = await kpi.kpi_view(session, school, now)
        _, rated = await authority_figures(session, authority, now)
        [here] = [s for s in rated if s.school.id == school_id]
        exported = await export_authority(session, authority, now, actor="cli")
        await session.rollback()
    return {
        "progress": progress.people,
        "names": sorted(m.name for m in await _members(session, school_id)),
        "digest_has_leaver": "Учитель Уходящий" in weekly.text,
        "kpi_joined": view.joined,
        "authority": here.progress.people,
        "export_bytes": len(exported.data) > 0,
    }


async def test_admin_marks_a_person_as_gone_with_confirmation_and_back(bot, fake, world, noon):
    admin = fake.user(8101, "Директор")
    await admin.start(world.codes["admin"])
    stays = fake.user(8102, "Учитель", "Остающийся")
    await stays.start(world.codes["teacher"])
    leaver = fake.user(8103, "Учитель", "Уходящий")
    await leaver.start(world.codes["teacher"])
    before = await figures(bot, world.school_id, world.authority_id)
    assert before["progress"] == 3 and before["kpi_joined"] == 3 and before["authority"] == 3
    assert "Учитель Уходящий" in before["names"]  # type: ignore[operator]

    await admin.send("/staff")
    await admin.press(person_button(admin, "Учитель Уходящий"))
    assert t.BTN_LEFT in admin.last_bot_message().labels()
    await admin.press(t.BTN_LEFT)
    ask = admin.last_bot_message()
    assert "больше не работает в школе?" in ask.text
    assert ask.labels() == [t.BTN_LEFT_YES, t.BTN_LEFT_NO]
    await admin.press(t.BTN_LEFT_NO)
    assert t.LEFT_CANCELLED in admin.last_bot_message().text
    assert (await person_of(bot, 8103)).left_at is None

    await admin.press(t.BTN_LEFT)
    await admin.press(t.BTN_LEFT_YES)
    done = admin.last_bot_message()
    assert "Отмечено: Учитель Уходящий больше не работает в школе" in done.text
    assert t.BTN_BACK_TO_WORK in done.labels()
    gone = await person_of(bot, 8103)
    assert gone.left_at is not None
    async with bot.app.sessionmaker() as session:
        [row] = (await session.scalars(select(Audit).where(Audit.action == "staff.left"))).all()
        assert row.details["target"] == gone.id

    # Out of every figure; their answers stay.
    after = await figures(bot, world.school_id, world.authority_id)
    assert after["progress"] == 2 and after["kpi_joined"] == 2 and after["authority"] == 2
    assert "Учитель Уходящий" not in after["names"]  # type: ignore[operator]
    assert after["digest_has_leaver"] is False

    # The staff list shows them under «Больше не работают» only.
    await admin.send("/staff")
    listing = admin.last_bot_message()
    assert "в боте: 2" in listing.text and "Уходящий" not in listing.text
    await admin.press(t.filter_button("left", 1, False))
    assert "Учитель Уходящий" in admin.last_bot_message().text

    # The person who left is told so, whatever they do, and gets no reminder.
    await leaver.send("/checklist")
    assert leaver.bot_texts()[-1] == texts.LEFT_SCHOOL
    await leaver.send("привет")
    assert leaver.bot_texts()[-1] == texts.LEFT_SCHOOL
    await leaver.start(None)
    assert leaver.bot_texts()[-1] == texts.LEFT_SCHOOL
    await leaver.start(world.codes["teacher"])  # the school's old link does not bring them back
    assert leaver.bot_texts()[-1] == texts.LEFT_SCHOOL
    assert (await person_of(bot, 8103)).left_at is not None
    morning = noon + timedelta(days=21) - timedelta(hours=2)  # past the grace: reminders due
    await bot.app.ticker.tick(morning)
    async with bot.app.sessionmaker() as session:
        keys = list(await session.scalars(select(Outbox.key)))
    stays_id = (await person_of(bot, 8102)).id
    assert any(k.startswith(f"remind:{stays_id}:") for k in keys)
    assert not any(k.startswith(f"remind:{gone.id}:") for k in keys)
    assert not [x for x in leaver.bot_texts() if x and ("Напоминание" in x or "🔔" in x)]

    # Stale and foreign buttons.
    await admin.press_payload(
        StaffLeaveCb(admin_id=(await person_of(bot, 8101)).id, person_id=gone.id, act="yes",
                     seen="w", status_filter="all").pack()
    )  # fmt: skip
    assert admin.notifications()[-1] == t.LEFT_STALE

    # Undo: «Вернуть».
    await admin.send("/staff")
    await admin.press(t.filter_button("left", 1, False))
    await admin.press("🚪 Учитель Уходящий")
    await admin.press(t.BTN_BACK_TO_WORK)
    assert "снова в списке сотрудников" in admin.last_bot_message().text
    back = await person_of(bot, 8103)
    assert back.left_at is None and seen_state(back) == "w"
    assert (await figures(bot, world.school_id, world.authority_id))["progress"] == 3

    # An administrator cannot mark themselves: their own page has no such button.
    await admin.send("/staff")
    await admin.press(person_button(admin, "Директор"))
    assert t.BTN_LEFT not in admin.last_bot_message().labels()
    me = await person_of(bot, 8101)
    await admin.press_payload(
        StaffLeaveCb(admin_id=me.id, person_id=me.id, act="yes", seen="w",
                     status_filter="all").pack()
    )  # fmt: skip
    assert admin.notifications()[-1] == t.LEFT_SELF


async def test_a_person_who_left_can_still_be_forgotten(bot, fake, world, noon):
    admin = fake.user(8201, "Директор")
    await admin.start(world.codes["admin"])
    leaver = fake.user(8202, "Учитель", "Уходящий")
    await leaver.start(world.codes["teacher"])
    await admin.send("/staff")
    await admin.press(person_button(admin, "Учитель Уходящий"))
    await admin.press(t.BTN_LEFT)
    await admin.press(t.BTN_LEFT_YES)
    await leaver.send("/forget_me")
    await leaver.press(leaver.last_bot_message().labels()[0])
    async with bot.app.sessionmaker() as session:
        assert await session.scalar(select(Person).where(Person.max_user_id == 8202)) is None
        forgotten = await session.scalar(select(Audit).where(Audit.action == "forget"))
        assert forgotten is not None


async def test_joining_by_a_roster_link_links_the_row(bot, fake, world, noon):
    admin = fake.user(8301, "Директор")
    await admin.start(world.codes["admin"])
    await admin.send_file(
        "staff.csv", csv_bytes(HEADER, "Иванова Анна Петровна;учитель математики;учитель;")
    )
    [row] = sheet_rows(fake.uploads[-1].data)[1:]
    code = row[4].split("start=", 1)[1]
    anna = fake.user(8302, "Аня")  # her MAX name differs from the roster's ФИО
    await anna.start(code)

    person = await person_of(bot, 8302)
    assert person.name == "Иванова Анна Петровна"
    async with bot.app.sessionmaker() as session:
        entry = await session.scalar(
            select(RosterEntry).where(RosterEntry.school_id == world.school_id)
        )
        assert entry is not None and entry.person_id == person.id

    await admin.send("/staff")
    listing = admin.last_bot_message().text
    assert t.STAFF_TITLES["not_joined"] not in listing.split("\n\n")[0]  # nobody left to join
    assert "Новый сотрудник" not in listing and "Аня" not in listing
    assert "Иванова Анна Петровна" in " ".join(admin.last_bot_message().labels())
    await admin.press(t.filter_button("not_joined", 0, False))
    assert "Иванова" not in admin.last_bot_message().text

    await admin.send("/invites")
    invites = admin.last_bot_message().text
    assert "Иванова" not in invites  # not among «Действующие»
    assert "Использованы (по ним уже зарегистрировались): 1" in invites


# --- declared totals (issue 12 §5) ----------------------------------------------------------


async def declared(bot, school_id: int) -> tuple[int | None, int | None]:
    async with bot.app.sessionmaker() as session:
        school = await session.get(School, school_id)
        assert school is not None
        return school.declared_staff, school.declared_students


async def test_admin_changes_declared_totals_and_bad_input_changes_nothing(bot, fake, world, noon):
    admin = fake.user(8401, "Директор")
    await admin.start(world.codes["admin"])
    await admin.send("/staff")
    assert "По штату: 40 · учащихся: 400" in admin.last_bot_message().text
    await admin.press(t.BTN_TOTAL_STAFF)
    assert "от 1 до 10000" in admin.bot_texts()[-1]
    for bad in ("0", "-5", "много", "1000000", "4,5"):
        await admin.send(bad)
        assert admin.bot_texts()[-1] == t.total_bad("staff")
        assert await declared(bot, world.school_id) == (40, 400)
    await admin.send("45")
    assert admin.bot_texts()[-1] == t.total_saved("staff", 45)
    await admin.send("/staff")
    await admin.press(t.BTN_TOTAL_STUDENTS)
    await admin.send("1 200")
    assert await declared(bot, world.school_id) == (45, 1200)
    async with bot.app.sessionmaker() as session:
        rows = (await session.scalars(select(Audit).where(Audit.action == "school.set"))).all()
    assert [r.details for r in rows] == [
        {"school_id": world.school_id, "declared_staff": 45},
        {"school_id": world.school_id, "declared_students": 1200},
    ]
    teacher = fake.user(8402, "Учитель")
    await teacher.start(world.codes["teacher"])
    mine = (await person_of(bot, 8402)).id
    await teacher.press_payload(StaffTotalCb(person_id=mine, what="staff").pack())
    assert teacher.notifications()[-1] == texts.NOT_ALLOWED
    assert await declared(bot, world.school_id) == (45, 1200)


async def test_cli_school_set(bot, settings, world):
    env = cli_env(settings)
    ok = await run_cli(
        "school", "set", str(world.school_id), "--staff", "52", "--students", "610",
        "--tz", "Asia/Omsk", env=env,
    )  # fmt: skip
    assert "declared_staff: 52" in ok.stdout and "tz: Asia/Omsk" in ok.stdout
    assert await declared(bot, world.school_id) == (52, 610)
    for args, message in [
        (["--staff", "0"], "--staff must be a whole number 1..10000"),
        (["--students", "1000000"], "--students must be a whole number 1..10000"),
        (["--tz", "Mars/Olympus"], "unknown time zone"),
        ([], "nothing to change"),
    ]:
        bad = await run_cli("school", "set", str(world.school_id), *args, env=env, check=False)
        assert bad.returncode == EXIT_BAD_INPUT and message in bad.stderr
    missing = await run_cli("school", "set", "999", "--staff", "5", env=env, check=False)
    assert missing.returncode == EXIT_BAD_INPUT and "no school with id 999" in missing.stderr
    notnum = await run_cli("school", "set", str(world.school_id), "--staff", "x", env=env,
                           check=False)  # fmt: skip
    assert notnum.returncode == 2
    assert await declared(bot, world.school_id) == (52, 610)
