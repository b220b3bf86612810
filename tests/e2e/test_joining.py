"""Joining by invite link: every outcome, through the real maxapi client and the fake MAX API."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from bot.clock import utcnow
from bot.services import setup
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import joining as joining_texts
from storage.models import Person
from tests.support.db import session_on
from tests.support.region import make_invite


async def people_rows(settings) -> list[Person]:
    async with session_on(settings) as session:
        return list(await session.scalars(select(Person).order_by(Person.id)))


async def test_valid_link_registers_greets_and_shows_first_item(bot, fake, world, settings):
    user = fake.user(1001, "Анна", "Петрова")
    await user.start(world.codes["teacher"])
    greeting, first = user.bot_texts()[-2:]
    assert "Здравствуйте, Анна!" in greeting
    assert "МАОУ СОШ №24" in greeting and "педагог" in greeting
    assert "Пункт 1 из" in first
    assert user.last_bot_message().labels() == [
        checklist_texts.BTN_DONE,
        checklist_texts.BTN_HELP,
        checklist_texts.BTN_NA,
        checklist_texts.BTN_CHECKLIST,
    ]
    [person] = await people_rows(settings)
    assert (person.max_user_id, person.name, person.role) == (1001, "Анна Петрова", "teacher")
    assert person.school_id == world.school_id


async def test_class_teacher_gets_class_label(bot, fake, world, settings):
    user = fake.user(1002, "Ирина")
    await user.start(world.codes["class_teacher"])
    assert "классный руководитель, класс 5А" in user.bot_texts()[-2]
    [person] = await people_rows(settings)
    assert person.class_label == "5А"


async def test_unknown_code_and_garbage_register_nobody(bot, fake, world, settings):
    user = fake.user(1003, "Пётр")
    await user.start("A" * 32)
    assert user.bot_texts()[-1] == joining_texts.JOIN_UNKNOWN
    await user.start("not a code!")
    assert user.bot_texts()[-1] == joining_texts.JOIN_UNKNOWN
    assert await people_rows(settings) == []


async def test_expired_link(bot, fake, world, settings):
    code = await make_invite(settings, school_id=world.school_id, role="teacher", days=1)
    user = fake.user(1004, "Олег")
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1), tick=True):
        await user.start(code)
    assert user.bot_texts()[-1] == joining_texts.JOIN_EXPIRED
    assert await people_rows(settings) == []


async def test_personal_link_is_used_up_after_one_person(bot, fake, world, settings):
    code = await make_invite(settings, school_id=world.school_id, role="teacher", uses=1)
    first, second = fake.user(1005, "Вера"), fake.user(1006, "Глеб")
    await first.start(code)
    assert "Здравствуйте, Вера!" in first.bot_texts()[-2]
    await second.start(code)
    assert second.bot_texts()[-1] == joining_texts.JOIN_USED_UP
    # The owner opening their own link again is welcomed back, not refused.
    await first.start(code)
    assert joining_texts.welcome_back("Вера") in first.bot_texts()
    assert [p.max_user_id for p in await people_rows(settings)] == [1005]


async def test_revoked_link(bot, fake, world, settings):
    code = await make_invite(settings, school_id=world.school_id, role="staff")
    async with session_on(settings) as session:
        assert await setup.revoke_invite(session, code, now=utcnow())
        await session.commit()
    user = fake.user(1007, "Дина")
    await user.start(code)
    assert user.bot_texts()[-1] == joining_texts.JOIN_REVOKED
    assert await people_rows(settings) == []


async def test_second_link_updates_instead_of_duplicating(bot, fake, world, settings):
    user = fake.user(1008, "Елена")
    await user.start(world.codes["teacher"])
    await user.start(world.codes["class_teacher"])
    assert "ваши данные обновлены" in user.bot_texts()[-2]
    [person] = await people_rows(settings)
    assert (person.role, person.class_label) == ("class_teacher", "5А")


async def test_start_without_code(bot, fake, world):
    stranger = fake.user(1009, "Кирилл")
    await stranger.start()
    assert stranger.bot_texts()[-1] == joining_texts.START_STRANGER
    await stranger.send("/start")
    assert stranger.bot_texts()[-1] == joining_texts.START_STRANGER


async def test_start_command_with_code_joins_too(bot, fake, world, settings):
    user = fake.user(1010, "Лидия")
    await user.send(f"/start {world.codes['staff']}")
    assert "Здравствуйте, Лидия!" in user.bot_texts()[-2]
    [person] = await people_rows(settings)
    assert person.role == "staff"


async def test_authority_joins_and_is_welcomed(bot, fake, world):
    user = fake.user(1011, "Марина")
    await user.start(world.codes["authority"])
    assert "УО Княжпогостский" in user.bot_texts()[-1]
