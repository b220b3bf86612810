"""The authority's schools from inside MAX: list, card, admin invite, progress, add."""

from __future__ import annotations

from sqlalchemy import select

from bot.clock import utcnow
from bot.services import setup
from bot.ui import texts
from bot.ui.keyboards.schools import SchoolCb
from bot.ui.texts import schools as t
from storage.models import Audit, School


async def test_schools_card_admin_link_and_progress(bot, fake, world):
    inspector = fake.user(9601, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/schools")
    listing = inspector.last_bot_message()
    assert "1. МАОУ СОШ №24 (ОУ) — 0 человек" in listing.text
    assert listing.labels() == [
        "🏫 МАОУ СОШ №24", "🏫 МБДОУ Детский сад №3", t.BTN_ADD_SCHOOL
    ]  # fmt: skip
    await inspector.press("🏫 МАОУ СОШ №24")
    assert "ещё не присоединился" in inspector.last_bot_message().text
    await inspector.press(t.BTN_ADMIN_LINK)
    link = inspector.bot_texts()[-1].split("\n\n")[1]
    assert link.startswith("https://max.ru/sferum_roadmap_bot?start=")
    director = fake.user(9602, "Директор")
    await director.start(link.split("start=")[1])
    assert "ответственный администратор" in director.bot_texts()[-2]
    await inspector.send("/schools")
    await inspector.press("🏫 МАОУ СОШ №24")
    assert "Ответственный администратор: Директор" in inspector.last_bot_message().text
    await inspector.press(t.BTN_SCHOOL_PROGRESS)
    assert "МАОУ СОШ №24</b> — прогресс" in inspector.last_bot_message().text


async def test_add_school_from_the_bot(bot, fake, world):
    inspector = fake.user(9603, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/addschool")
    await inspector.press("УДО")
    await inspector.send("ДЮСШ")  # too short? no: 4 characters is fine
    assert "Школа «ДЮСШ» добавлена" in inspector.bot_texts()[-1]
    await inspector.send("/addschool")
    await inspector.press("ОУ")
    await inspector.send("ab")
    assert inspector.bot_texts()[-1] == t.ADDSCHOOL_BAD_NAME
    await inspector.send("МОУ СОШ №7 с. Туръя")
    async with bot.app.sessionmaker() as session:
        rows = (await session.execute(select(School.name, School.kind, School.tz))).all()
    assert ("ДЮСШ", "extra", "Europe/Moscow") in rows
    assert ("МОУ СОШ №7 с. Туръя", "school", "Europe/Moscow") in rows


async def test_other_authorities_schools_and_other_roles_are_refused(bot, fake, world):
    async with bot.app.sessionmaker() as session:
        other = await setup.add_authority(
            session, name="УО Другой", tz="Asia/Yekaterinburg", plan_toml=None, now=utcnow()
        )
        foreign = await setup.add_school(
            session, authority_id=other, name="Чужая школа", kind="school", tz=None,
            staff=None, students=None, now=utcnow(),
        )  # fmt: skip
        await session.commit()
    inspector = fake.user(9604, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/schools")  # a message with buttons to press forged payloads on
    for act in ("open", "link", "progress"):
        await inspector.press_payload(SchoolCb(act=act, school_id=foreign).pack(), message=None)
        assert inspector.notifications()[-1] == texts.FORBIDDEN_OBJECT
    assert not any("start=" in (x or "") for x in inspector.bot_texts())
    async with bot.app.sessionmaker() as session:
        refusals = await session.scalars(select(Audit).where(Audit.action == "forbidden"))
        assert len(list(refusals)) == 3
    admin = fake.user(9605, "Директор")
    await admin.start(world.codes["admin"])
    for command in ("/schools", "/addschool"):
        await admin.send(command)
        assert admin.bot_texts()[-1] == texts.NOT_ALLOWED
    await admin.press_payload(SchoolCb(act="link", school_id=world.school_id).pack(), message=None)
    assert admin.notifications()[-1] == texts.NOT_ALLOWED


async def test_addschool_asks_the_zone_and_the_declared_totals(bot, fake, world):
    inspector = fake.user(9611, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/addschool")
    assert t.BTN_CANCEL in inspector.last_bot_message().labels()
    await inspector.press(t.BTN_CANCEL)
    assert t.ADDSCHOOL_CANCELLED in inspector.last_bot_message().text
    await inspector.send("/addschool")
    await inspector.press("ОУ")
    await inspector.send("МБОУ СОШ №1 г. Омска")
    ask = inspector.last_bot_message()
    assert "В каком часовом поясе" in ask.text and "Омск +6" in ask.labels()
    assert "Калининград +2" in ask.labels() and "Камчатка +12" in ask.labels()
    await inspector.press("Омск +6")
    assert "Часовой пояс: Омск (UTC+6)" in inspector.last_bot_message().text
    for bad in ("0", "-5", "много", "1000000"):
        await inspector.send(bad)
        assert inspector.bot_texts()[-1] == t.ADDSCHOOL_BAD_TOTAL
    await inspector.send("48")
    assert inspector.bot_texts()[-1] == t.ASK_STUDENTS
    await inspector.press(t.BTN_SKIP)
    assert "Школа «МБОУ СОШ №1 г. Омска» добавлена" in inspector.last_bot_message().text
    async with bot.app.sessionmaker() as session:
        row = (
            await session.execute(
                select(School.tz, School.declared_staff, School.declared_students).where(
                    School.name == "МБОУ СОШ №1 г. Омска"
                )
            )
        ).one()
    assert tuple(row) == ("Asia/Omsk", 48, None)

    await inspector.send("/addschool")
    await inspector.press("ДОУ")
    await inspector.send("Детский сад №5")
    await inspector.press(t.keep_zone("Europe/Moscow"))
    await inspector.send("25")  # a preschool: no students asked
    assert "Школа «Детский сад №5» добавлена" in inspector.bot_texts()[-1]
    async with bot.app.sessionmaker() as session:
        row = (
            await session.execute(
                select(School.tz, School.declared_staff).where(School.name == "Детский сад №5")
            )
        ).one()
    assert tuple(row) == ("Europe/Moscow", 25)
