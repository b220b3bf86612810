"""Counting who is in a class chat, through the real maxapi client and the emulator on today's
platform: a class teacher adds the bot to «5А — родители» (no `user` in `bot_added`), is told
how to make it an administrator, does so (`bot_admin_permissions_changed`), and the parents
who join and leave move the figure the class teacher sees in /classes. Staff and bots are
not counted, nothing but keyed hashes is stored, the bot never writes in the group, and the
queue that reads the chats again keeps within its budget."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.rules.coverage import coverage
from bot.services.export import HEAD_ROW, export_authority
from bot.ui.texts import chats as t
from bot.ui.texts import privacy as privacy_texts
from storage.models import Authority, Chat, ChatMember, ProcessedUpdate, SchoolClass


async def _chat(bot, chat_id: int) -> Chat:
    async with bot.app.sessionmaker() as session:
        chat = await session.scalar(select(Chat).where(Chat.chat_id == chat_id))
        assert chat is not None
        return chat


async def _size_5a(bot, school_id: int, size: int) -> None:
    async with bot.app.sessionmaker() as session:
        klass = await session.scalar(
            select(SchoolClass).where(SchoolClass.school_id == school_id, SchoolClass.label == "5А")
        )
        assert klass is not None
        klass.size = size
        await session.commit()


async def _deliver(bot) -> None:
    await bot.app.sender.drain(bot.app.sessionmaker, utcnow())


def _figure(present: int | None, size: int | None = 26) -> str:
    return t.figure(coverage("5А", "parents", present, present, size))


async def _classes_page(teacher) -> str:
    await teacher.send("/classes")
    await teacher.press("5А")
    return teacher.last_bot_message().text or ""


async def test_parents_joining_and_leaving_move_the_class_teachers_figure(
    bot, fake, world, weekday_noon
):
    teacher = fake.user(7101, "Елена", "Смирнова")
    await teacher.start(world.codes["class_teacher"])
    await _size_5a(bot, world.school_id, 26)
    subject = fake.user(7102, "Игорь")  # a subject teacher of the school, in the chat too
    await subject.start(world.codes["teacher"])
    parents = [fake.user(7110 + n, f"Родитель {n}") for n in range(5)]

    chat_id = fake.create_group_chat("5А — родители")
    await teacher.add_bot_to_chat(chat_id, bot_admin=False)  # today's shape, no rights yet
    assert "user" not in fake.updates[-1]
    told = [m.text for m in teacher.bot_messages()[-2:]]
    assert told == [t.chat_purpose_question("5А — родители"), t.rights_hint("5А — родители")]
    await teacher.press(t.choice_button("parents", "5А"))
    chat = await _chat(bot, chat_id)
    assert (chat.purpose, chat.bot_admin, chat.present) == ("parents", False, None)
    assert chat.class_id is not None

    # Without rights MAX tells nothing of who joins, and the daily read cannot list them.
    for p in parents[:3]:
        await p.join_chat(chat_id)
    assert not any(u["update_type"] == "user_added" for u in fake.updates)
    assert await bot.app.ticker.refresh_chats() == 1
    assert (await _chat(bot, chat_id)).present is None
    assert _figure(None) in await _classes_page(teacher)
    await _deliver(bot)
    hints = [m.text for m in teacher.bot_messages() if m.text == t.rights_hint("5А — родители")]
    assert len(hints) == 1  # told once, not again by the daily read

    # The teacher makes the bot an administrator: MAX says so, the chat is read at once.
    await subject.join_chat(chat_id)  # staff: not a parent
    await teacher.set_bot_rights(chat_id, True)
    assert fake.updates[-1]["update_type"] == "bot_admin_permissions_changed"
    assert await bot.app.ticker.refresh_chats() == 1
    chat = await _chat(bot, chat_id)
    assert (chat.bot_admin, chat.present, chat.participants) == (True, 3, 6)
    await _deliver(bot)
    assert teacher.last_bot_message().text == t.now_counting("5А — родители", _figure(3))

    # Live: two more parents join, one leaves.
    await parents[3].join_chat(chat_id)
    await parents[4].join_chat(chat_id)
    assert (await _chat(bot, chat_id)).present == 5
    await parents[0].leave_chat(chat_id)
    assert (await _chat(bot, chat_id)).present == 4
    page = await _classes_page(teacher)
    assert _figure(4) in page and "4 из 26 — 15 %" in page

    # The administrator, the digest and the authority see the same figures.
    admin = fake.user(7103, "Директор")
    await admin.start(world.codes["admin"])
    await admin.send("/progress")
    report = admin.bot_texts()[-1]
    assert "Родители: 4 из 26 — 15 % · ученики: 0 из 26 — 0 %" in report
    assert f"• {_figure(4)}" in report
    await admin.send("/digest")
    assert any(f"• {_figure(4)}" in (text or "") for text in admin.bot_texts()[-3:])
    inspector = fake.user(7104, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/progress")
    assert "в чатах классов: Родители: 4 из 26 — 15 %" in inspector.bot_texts()[-1]
    async with bot.app.sessionmaker() as session:
        authority = await session.get(Authority, world.authority_id)
        exported = await export_authority(session, authority, utcnow())
    sheet = load_workbook(io.BytesIO(exported.data))["Чаты классов"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=HEAD_ROW + 1)]
    assert ["МАОУ СОШ №24", "5А", "родители", 4, 26, 15.4, 4] in rows

    # The bot's own rows are hashes: no ids, no names; it never wrote in the group.
    async with bot.app.sessionmaker() as session:
        keys = list(await session.scalars(select(ChatMember.member)))
    assert len(keys) == 6 and all(re.fullmatch(r"[0-9a-f]{32}", k) for k in keys)
    assert not any(str(p.user_id) in k for p in parents for k in keys)
    assert fake.chat_messages(chat_id) == []


async def test_parents_over_the_class_size_are_capped_and_said_so(bot, fake, world, weekday_noon):
    teacher = fake.user(7201, "Ольга")
    await teacher.start(world.codes["class_teacher"])
    await _size_5a(bot, world.school_id, 2)
    chat_id = fake.create_group_chat("Родители 5А")
    await teacher.add_bot_to_chat(chat_id)
    await teacher.press(t.choice_button("parents", "5А"))
    for n in range(3):  # two parents of one child, and another
        await fake.user(7210 + n, f"Родитель {n}").join_chat(chat_id)
    page = await _classes_page(teacher)
    assert "Чат родителей 5А: 3 из 2 — 100 %*" in page and t.CAPPED_NOTE in page


async def test_a_message_in_the_class_chat_is_not_read_or_answered(bot, fake, world):
    teacher = fake.user(7301, "Вера")
    await teacher.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("5А — ученики")
    await teacher.add_bot_to_chat(chat_id)
    parent = fake.user(7302, "Папа")
    await parent.join_chat(chat_id)
    async with bot.app.sessionmaker() as session:
        handled = await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    await parent.write_in_chat(chat_id, "/start")
    await teacher.write_in_chat(chat_id, "/checklist")
    assert fake.updates[-1]["update_type"] == "message_created"
    assert parent.bot_messages() == []
    assert [m["body"]["text"] for m in fake.chat_messages(chat_id)] == ["/start", "/checklist"]
    async with bot.app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == handled


async def test_the_daily_read_keeps_within_its_budget_oldest_first(bot, fake, world):
    owner = fake.user(7401, "Никто")
    ids = [fake.create_group_chat(f"Чат {n}") for n in range(12)]
    for chat_id in ids:
        await owner.add_bot_to_chat(chat_id)
    bot.app.ticker.refresh_rps = 100  # the pace itself is the bench's; here: the order, the cap
    start = len(fake.requests)
    assert await bot.app.ticker.refresh_chats(limit=5) == 5
    read = [r.path for r in fake.requests[start:] if r.path.endswith("/members/me")]
    assert read == [f"/chats/{c}/members/me" for c in ids[:5]]
    first = await _chat(bot, ids[0])
    assert first.refresh_at is not None and first.counted_at is not None
    assert first.refresh_at - first.counted_at == timedelta(hours=24)
    assert await bot.app.ticker.refresh_chats(limit=100) == 7  # the rest, nothing twice
    assert await bot.app.ticker.refresh_chats(limit=100) == 0


async def test_forgetting_a_member_of_staff_removes_their_hash(bot, fake, world):
    teacher = fake.user(7501, "Нина")
    await teacher.start(world.codes["class_teacher"])
    chat_id = fake.create_group_chat("5А — родители")
    await teacher.add_bot_to_chat(chat_id)
    assert await bot.app.ticker.refresh_chats() == 1
    async with bot.app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ChatMember)) == 1
    await teacher.send("/forget_me")
    await teacher.press(privacy_texts.BTN_FORGET_YES)
    async with bot.app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ChatMember)) == 0


async def test_another_schools_teacher_cannot_take_an_unclaimed_chat(bot, fake, world):
    owner = fake.user(7601, "Мама")  # not registered: the chat stays unclaimed
    chat_id = fake.create_group_chat("5А — родители")
    await owner.add_bot_to_chat(chat_id)
    other = fake.user(7602, "Воспитатель")
    await other.join_chat(chat_id)  # a member, not an administrator
    await other.start(world.codes["dou_class_teacher"])
    chat = await _chat(bot, chat_id)
    assert (chat.school_id, chat.added_by) == (None, None)
    assert all(m.text != t.chat_purpose_question("5А — родители") for m in other.bot_messages())
