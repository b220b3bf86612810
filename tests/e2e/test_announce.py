"""Announcements: preview, confirmation, exactly the chosen people, delivery count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from bot.ui import texts
from bot.ui.keyboards.announce import AnnounceCb
from bot.ui.texts import announce as t
from bot.ui.texts import common as common_texts
from storage.models import Announcement, Outbox
from tests.support.region import make_invite

pytestmark = pytest.mark.usefixtures("weekday_noon")

TEXT = "Завтра в 15:00 совещание в актовом зале."


async def join_school(fake, world, settings):
    admin = fake.user(9501, "Директор")
    await admin.start(world.codes["admin"])
    people = {}
    for uid, name, key in [
        (9502, "Учитель1", "teacher"),
        (9503, "Учитель2", "teacher"),
        (9504, "Классрук5А", "class_teacher"),
        (9505, "Завхоз", "staff"),
    ]:
        people[uid] = fake.user(uid, name)
        await people[uid].start(world.codes[key])
    code_6b = await make_invite(
        settings, school_id=world.school_id, role="class_teacher", class_label="6Б"
    )
    people[9506] = fake.user(9506, "Классрук6Б")
    await people[9506].start(code_6b)
    dou = fake.user(9507, "Воспитатель")
    await dou.start(world.codes["dou_class_teacher"])
    people[9507] = dou
    return admin, people


def got(user, text: str = TEXT) -> bool:
    """The person got the announcement (a header, then exactly `text`)."""
    return received(user, text) > 0


def received(user, text: str = TEXT) -> int:
    return sum((x or "").endswith("\n\n" + text) for x in user.bot_texts())


async def test_admin_announces_to_a_role_after_preview(bot, fake, world, settings):
    admin, people = await join_school(fake, world, settings)
    await admin.send("/announce")
    await admin.press("Педагогам")
    assert "Напишите текст" in admin.last_bot_message().text
    await admin.send(TEXT)
    preview = admin.last_bot_message()
    assert "получат 2 человека" in preview.text
    header = t.announcement(TEXT, "Директор", "администратор школы")
    assert header.startswith("📣 <b>Объявление</b> · Директор, администратор школы\n\n")
    assert header in preview.text  # the author sees what the recipients will get
    assert not any(got(u) for u in people.values())  # nothing before the confirmation
    await admin.press(f"{t.BTN_SEND} (2)")
    assert admin.bot_texts()[-1] == t.announce_final(2, 2, TEXT)
    assert admin.bot_texts().count(t.announce_final(2, 2, TEXT)) == 1
    assert [uid for uid, u in people.items() if got(u)] == [9502, 9503]
    assert people[9502].bot_texts()[-1] == header
    # Pressing «Отправить» again sends nothing more.
    await admin.press_payload(preview.buttons[0][0]["payload"], message=preview)
    assert admin.notifications()[-1] == t.ANNOUNCE_ALREADY
    assert sum(received(u) for u in people.values()) == 2


async def test_admin_announces_to_one_class_teacher_and_to_all(bot, fake, world, settings):
    admin, people = await join_school(fake, world, settings)
    await admin.send("/announce")
    await admin.press(t.BTN_CLASS)
    assert admin.last_bot_message().labels() == ["5А", "6Б"]
    await admin.press("6Б")
    await admin.send(TEXT)
    await admin.press(t.BTN_SEND)
    assert [uid for uid, u in people.items() if got(u)] == [9506]
    await admin.send("/announce")
    await admin.press("Всем сотрудникам школы")
    await admin.send(TEXT + " (всем)")
    await admin.press(t.BTN_SEND)
    reached = [uid for uid, u in people.items() if got(u, TEXT + " (всем)")]
    assert reached == [9502, 9503, 9504, 9505, 9506]  # not the ДОУ, not the author
    assert TEXT + " (всем)" not in admin.bot_texts()[:-1]


async def test_cancel_and_empty_text(bot, fake, world, settings):
    admin, people = await join_school(fake, world, settings)
    await admin.send("/announce")
    await admin.press("Сотрудникам (не педагогам)")
    await admin.press(t.BTN_CANCEL)
    assert admin.last_bot_message().text == t.ANNOUNCE_CANCEL_CONFIRM  # asks first
    await admin.press(t.BTN_CANCEL_NO)
    assert "Напишите текст" in admin.last_bot_message().text  # the draft stays
    await admin.send(TEXT)
    await admin.press(t.BTN_CANCEL)  # on the preview
    assert admin.last_bot_message().text == t.ANNOUNCE_CANCEL_CONFIRM
    await admin.press(t.BTN_CANCEL_NO)
    assert "Предпросмотр" in admin.last_bot_message().text
    await admin.press(t.BTN_CANCEL)
    await admin.press(t.BTN_CANCEL_YES)
    assert admin.last_bot_message().text == t.ANNOUNCE_CANCELLED
    await admin.send(TEXT)  # no longer waiting: a hint, nothing sent
    assert admin.bot_texts()[-1] == common_texts.HINT
    assert not any(got(u) for u in people.values())
    async with bot.app.sessionmaker() as session:
        assert list(await session.scalars(select(Announcement))) == []


async def test_authority_announces_to_all_admins(bot, fake, world, settings):
    _, people = await join_school(fake, world, settings)
    dou_admin = fake.user(9510, "Заведующая")
    await dou_admin.start(world.codes["dou_admin"])
    inspector = fake.user(9511, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/announce")
    assert inspector.last_bot_message().labels() == [
        "Администраторам всех школ",
        "Всем сотрудникам всех школ",
    ]
    await inspector.press("Администраторам всех школ")
    await inspector.send(TEXT)
    await inspector.press(t.BTN_SEND)
    assert inspector.bot_texts()[-1] == t.announce_final(2, 2, TEXT)
    assert got(dou_admin) and got(fake.user(9501, "Директор"))
    assert dou_admin.bot_texts()[-1].startswith("📣 <b>Объявление</b> · Инспектор, управление")
    assert not any(got(u) for u in people.values())


async def test_others_cannot_announce(bot, fake, world, settings):
    admin, people = await join_school(fake, world, settings)
    teacher = people[9502]
    await teacher.send("/announce")
    assert teacher.bot_texts()[-1] == texts.NOT_ALLOWED
    await teacher.press_payload(AnnounceCb(act="audience", audience="all").pack(), message=None)
    assert teacher.notifications()[-1] == texts.NOT_ALLOWED
    # A forged "send" of someone else's announcement.
    await admin.send("/announce")
    await admin.press("Педагогам")
    await admin.send(TEXT)
    async with bot.app.sessionmaker() as session:
        aid = (await session.scalars(select(Announcement.id))).one()
    dou_admin = fake.user(9512, "Заведующая")
    await dou_admin.start(world.codes["dou_admin"])
    await dou_admin.press_payload(AnnounceCb(act="send", announcement_id=aid).pack(), message=None)
    assert dou_admin.notifications()[-1] == texts.FORBIDDEN_OBJECT
    async with bot.app.sessionmaker() as session:
        assert (
            list(await session.scalars(select(Outbox).where(Outbox.kind == "announcement"))) == []
        )


async def test_in_quiet_hours_it_waits_for_the_morning(bot, fake, world, settings):
    admin, people = await join_school(fake, world, settings)
    evening = datetime(2026, 1, 13, 18, 30, tzinfo=UTC)  # 21:30 in Moscow
    with time_machine.travel(evening, tick=True):
        await admin.send("/announce")
        await admin.press("Педагогам")
        await admin.send(TEXT)
        await admin.press(t.BTN_SEND)
        assert admin.bot_texts()[-1] == t.announce_report(0, 2)
        assert not any(got(u) for u in people.values())
        await bot.app.ticker.tick(evening)  # nothing has ended yet: no report
        assert admin.bot_texts()[-1] == t.announce_report(0, 2)
    morning = datetime(2026, 1, 14, 5, 0, tzinfo=UTC)  # 08:00 in Moscow
    with time_machine.travel(morning, tick=True):
        await bot.app.ticker.tick(morning)
        await bot.app.ticker.tick(morning)  # a second tick reports nothing twice
    assert [uid for uid, u in people.items() if got(u)] == [9502, 9503]
    # The wave has ended: the author hears the final count, once.
    assert admin.bot_texts().count(t.announce_final(2, 2, TEXT)) == 1
    assert admin.last_bot_message().labels() == [t.BTN_NEW]
