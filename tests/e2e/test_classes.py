"""A school's classes (`/classes`) through the real bot, the fake MAX API and a real database:
the administrator adds a class by typing its label (bad labels are refused with the reason and
add nothing), types its number of students, makes themselves and a subject teacher its class
teachers (their class items appear, due from that day) and removes one; a class teacher sees
only their own classes and may type only their sizes; stale and forged buttons change
nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from bot.services import setup
from bot.services.checklist import load_view
from bot.ui import texts
from bot.ui.keyboards.classes import ClassesCb
from bot.ui.texts import classes as t
from bot.vocab import Kind, Role
from storage.models import Audit, ClassTeacher, Person, SchoolClass
from storage.repo import people
from tests.support.db import session_on
from tests.support.plans import CLASS_PLAN

TZ = ZoneInfo("Asia/Yekaterinburg")
TODAY = date(2026, 12, 2)


def at(day: date, t_: time) -> datetime:
    return datetime.combine(day, t_, TZ).astimezone(UTC)


@pytest.fixture
async def school(settings):
    added = at(TODAY - timedelta(days=30), time(9, 0))
    async with session_on(settings, migrated=True) as session:
        authority_id = await setup.add_authority(
            session, name="УО", tz="Asia/Yekaterinburg", plan_toml=CLASS_PLAN, now=added
        )
        school_id = await setup.add_school(
            session, authority_id=authority_id, name="СОШ №1", kind=Kind.SCHOOL, tz=None,
            staff=40, students=300, now=added,
        )  # fmt: skip
        codes = {}
        for key, role, label in (
            ("admin", Role.ADMIN, None),
            ("5А", Role.CLASS_TEACHER, "5А"),
            ("teacher", Role.TEACHER, None),
        ):
            invite = await setup.create_invite(
                session, school_id=school_id, role=role, class_label=label, now=added, days=365
            )
            codes[key] = invite.code
        await session.commit()
    return school_id, codes


async def _classes(settings):
    async with session_on(settings) as session:
        rows = await session.scalars(select(SchoolClass).order_by(SchoolClass.id))
        return [(c.label, c.grade, c.letter, c.size, c.closed_at is not None) for c in rows]


async def _teaching(settings):
    """(class label, teacher name, still teaching) of every class_teacher row."""
    async with session_on(settings) as session:
        rows = await session.execute(
            select(SchoolClass.label, Person.name, ClassTeacher.until.is_(None))
            .join(SchoolClass, SchoolClass.id == ClassTeacher.class_id)
            .join(Person, Person.id == ClassTeacher.person_id)
            .order_by(ClassTeacher.id)
        )
        return [tuple(r) for r in rows]


async def _class_items(settings, user_id: int, now: datetime):
    """(item code, class label, due date) of the person's class items, as their checklist
    has them."""
    async with session_on(settings) as session:
        person = await people.by_max_user(session, user_id)
        assert person is not None
        await session.refresh(person, attribute_names=["school"])
        view = await load_view(session, person, now)
        return [
            (s.item.code, s.slot.class_label, s.slot.due)
            for s in view.states
            if s.slot is not None and s.item.scope == "class"
        ]


async def _audits(settings, prefix: str):
    async with session_on(settings) as session:
        rows = await session.scalars(
            select(Audit.action).where(Audit.action.like(prefix + "%")).order_by(Audit.id)
        )
        return list(rows)


async def test_the_administrator_keeps_the_classes(bot, fake, settings, school):
    _, codes = school
    admin, anna, ivan = (
        fake.user(9301, "Директор"),
        fake.user(9302, "Анна"),
        fake.user(9303, "Иван"),
    )
    now = at(TODAY, time(10, 0))
    with time_machine.travel(now, tick=True):
        await admin.start(codes["admin"])
        await anna.start(codes["5А"])
        await ivan.start(codes["teacher"])

        await admin.send("/classes")
        page = admin.last_bot_message()
        assert "Классы школы — 2026/27 учебный год" in (page.text or "")
        assert "• <b>5А</b> · число учеников не указано · Анна" in (page.text or "")
        assert "Учеников по классам: 0 из 300 заявленных." in (page.text or "")
        assert page.labels() == ["5А · Анна", t.BTN_ADD]

        # A new class: each bad label is refused with its reason and adds nothing.
        await admin.press(t.BTN_ADD)
        assert admin.bot_texts()[-1] == t.ASK_LABEL
        for typed, why in (
            ("1 А", "класс пишется вместе, без пробела и дефиса: «1А», а не «1 А»"),
            ("1a", "в «1a» латинская буква — нужна русская: «1А»"),
            ("12Б", "классы — с 1 по 11, а «12Б» не подходит"),
        ):
            await admin.send(typed)
            assert admin.bot_texts()[-1] == f"⚠️ Не добавлен: {why}. Напишите ещё раз."
        await admin.send("5а")
        assert admin.bot_texts()[-1] == t.exists("5А")
        assert await _classes(settings) == [("5А", 5, "А", None, False)]
        await admin.send("1а")
        card = admin.last_bot_message()
        assert (card.text or "").startswith("✅ Класс 1А добавлен.")
        assert "Классный руководитель: не назначен" in (card.text or "")
        assert await _classes(settings) == [
            ("5А", 5, "А", None, False),
            ("1А", 1, "А", None, False),
        ]
        await admin.send("2Б")  # no longer waiting: not a class
        assert len(await _classes(settings)) == 2

        await admin.send("/classes")
        assert admin.last_bot_message().labels() == [
            "1А · без руководителя",
            "5А · Анна",
            t.BTN_ADD,
        ]
        await admin.press("1А")

        # Its size: typed, checked, saved.
        await admin.press(t.BTN_SIZE)
        assert admin.bot_texts()[-1] == t.ASK_SIZE.format(label="1А")
        for bad in ("много", "0", "61", "2,5"):
            await admin.send(bad)
            assert admin.bot_texts()[-1] == t.BAD_SIZE.format(max=60, label="1А")
        await admin.send("25")
        assert (admin.bot_texts()[-1] or "").startswith("✅ В классе 1А — 25 учеников.")
        assert await _classes(settings) == [("5А", 5, "А", None, False), ("1А", 1, "А", 25, False)]

        # The administrator takes 1А and so does the subject teacher: both get its item,
        # due 14 days from today; their roles stay.
        await admin.press(t.BTN_ASSIGN)
        picker = admin.last_bot_message()
        assert picker.labels() == ["Анна", "Директор", "Иван", t.BTN_BACK]
        set_admin = next(
            b["payload"] for row in picker.buttons for b in row if b["text"] == "Директор"
        )
        await admin.press("Директор", picker)
        assert (admin.bot_texts()[-1] or "").startswith("✅ Классный руководитель назначен.")
        await admin.press_payload(set_admin, picker)  # the same button again
        assert admin.notifications()[-1] == t.STALE
        await admin.press(t.BTN_ASSIGN)
        assert admin.last_bot_message().labels() == ["Анна", "Иван", t.BTN_BACK]
        await admin.press("Иван")
        due = TODAY + timedelta(days=14)
        assert await _class_items(settings, admin.user_id, now) == [("chat_parents", "1А", due)]
        assert await _class_items(settings, ivan.user_id, now) == [("chat_parents", "1А", due)]
        assert await _teaching(settings) == [
            ("5А", "Анна", True), ("1А", "Директор", True), ("1А", "Иван", True),
        ]  # fmt: skip
        async with session_on(settings) as session:
            roles = dict((await session.execute(select(Person.name, Person.role))).all())
        assert roles == {"Директор": Role.ADMIN, "Анна": Role.CLASS_TEACHER, "Иван": Role.TEACHER}

        # Removing the subject teacher: the class item leaves his checklist; the row stays.
        unset = admin.last_bot_message()
        await admin.press("✖️ Снять: Иван", unset)
        assert (admin.bot_texts()[-1] or "").startswith("Снят с класса 1А.")
        assert await _class_items(settings, ivan.user_id, now) == []
        assert await _teaching(settings) == [
            ("5А", "Анна", True), ("1А", "Директор", True), ("1А", "Иван", False),
        ]  # fmt: skip
        await admin.press("✖️ Снять: Иван", unset)  # the old button again
        assert admin.notifications()[-1] == t.STALE

        await admin.press(t.BTN_TO_LIST)
        listed = admin.last_bot_message()
        assert listed.labels() == ["1А · 25 · Директор", "5А · Анна", t.BTN_ADD]
        assert "Учеников по классам: 25 из 300 заявленных." in (listed.text or "")

        # Cancel while typing: the next message is not taken for a label.
        await admin.press(t.BTN_ADD)
        await admin.press(t.BTN_CANCEL)
        await admin.send("3В")
        assert len(await _classes(settings)) == 2

        # Closing a class asks first; then it leaves the list and its teacher's checklist,
        # and the same button again changes nothing.
        await admin.send("/classes")
        await admin.press("1А")
        await admin.press(t.BTN_CLOSE)
        assert admin.bot_texts()[-1] == t.ask_close("1А")
        await admin.press(t.BTN_BACK)  # changed their mind
        assert len([c for c in await _classes(settings) if not c[4]]) == 2
        await admin.press(t.BTN_CLOSE)
        ask = admin.last_bot_message()
        shut = next(
            b["payload"] for row in ask.buttons for b in row if b["text"] == t.BTN_CLOSE_YES
        )
        await admin.press(t.BTN_CLOSE_YES, ask)
        listed = admin.last_bot_message()
        assert (listed.text or "").startswith(t.closed("1А"))
        assert listed.labels() == ["5А · Анна", t.BTN_ADD]
        assert await _classes(settings) == [("5А", 5, "А", None, False), ("1А", 1, "А", 25, True)]
        assert await _class_items(settings, admin.user_id, now) == []
        await admin.press_payload(shut, ask)
        assert admin.notifications()[-1] == t.STALE

    assert await _audits(settings, "class.") == [
        "class.add", "class.size", "class.teacher_add", "class.teacher_add",
        "class.teacher_remove", "class.close",
    ]  # fmt: skip


async def test_a_class_teacher_sees_and_sizes_only_their_classes(bot, fake, settings, school):
    _, codes = school
    admin, anna, ivan = (
        fake.user(9311, "Директор"),
        fake.user(9312, "Анна"),
        fake.user(9313, "Иван"),
    )
    with time_machine.travel(at(TODAY, time(10, 0)), tick=True):
        await admin.start(codes["admin"])
        await anna.start(codes["5А"])
        await ivan.start(codes["teacher"])
        await admin.send("/classes")
        await admin.press(t.BTN_ADD)
        await admin.send("6Б")
        async with session_on(settings) as session:
            ids = dict((await session.execute(select(SchoolClass.label, SchoolClass.id))).all())
            anna_id = await session.scalar(select(Person.id).where(Person.name == "Анна"))
        assert anna_id is not None

        await anna.send("/classes")
        page = anna.last_bot_message()
        assert "5А" in (page.text or "") and "6Б" not in (page.text or "")
        assert page.labels() == ["5А · Анна"]
        await anna.press("5А · Анна")
        assert anna.last_bot_message().labels() == [
            t.BTN_SIZE,
            t.BTN_PARENTS_TEXT,
            t.BTN_HOWTO,
            t.BTN_TO_LIST,
        ]
        await anna.press(t.BTN_SIZE)
        await anna.send("28")
        assert (anna.bot_texts()[-1] or "").startswith("✅ В классе 5А — 28 учеников.")

        # Forged buttons: another class's size, adding, assigning — refused, nothing changes.
        before = (await _classes(settings), await _teaching(settings))
        for forged in (
            ClassesCb(person_id=anna_id, act="size", class_id=ids["6Б"]),
            ClassesCb(person_id=anna_id, act="class", class_id=ids["6Б"]),
        ):
            await anna.press_payload(forged.pack())
            assert anna.notifications()[-1] == t.STALE
        for forged in (
            ClassesCb(person_id=anna_id, act="add"),
            ClassesCb(person_id=anna_id, act="set", class_id=ids["6Б"], teacher_id=anna_id),
            ClassesCb(person_id=anna_id, act="unset", class_id=ids["5А"], teacher_id=anna_id),
            ClassesCb(person_id=anna_id, act="close", class_id=ids["5А"]),
            ClassesCb(person_id=anna_id, act="shut", class_id=ids["5А"]),
        ):
            await anna.press_payload(forged.pack())
            assert anna.notifications()[-1] == t.NOT_ALLOWED
        await anna.send("30")  # not waiting for a size any more
        assert (await _classes(settings), await _teaching(settings)) == before

        # A teacher without a class learns who can give one; another person's button is not his.
        await ivan.send("/classes")
        assert ivan.bot_texts()[-1] == t.NO_CLASSES
        await ivan.press_payload(
            ClassesCb(person_id=anna_id, act="list").pack(), anna.last_bot_message()
        )
        assert ivan.notifications()[-1] == texts.FOREIGN_BUTTON
        stranger = fake.user(9319, "Прохожий")
        await stranger.send("/classes")
        assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED

        # The administrator's own button pressed by the administrator to assign someone who
        # is not on the staff of the school: refused.
        admin_id = await _person_id(settings, admin.user_id)
        await admin.press_payload(
            ClassesCb(person_id=admin_id, act="set", class_id=ids["6Б"], teacher_id=10**6).pack()
        )
        assert admin.notifications()[-1] == t.STALE
        async with session_on(settings) as session:
            assert await session.scalar(select(func.count()).select_from(ClassTeacher)) == 1


async def _person_id(settings, user_id: int) -> int:
    async with session_on(settings) as session:
        person = await people.by_max_user(session, user_id)
        assert person is not None
        return person.id
