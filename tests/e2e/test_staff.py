"""The staff overview (`/staff`) and «remind now» (`/remind`): the console end to end through
the real bot and the fake MAX API (the status and paging rules are in tests/unit/test_staff.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select, update

from bot.ui import texts
from bot.ui.keyboards.staff import StaffPersonCb
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import staff as t
from storage.models import Audit, Outbox, Person, RosterEntry
from tests.support.db import joined_long_ago

TZ = ZoneInfo("Europe/Moscow")
WEDNESDAY = date(2026, 1, 14)


def at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, TZ).astimezone(UTC)


async def run(bot, statement) -> None:
    async with bot.app.sessionmaker() as session:
        await session.execute(statement)
        await session.commit()


async def rows(bot, query) -> list:
    async with bot.app.sessionmaker() as session:
        return list((await session.execute(query)).scalars())


def staff_labels(message) -> list[str]:
    """The person buttons of a staff page (they start with a status icon and a name)."""
    return [x for x in message.labels() if x.split(" ", 1)[-1].startswith("Сотрудник")]


async def test_staff_pages_filters_and_person_detail(bot, fake, world):
    with time_machine.travel(at(WEDNESDAY, time(12, 0)), tick=True):
        admin = fake.user(7101, "Директор")
        await admin.start(world.codes["admin"])
        users = {}
        for n in range(1, 26):
            users[n] = fake.user(7101 + n, "Сотрудник", f"{n:02d}")
            await users[n].start(world.codes["teacher"])
        await joined_long_ago(bot.app.sessionmaker)  # staff of some months: their items are overdue
        first_title = users[12].last_bot_message().text.splitlines()[1].strip("</b>")
        await users[12].press(checklist_texts.BTN_DONE)
        ids = {p.max_user_id: p.id for p in await rows(bot, select(Person))}
        await run(bot, update(Person).where(Person.id.in_([ids[7106], ids[7107], ids[7108]]))
                  .values(paused_until=date(2026, 2, 1)))  # fmt: skip
        await run(bot, update(Person).where(Person.id.in_([ids[7109], ids[7110]]))
                  .values(unreachable_at=at(WEDNESDAY, time(9, 0))))  # fmt: skip
        async with bot.app.sessionmaker() as session:
            session.add_all([
                RosterEntry(school_id=world.school_id, full_name="Яковлева Ольга", name_key="я о",
                            position="учитель музыки", role="teacher"),
                RosterEntry(school_id=world.school_id, full_name="Абрамов Илья", name_key="а и",
                            role="class_teacher", class_label="3В"),
                RosterEntry(school_id=world.school_id, full_name="Сотрудник 01", name_key="с 01",
                            role="teacher", person_id=ids[7102]),  # joined: not listed
                RosterEntry(school_id=world.preschool_id, full_name="Чужой Человек",
                            name_key="ч ч", role="teacher"),  # another school
            ])  # fmt: skip
            await session.commit()

        await admin.send("/staff")
        page1 = admin.last_bot_message()
        assert "в боте: 26" in page1.text
        assert "<b>Все</b>: 26, стр. 1 из 3" in page1.text
        assert "⏸ На паузе: 3" in page1.text and "⏳ Не присоединились: 2" in page1.text
        assert page1.labels()[0] == f"{texts.OVERDUE_ICON} Директор"
        assert staff_labels(page1) == [
            f"{texts.OVERDUE_ICON} Сотрудник 0{n}" for n in range(1, 5)
        ] + [f"⏸ Сотрудник 0{n}" for n in (5, 6, 7)] + [
            f"🚫 Сотрудник 0{n}" for n in (8, 9)
        ]  # fmt: skip
        assert t.BTN_PREV not in page1.labels()

        await admin.press(t.BTN_NEXT)
        page2 = admin.last_bot_message()
        assert page2.mid == page1.mid
        assert "стр. 2 из 3" in page2.text
        assert staff_labels(page2) == [f"{texts.OVERDUE_ICON} Сотрудник {n}" for n in range(10, 20)]
        assert "Сотрудник 09" not in page2.text and "Сотрудник 20" not in page2.text
        await admin.press(t.BTN_NEXT)
        assert staff_labels(admin.last_bot_message())[-1] == f"{texts.OVERDUE_ICON} Сотрудник 25"
        assert t.BTN_NEXT not in admin.last_bot_message().labels()
        await admin.press(t.BTN_PREV)

        await admin.press(f"{texts.OVERDUE_ICON} Сотрудник 12")
        card = admin.last_bot_message().text
        assert "<b>Сотрудник 12</b> — педагог" in card
        assert f"\n✅ {first_title}\n" in card
        assert "(срок прошёл)" in card and "есть просроченные пункты" in card
        assert admin.last_bot_message().labels() == [t.BTN_LEFT, t.BTN_BACK_TO_LIST]
        await admin.press(t.BTN_BACK_TO_LIST)
        assert "стр. 2 из 3" in admin.last_bot_message().text

        await admin.press(t.filter_button("paused", 3, False))
        paused = admin.last_bot_message()
        assert "<b>На паузе</b>: 3" in paused.text
        assert staff_labels(paused) == [f"⏸ Сотрудник 0{n}" for n in (5, 6, 7)]
        assert t.filter_button("paused", 3, True) in paused.labels()
        await admin.press("⏸ Сотрудник 06")
        assert "Пауза до 01.02.2026 включительно" in admin.last_bot_message().text
        await admin.press(t.BTN_BACK_TO_LIST)
        assert "<b>На паузе</b>: 3" in admin.last_bot_message().text

        await admin.press(t.filter_button("unreachable", 2, False))
        assert staff_labels(admin.last_bot_message()) == ["🚫 Сотрудник 08", "🚫 Сотрудник 09"]
        await admin.press(t.filter_button("done", 0, False))
        assert "Никого нет" in admin.last_bot_message().text
        await admin.press(t.filter_button("overdue", 21, False))
        assert "<b>Просрочено</b>: 21, стр. 1 из 3" in admin.last_bot_message().text
        await admin.press(t.filter_button("not_joined", 2, False))
        joined = admin.last_bot_message()
        assert "Абрамов Илья — классный руководитель, 3В" in joined.text
        assert "Яковлева Ольга — учитель музыки" in joined.text
        assert joined.text.index("Абрамов") < joined.text.index("Яковлева")
        assert "Чужой" not in joined.text and "Сотрудник 01" not in joined.text
        assert staff_labels(joined) == []

        # A forged payload with another school's person is refused and audited.
        outsider = fake.user(7199, "Заведующая")
        await outsider.start(world.codes["dou_admin"])
        [outsider_id] = await rows(bot, select(Person.id).where(Person.max_user_id == 7199))
        await admin.press_payload(
            StaffPersonCb(person_id=outsider_id, status_filter="all", page=1).pack()
        )
        assert admin.notifications()[-1] == texts.FORBIDDEN_OBJECT
        await admin.press_payload(
            StaffPersonCb(person_id=99999, status_filter="all", page=1).pack()
        )
        assert admin.notifications()[-1] == texts.UNKNOWN_BUTTON
        forbidden = await rows(bot, select(Audit).where(Audit.action == "forbidden"))
        assert [a.details["what"] for a in forbidden] == [f"staff.person:{outsider_id}"]
        assert "Заведующая" not in admin.last_bot_message().text


def nudges(user) -> list[str]:
    return [x for x in user.bot_texts() if "администратор школы напоминает" in x]


async def test_remind_now_nudges_each_overdue_person_once_a_day(bot, fake, world):
    with time_machine.travel(at(WEDNESDAY, time(12, 0)), tick=True):
        admin = fake.user(7201, "Директор")
        await admin.start(world.codes["admin"])
        teachers = [fake.user(7202 + n, f"Учитель {n}") for n in range(3)]
        for user in teachers:
            await user.start(world.codes["teacher"])
        await joined_long_ago(bot.app.sessionmaker)
        resting = teachers[2]
        await resting.send("/pause 01.02.2026")

        await admin.send("/remind")
        report = admin.bot_texts()[-1]
        assert "Отправлено сейчас: 2 человека" in report
        assert "На паузе или недоступны — не беспокоим: 1 человек" in report
        for user in teachers[:2]:
            [nudge] = nudges(user)
            assert "срок этих пунктов дорожной карты прошёл" in nudge
            assert user.last_bot_message().labels() == [checklist_texts.BTN_CONTINUE]
        assert nudges(resting) == [] and nudges(admin) == []

        await admin.send("/remind")
        assert "Отправлено сейчас: 0 человек" in admin.bot_texts()[-1]
        assert "Уже получили напоминание сегодня: 2 человека" in admin.bot_texts()[-1]
        await admin.send("/staff")
        await admin.press(t.BTN_REMIND)  # the same from the staff list
        assert "Уже получили напоминание сегодня: 2 человека" in admin.bot_texts()[-1]
        assert [len(nudges(u)) for u in teachers] == [1, 1, 0]

        await teachers[0].press(checklist_texts.BTN_CONTINUE)  # the nudge leads into the checklist
        assert "Пункт 1 из" in teachers[0].last_bot_message().text

    with time_machine.travel(at(WEDNESDAY + timedelta(days=1), time(12, 0)), tick=True):
        await admin.send("/remind")  # a new day: a new nudge
        assert "Отправлено сейчас: 2 человека" in admin.bot_texts()[-1]
        assert [len(nudges(u)) for u in teachers] == [1, 2, 0]  # the first nudge of 0 was
        # turned into the item card by «Продолжить»; the outbox tells what was sent:
        sent = await rows(bot, select(Outbox.key).where(Outbox.sent_at.is_not(None)))
        ids = {p.max_user_id: p.id for p in await rows(bot, select(Person))}
        assert sorted(k for k in sent if k.startswith("remind-now:")) == sorted(
            f"remind-now:{ids[u.user_id]}:{day}"
            for u in teachers[:2]
            for day in ("2026-01-14", "2026-01-15")
        )


async def test_remind_during_quiet_hours_waits_for_the_morning(bot, fake, world):
    with time_machine.travel(at(WEDNESDAY, time(21, 0)), tick=True):
        admin = fake.user(7301, "Директор")
        await admin.start(world.codes["admin"])
        teachers = [fake.user(7302 + n, f"Учитель {n}") for n in range(2)]
        for user in teachers:
            await user.start(world.codes["teacher"])
        await joined_long_ago(bot.app.sessionmaker)
        await admin.send("/remind")
        report = admin.bot_texts()[-1]
        assert "Отправлено сейчас: 0 человек" in report
        assert "тихие часы — отправится утром (15.01 08:00): 2 человека" in report
        assert all(nudges(u) == [] for u in teachers)
        await admin.send("/remind")
        assert "Уже получили напоминание сегодня: 2 человека" in admin.bot_texts()[-1]
        pending = await rows(bot, select(Outbox).where(Outbox.kind == "remind-now"))
        assert len(pending) == 2 and all(row.sent_at is None for row in pending)

    morning = at(WEDNESDAY + timedelta(days=1), time(8, 30))
    with time_machine.travel(morning, tick=True):
        await bot.app.ticker.tick(morning)
        assert [len(nudges(u)) for u in teachers] == [1, 1]
        await admin.send("/remind")  # the morning's nudge was that one
        assert "Уже получили напоминание сегодня: 2 человека" in admin.bot_texts()[-1]
        assert [len(nudges(u)) for u in teachers] == [1, 1]
