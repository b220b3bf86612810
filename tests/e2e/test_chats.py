"""Class chats: the bot added to a group chat records it, and a class teacher's chat item is
confirmed by saying what the chat is for — through the real bot and the fake MAX API."""

from __future__ import annotations

from sqlalchemy import select

from bot.ui import texts
from bot.ui.keyboards.chats import ChatPurposeCb
from bot.ui.texts import chats as t
from storage.models import Answer, Audit, Chat, Person

PARENTS = "Создан чат с родителями"


async def _person(bot, user) -> Person:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Person).where(Person.max_user_id == user.user_id))


async def _chat(bot, chat_id: int) -> Chat | None:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Chat).where(Chat.chat_id == chat_id))


async def _answer(bot, user, code: str) -> Answer | None:
    person = await _person(bot, user)
    async with bot.app.sessionmaker() as session:
        return await session.scalar(
            select(Answer).where(Answer.person_id == person.id, Answer.item_code == code)
        )


async def test_class_teacher_confirms_the_parents_chat(bot, fake, world):
    teacher = fake.user(6101, "Елена")
    await teacher.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("5А — родители")
    await teacher.add_bot_to_chat(chat_id)

    chat = await _chat(bot, chat_id)
    person = await _person(bot, teacher)
    assert (chat.title, chat.school_id, chat.added_by) == (
        "5А — родители",
        world.school_id,
        person.id,
    )
    assert chat.added_by_user_id == teacher.user_id and chat.purpose is None
    assert person.chat_id != chat_id  # the group is not taken for the teacher's dialog
    question = teacher.last_bot_message()
    assert question.text == t.chat_purpose_question("5А — родители")
    assert question.labels() == [
        *(t.choice_button(p, "5А") for p in t.CHAT_PURPOSE_BUTTONS),
        t.BTN_OTHER_CHAT,
    ]
    assert fake.chat_messages(chat_id) == []  # silent in the group

    await teacher.press(t.CHAT_PURPOSE_BUTTONS["parents"], message=question)
    assert fake.message(question.mid)["body"]["text"] == t.chat_item_verified(
        "5А — родители", "parents", f"{PARENTS} — 5А"
    )
    answer = await _answer(bot, teacher, "chat_parents")
    assert (answer.status, answer.verification, answer.verified_by) == ("done", "verified", None)
    assert answer.verified_at is not None
    assert (await _chat(bot, chat_id)).purpose == "parents"

    # Pressed again (even another purpose): nothing changes.
    await teacher.press(t.CHAT_PURPOSE_BUTTONS["students"], message=question)
    assert teacher.notifications()[-1] == t.chat_purpose_already("parents")
    assert await _answer(bot, teacher, "chat_students") is None

    # A second chat offers only what is still to confirm; «Другой чат» closes nothing.
    other_id = fake.create_group_chat("Кружок робототехники")
    await teacher.add_bot_to_chat(other_id)
    question = teacher.last_bot_message()
    assert question.labels() == [
        t.choice_button("students", "5А"),
        t.choice_button("teachers", "5А"),
        t.BTN_OTHER_CHAT,
    ]
    await teacher.press(t.BTN_OTHER_CHAT, message=question)
    assert fake.message(question.mid)["body"]["text"] == t.chat_other("Кружок робототехники")
    assert (await _chat(bot, other_id)).purpose == "other"
    assert await _answer(bot, teacher, "chat_students") is None

    # The bot is removed: the row stays with the time; the confirmed item stays done.
    await teacher.remove_bot_from_chat(chat_id)
    chat = await _chat(bot, chat_id)
    assert chat.removed_at is not None and chat.purpose == "parents"
    assert (await _answer(bot, teacher, "chat_parents")).verification == "verified"
    assert fake.chat_messages(chat_id) == []

    # Added back later: the chat is current again and its purpose is not asked twice.
    asked = len(teacher.bot_messages())
    await teacher.add_bot_to_chat(chat_id)
    chat = await _chat(bot, chat_id)
    assert chat.removed_at is None and chat.purpose == "parents"
    assert len(teacher.bot_messages()) == asked


async def test_only_the_teacher_who_added_the_bot_chooses(bot, fake, world):
    teacher, colleague = fake.user(6111, "Елена"), fake.user(6112, "Ольга")
    await teacher.start(world.codes["class_teacher"])
    await colleague.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("5А — ученики")
    await teacher.add_bot_to_chat(chat_id)
    question = teacher.last_bot_message()
    students = question.buttons[0][0]["payload"]

    await colleague.press_payload(students, message=colleague.last_bot_message())
    assert colleague.notifications()[-1] == texts.FOREIGN_BUTTON
    chat = await _chat(bot, chat_id)
    assert chat.purpose is None
    await colleague.press_payload(ChatPurposeCb(chat_row_id=chat.id, purpose="x").pack())
    assert colleague.notifications()[-1] == texts.UNKNOWN_BUTTON
    await colleague.press_payload(
        ChatPurposeCb(chat_row_id=chat.id + 50, purpose="students").pack()
    )
    assert colleague.notifications()[-1] == texts.UNKNOWN_BUTTON
    async with bot.app.sessionmaker() as session:
        audit = list(await session.scalars(select(Audit).where(Audit.action == "forbidden")))
    assert [(a.actor_person_id, a.details["what"]) for a in audit] == [
        ((await _person(bot, colleague)).id, "chat")
    ]

    # Removed before the teacher chose: nothing is confirmed.
    await teacher.remove_bot_from_chat(chat_id)
    await teacher.press(t.CHAT_PURPOSE_BUTTONS["students"], message=question)
    assert teacher.notifications()[-1] == t.CHAT_REMOVED
    assert await _answer(bot, teacher, "chat_students") is None


async def test_strangers_and_other_staff_adding_the_bot_are_only_recorded(bot, fake, world):
    stranger, teacher = fake.user(6121, "Никто"), fake.user(6122, "Пётр")
    await teacher.start(world.codes["teacher"])
    first, second = fake.create_group_chat("Двор"), fake.create_group_chat("Методобъединение")
    await stranger.add_bot_to_chat(first)
    chat = await _chat(bot, first)
    assert (chat.title, chat.school_id, chat.added_by) == ("Двор", None, None)
    assert chat.added_by_user_id == stranger.user_id
    assert stranger.bot_messages() == []

    before = len(teacher.bot_messages())
    fake.fail_next(f"/chats/{second}", 403)  # the title cannot be read: the chat is kept anyway
    await teacher.add_bot_to_chat(second, legacy=True)  # the old shape: only the title is read
    chat = await _chat(bot, second)
    assert (chat.title, chat.school_id) == (None, world.school_id)
    assert len(teacher.bot_messages()) == before  # a teacher has no chat items: silence
    assert fake.chat_messages(first) == [] and fake.chat_messages(second) == []
