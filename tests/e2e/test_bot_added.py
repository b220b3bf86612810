"""`bot_added` as MAX sends it since November 2026 — without `user` — through the real maxapi
client, the emulator and the seam `bot.max.seam`: the registered person among the chat's
owner and administrators is asked; nobody registered leaves the chat unclaimed; when MAX
cannot list the administrators the owner is used; the old shape still works; the bot never
writes into the group."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.emulator.contract import Contract
from bot.ui.texts import chats as t
from storage.models import Chat, Person


async def _chat(bot, chat_id: int) -> Chat | None:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Chat).where(Chat.chat_id == chat_id))


async def _person_id(bot, user) -> int | None:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Person.id).where(Person.max_user_id == user.user_id))


async def test_the_emulator_sends_bot_added_without_user(bot, fake, world):
    owner = fake.user(6301, "Родитель")
    chat_id = fake.create_group_chat("Двор")
    await owner.add_bot_to_chat(chat_id)
    update = fake.updates[-1]
    assert update["update_type"] == "bot_added" and "user" not in update
    assert set(update) == {"update_type", "timestamp", "chat_id", "is_channel"}
    await owner.add_bot_to_chat(fake.create_group_chat("Старый"), legacy=True)
    assert fake.updates[-1]["user"]["user_id"] == owner.user_id


def test_the_contract_takes_both_shapes_of_bot_added() -> None:
    contract = Contract.load()
    if contract is None:
        pytest.skip(f"the MAX schema is not at {Path('../shared/reference')} (CI has it)")
    base = {"update_type": "bot_added", "timestamp": 1, "chat_id": -5, "is_channel": False}
    assert contract.validate_update(base) == []
    user = {
        "user_id": 1, "first_name": "А", "last_name": None, "username": None, "name": "А",
        "is_bot": False, "last_activity_time": 1,
    }  # fmt: skip
    assert contract.validate_update({**base, "user": user}) == []
    assert contract.validate_update({**base, "chat_id": "x"}) != []


async def test_the_registered_admin_is_asked_not_the_unregistered_owner(bot, fake, world):
    parent, teacher = fake.user(6311, "Мама"), fake.user(6312, "Елена")
    await teacher.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("5А — родители")
    fake.set_chat_member(chat_id, parent.user_id)  # a parent made the chat: its owner
    await teacher.add_bot_to_chat(chat_id)  # the class teacher, an administrator, adds the bot

    chat = await _chat(bot, chat_id)
    assert chat is not None
    assert (chat.school_id, chat.added_by) == (world.school_id, await _person_id(bot, teacher))
    assert chat.added_by_user_id == teacher.user_id
    assert teacher.last_bot_message().text == t.chat_purpose_question("5А — родители")
    assert parent.bot_messages() == [] and fake.chat_messages(chat_id) == []


async def test_nobody_registered_leaves_the_chat_unclaimed(bot, fake, world):
    stranger = fake.user(6321, "Никто")
    chat_id = fake.create_group_chat("Двор")
    await stranger.add_bot_to_chat(chat_id)
    chat = await _chat(bot, chat_id)
    assert chat is not None
    assert (chat.school_id, chat.added_by, chat.added_by_user_id) == (None, None, stranger.user_id)
    assert stranger.bot_messages() == [] and fake.chat_messages(chat_id) == []


async def test_the_owner_is_used_when_the_admins_cannot_be_read(bot, fake, world):
    teacher = fake.user(6331, "Ольга")
    await teacher.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("5А — ученики")
    fake.fail_next(f"/chats/{chat_id}/members/admins", 500)
    await teacher.add_bot_to_chat(chat_id)
    chat = await _chat(bot, chat_id)
    assert chat is not None and chat.added_by == await _person_id(bot, teacher)
    assert teacher.last_bot_message().text == t.chat_purpose_question("5А — ученики")


async def test_a_chat_max_says_nothing_about_is_dropped_as_before(bot, fake, world):
    teacher = fake.user(6341, "Ирина")
    await teacher.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("Ничей")
    fake.fail_next(f"/chats/{chat_id}", 500, times=2)  # neither the admins nor the chat
    asked_before = len(teacher.bot_messages())
    await teacher.add_bot_to_chat(chat_id)
    assert await _chat(bot, chat_id) is None
    assert len(teacher.bot_messages()) == asked_before


async def test_an_unclaimed_chat_is_claimed_when_its_owner_joins(bot, fake, world):
    """The class teacher adds the bot before joining: the chat waits unclaimed; when they join
    their school with their link, the chat becomes the school's and they are asked about it."""
    teacher = fake.user(6351, "Светлана")
    chat_id = fake.create_group_chat("5А — родители")
    await teacher.add_bot_to_chat(chat_id)
    chat = await _chat(bot, chat_id)
    assert chat is not None and (chat.school_id, chat.added_by) == (None, None)
    assert teacher.bot_messages() == []

    await teacher.start(world.codes["class_teacher"])
    chat = await _chat(bot, chat_id)
    assert chat is not None
    assert (chat.school_id, chat.added_by) == (world.school_id, await _person_id(bot, teacher))
    question = teacher.last_bot_message()
    assert question.text == t.chat_purpose_question("5А — родители")
    await teacher.press(t.CHAT_PURPOSE_BUTTONS["parents"], message=question)
    assert (await _chat(bot, chat_id)).purpose == "parents"
    assert fake.chat_messages(chat_id) == []

    # Another person joining later does not take it; pressing Start again asks nothing more.
    other = fake.user(6352, "Павел")
    await other.start(world.codes["teacher"])
    assert (await _chat(bot, chat_id)).added_by == await _person_id(bot, teacher)
    before = len(teacher.bot_messages())
    await teacher.start()
    assert all(
        m.text != t.chat_purpose_question("5А — родители") for m in teacher.bot_messages()[before:]
    )


async def test_a_bot_without_admin_rights_says_how_to_give_them(bot, fake, world):
    """MAX shows a bot the members of a chat only when it is an administrator there: the
    teacher is told how, once, after the question; a stranger is told nothing."""
    teacher, stranger = fake.user(6361, "Анна"), fake.user(6362, "Никто")
    await teacher.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("5А — ученики")
    before = len(teacher.bot_messages())
    await teacher.add_bot_to_chat(chat_id, bot_admin=False)
    told = [m.text for m in teacher.bot_messages()[before:]]
    assert told == [t.chat_purpose_question("5А — ученики"), t.rights_hint("5А — ученики")]
    assert fake.chat_messages(chat_id) == []

    # With the rights (or when MAX does not say) nothing more is said.
    before = len(teacher.bot_messages())
    second = fake.create_group_chat("Кружок")
    fake.fail_next(f"/chats/{second}/members/me", 500)
    await teacher.add_bot_to_chat(second, bot_admin=False)
    assert t.rights_hint("Кружок") not in [m.text for m in teacher.bot_messages()[before:]]

    await stranger.add_bot_to_chat(fake.create_group_chat("Двор"), bot_admin=False)
    assert stranger.bot_messages() == []
