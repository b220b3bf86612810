"""Channels: a school's or an authority's official channel, recorded when one of its people
adds the bot to it as an administrator — through the real maxapi client, the emulator (a chat
of type "channel", `bot_added` without `user`) and a real SQLite file. The school's item is
then verified; the authority publishes into its channel from `/announce` after a preview; the
bot never writes into a channel otherwise."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.clock import utcnow
from bot.ui import texts
from bot.ui.texts import announce as at
from bot.ui.texts import chats as t
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts.verify import tally_parts
from storage.models import Audit, Chat, Outbox, SchoolAnswer
from tests.support.export import item_checks

pytestmark = pytest.mark.usefixtures("weekday_noon")

ITEM = "Создан официальный канал организации в MAX, ссылки на него на сайте"
NOTICE = "С 1 марта приём заявлений в первый класс — через Госуслуги."


async def _chat(bot, chat_id: int) -> Chat | None:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Chat).where(Chat.chat_id == chat_id))


async def _item(bot, school_id: int) -> SchoolAnswer | None:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(
            select(SchoolAnswer).where(
                SchoolAnswer.school_id == school_id, SchoolAnswer.item_code == "official_channel"
            )
        )


async def _deliver(bot) -> None:
    await bot.app.sender.drain(bot.app.sessionmaker, utcnow())


async def test_an_administrator_adding_the_bot_as_admin_verifies_the_item(bot, fake, world):
    admin = fake.user(6401, "Директор")
    await admin.start(world.codes["admin"])
    channel = fake.create_channel("Школа №24 — официально")
    await admin.add_bot_to_chat(channel)
    update = fake.updates[-1]
    assert update["is_channel"] is True and "user" not in update

    chat = await _chat(bot, channel)
    assert (chat.channel, chat.purpose, chat.school_id, chat.authority_id) == (
        True, "official", world.school_id, None,
    )  # fmt: skip
    answer = await _item(bot, world.school_id)
    assert (answer.status, answer.verification) == ("done", "verified")
    told = admin.last_bot_message()
    assert told.text == t.channel_official("Школа №24 — официально", False, [ITEM])
    assert told.labels() == [checklist_texts.BTN_CHECKLIST]  # the next step
    assert fake.chat_messages(channel) == []  # never a word in the channel

    await admin.send("/progress")
    assert f"• {ITEM}: ✅ сделано ({tally_parts(1, 0, 0)})" in admin.last_bot_message().text
    inspector = fake.user(6402, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/export")
    assert item_checks(fake.uploads[-1].data, "МАОУ СОШ №24", ITEM) == [1, 0, 0]

    # Added again: recorded, nothing confirmed or told twice.
    before = len(admin.bot_messages())
    await admin.add_bot_to_chat(channel)
    assert len(admin.bot_messages()) == before
    async with bot.app.sessionmaker() as session:
        official = list(await session.scalars(select(Audit).where(Audit.action == "chat.official")))
    assert [a.details["items"] for a in official] == [["official_channel"]]


async def test_without_rights_a_hint_then_verified_when_the_rights_come(bot, fake, world):
    admin = fake.user(6411, "Директор")
    await admin.start(world.codes["admin"])
    channel = fake.create_channel("Новости школы")
    await admin.add_bot_to_chat(channel, bot_admin=False)
    assert admin.last_bot_message().text == t.channel_rights_hint("Новости школы")
    assert admin.last_bot_message().labels() == [checklist_texts.BTN_CHECKLIST]
    chat = await _chat(bot, channel)
    assert (chat.channel, chat.purpose, chat.bot_admin) == (True, None, False)
    assert await _item(bot, world.school_id) is None

    # The daily read finds no rights: nothing confirmed, the hint not repeated.
    assert await bot.app.ticker.refresh_chats() == 1
    await _deliver(bot)
    assert await _item(bot, world.school_id) is None
    assert [m.text for m in admin.bot_messages()].count(t.channel_rights_hint("Новости школы")) == 1

    # The administrator makes the bot an administrator: MAX says so, the channel is read.
    await admin.set_bot_rights(channel, True)
    assert fake.updates[-1]["is_channel"] is True
    assert await bot.app.ticker.refresh_chats() == 1
    await _deliver(bot)
    assert admin.last_bot_message().text == t.channel_official("Новости школы", False, [ITEM])
    answer = await _item(bot, world.school_id)
    assert (answer.status, answer.verification) == ("done", "verified")
    assert (await _chat(bot, channel)).purpose == "official"
    assert fake.chat_messages(channel) == []


async def test_a_teacher_or_a_stranger_adding_the_bot_to_a_channel_verifies_nothing(
    bot, fake, world
):
    teacher, stranger = fake.user(6421, "Пётр"), fake.user(6422, "Никто")
    await teacher.start(world.codes["class_teacher"])
    mine, theirs = fake.create_channel("Канал 5А"), fake.create_channel("Двор")
    before = len(teacher.bot_messages())
    await teacher.add_bot_to_chat(mine)
    await stranger.add_bot_to_chat(theirs)
    assert len(teacher.bot_messages()) == before and stranger.bot_messages() == []
    chat = await _chat(bot, mine)
    assert (chat.channel, chat.school_id, chat.purpose, chat.authority_id) == (
        True, world.school_id, None, None,
    )  # fmt: skip
    chat = await _chat(bot, theirs)
    assert (chat.channel, chat.school_id, chat.purpose) == (True, None, None)

    assert await bot.app.ticker.refresh_chats() == 2  # read again: still nothing
    await _deliver(bot)
    assert len(teacher.bot_messages()) == before
    assert await _item(bot, world.school_id) is None
    assert fake.chat_messages(mine) == [] and fake.chat_messages(theirs) == []


async def test_the_authority_publishes_a_notice_to_its_channel(bot, fake, world):
    inspector, colleague = fake.user(6431, "Инспектор"), fake.user(6432, "Коллега")
    teacher = fake.user(6433, "Учитель")
    await inspector.start(world.codes["authority"])
    await colleague.start(world.codes["authority"])
    await teacher.start(world.codes["teacher"])

    # No channel yet: no such choice, and how to get one.
    await inspector.send("/announce")
    first = inspector.last_bot_message()
    assert at.ANNOUNCE_HOW_TO_CHANNEL in first.text and at.BTN_CHANNEL not in first.labels()

    channel = fake.create_channel("Управление образования")
    await inspector.add_bot_to_chat(channel)
    chat = await _chat(bot, channel)
    assert (chat.authority_id, chat.school_id, chat.purpose) == (
        world.authority_id, None, "official",
    )  # fmt: skip
    told = inspector.last_bot_message()
    assert told.text == t.channel_official("Управление образования", True, [])
    assert told.labels() == [at.BTN_NEW]

    await inspector.press(at.BTN_NEW, message=told)
    assert at.BTN_CHANNEL in inspector.last_bot_message().labels()
    assert at.ANNOUNCE_HOW_TO_CHANNEL not in inspector.last_bot_message().text
    await inspector.press(at.BTN_CHANNEL)
    await inspector.send(NOTICE)
    preview = inspector.last_bot_message()
    assert preview.text == at.channel_preview(NOTICE, "Управление образования")
    assert preview.labels() == [at.BTN_PUBLISH, at.BTN_CANCEL]
    assert fake.chat_messages(channel) == []  # nothing before the confirmation
    publish = preview.buttons[0][0]["payload"]

    # Someone else cannot publish it: another person of the authority, a school's teacher.
    await colleague.press_payload(publish, message=colleague.last_bot_message())
    assert colleague.notifications()[-1] == texts.FORBIDDEN_OBJECT
    await teacher.press_payload(publish, message=teacher.last_bot_message())
    assert teacher.notifications()
    assert fake.chat_messages(channel) == []

    await inspector.press(at.BTN_PUBLISH, message=preview)
    posts = fake.chat_messages(channel)
    assert [(p["body"]["text"], p["sender"]["user_id"]) for p in posts] == [
        (NOTICE, fake.bot_user["user_id"])
    ]
    assert inspector.bot_texts()[-1] == at.channel_final(True, NOTICE)

    # A second press (a double tap) posts nothing more.
    await inspector.press_payload(publish, message=preview)
    assert inspector.notifications()[-1] == at.ANNOUNCE_ALREADY
    assert len(fake.chat_messages(channel)) == 1
    async with bot.app.sessionmaker() as session:
        rows = list(await session.scalars(select(Outbox).where(Outbox.kind == "channel")))
        audit = list(await session.scalars(select(Audit).where(Audit.action == "announce")))
    assert [(r.key.endswith(":channel"), r.chat_id, r.person_id) for r in rows] == [
        (True, channel, None)
    ]
    assert rows[0].sent_at is not None
    assert [(a.details["audience"], a.details["chat"]) for a in audit] == [("channel", channel)]


async def test_a_channel_the_bot_no_longer_administers_is_not_offered(bot, fake, world):
    inspector = fake.user(6441, "Инспектор")
    await inspector.start(world.codes["authority"])
    channel = fake.create_channel("УО — новости")
    await inspector.add_bot_to_chat(channel)
    await inspector.send("/announce")
    await inspector.press(at.BTN_CHANNEL)
    await inspector.send(NOTICE)
    preview = inspector.last_bot_message()

    await inspector.set_bot_rights(channel, False)  # the rights are taken away
    assert await bot.app.ticker.refresh_chats() == 1
    await inspector.press(at.BTN_PUBLISH, message=preview)
    assert inspector.last_bot_message().text == at.ANNOUNCE_NO_CHANNEL
    assert fake.chat_messages(channel) == []
    await inspector.send("/announce")
    assert at.BTN_CHANNEL not in inspector.last_bot_message().labels()
