"""The weekly digests carry the KPI figures of the week just ended, and the authority's brings
what needs it («Требует внимания»), with buttons to open a school and to write to its
administrators (issue 16, points 2 and 3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import time_machine
from sqlalchemy import select, update

from bot.services import setup
from bot.ui import texts
from bot.ui.keyboards.authority import NOWRITE, WRITE, AuthorityCb
from bot.ui.texts import authority as authority_texts
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import progress as progress_texts
from bot.vocab import Kind, Role
from storage.models import Audit, Person, School
from tests.support.db import session_on
from tests.support.region import at

W49 = date(2026, 12, 2)  # a Wednesday of 30.11–06.12
W50 = date(2026, 12, 9)  # a Wednesday of 07.12–13.12
MONDAY = date(2026, 12, 14)  # the digests: the figures of 07.12–13.12
NOON = time(12, 0)
SEPTEMBER = datetime(2026, 9, 1, 6, 0, tzinfo=UTC)  # when the schools were added


async def _region(settings, world) -> int:
    """The world's two schools added in September, and a third with no administrator."""
    async with session_on(settings) as session:
        third = await setup.add_school(
            session, authority_id=world.authority_id, name="МОУ ООШ №7", kind=Kind.SCHOOL,
            tz="Europe/Moscow", staff=10, students=90, now=SEPTEMBER,
        )  # fmt: skip
        await session.execute(update(School).values(created_at=SEPTEMBER))
        await session.commit()
    return third


def _row_of(message, school: str) -> list[dict]:
    return next(
        row for row in message.buttons
        if row[0]["text"].startswith("🏫 ") and row[0]["text"].endswith(f". {school}")
    )  # fmt: skip


def attention_lines(text: str) -> list[str]:
    """The numbered lines under «Требует внимания»."""
    after = text.split("Требует внимания", 1)[1].splitlines()[1:]
    return [line for line in after if line[:1].isdigit()]


async def test_digests_bring_the_weeks_kpi_and_what_needs_the_authority(bot, fake, world, settings):
    third = await _region(settings, world)
    inspector, admin = fake.user(9101, "Инспектор Орлова"), fake.user(9102, "Директор Попова")
    teacher, dou_admin = fake.user(9103, "Анна"), fake.user(9104, "Заведующая")
    with time_machine.travel(at(date(2026, 11, 25), NOON), tick=True):
        await dou_admin.start(world.codes["dou_admin"])  # and then silent for three weeks
    with time_machine.travel(at(W49, NOON), tick=True):
        await inspector.start(world.codes["authority"])
        await admin.start(world.codes["admin"])
        await teacher.start(world.codes["teacher"])
        await admin.send("/kpi staff 30")
        await admin.send("/kpi parents 10")
    with time_machine.travel(at(W50, NOON), tick=True):
        await admin.send("/kpi staff 40")  # the parents' figure of this week is never entered
        await teacher.press(checklist_texts.BTN_HELP)
        await teacher.send("Не приходит СМС с кодом")  # and nobody answers it
    digest_time = at(MONDAY, time(9, 5))
    with time_machine.travel(digest_time, tick=True):
        await bot.app.ticker.tick(digest_time)

    # The school's digest: the figures of 07.12–13.12 against the targets in force.
    school = next(m for m in reversed(admin.bot_messages()) if "Еженедельная сводка" in m.text)
    assert "📈 <b>Показатели за 07.12–13.12.2026</b>:" in school.text
    # 2 of the 40 declared; no digest before this one, so no trend
    assert "• регистрация 5 % (цель 75 %) — ниже цели" in school.text
    assert "• сотрудники 40 % ↑ (цель 100 %) — ниже цели" in school.text
    assert "• ученики и родители не введено (цель 30 %)" in school.text
    assert "Внесено не всё. Эту неделю — до пятницы" in school.text
    await admin.press(progress_texts.BTN_KPI, message=school)  # the /kpi screen, a new message
    assert "Показатели Сферума: МАОУ СОШ №24" in admin.bot_texts()[-1]
    assert "Еженедельная сводка" in fake.message(school.mid)["body"]["text"]  # it stayed

    # The authority's digest: the averages, who has not entered, and what needs attention.
    summary = next(m for m in reversed(inspector.bot_messages()) if "Еженедельная сводка" in m.text)
    text = summary.text
    assert "📈 <b>Показатели за 07.12–13.12.2026</b> по всем организациям:" in text
    assert "• регистрация 4,3 % (цель 75 %) — ниже цели" in text  # 3 of 70
    assert "• сотрудники 40 % ↑ (цель 100 %)" in text  # the one school that entered it (30 before)
    assert "Внесли показатели недели: 0 из 3 организаций" in text
    assert "Не внесли: МАОУ СОШ №24, МБДОУ Детский сад №3, МОУ ООШ №7" in text
    assert "⚠️ <b>Требует внимания</b>: 3 организации" in text
    lines = {line.split(":")[0]: line for line in attention_lines(text)}
    assert "1 просьба о помощи без ответа 3 дня и дольше" in lines["1. МАОУ СОШ №24"]
    assert "сильно ниже цели: регистрация, сотрудники" in lines["1. МАОУ СОШ №24"]
    assert "1 администратор не пишет в бот 14 дней и дольше" in lines["2. МБДОУ Детский сад №3"]
    assert "нет администратора в боте" in lines["3. МОУ ООШ №7"]
    # A row per school: open it; write to its administrators where there are any.
    assert [b["text"] for b in _row_of(summary, "МОУ ООШ №7")] == ["🏫 3. МОУ ООШ №7"]
    row = _row_of(summary, "МАОУ СОШ №24")
    assert [b["text"] for b in row] == ["🏫 1. МАОУ СОШ №24", authority_texts.BTN_WRITE]

    with time_machine.travel(at(MONDAY, time(10, 0)), tick=True):
        await inspector.press_payload(row[0]["payload"], message=summary)  # the school's card
        assert "МАОУ СОШ №24" in inspector.bot_texts()[-1]
        # Write to the administrators: the next typed text goes to them, from the inspector.
        await inspector.press_payload(row[1]["payload"], message=summary)
        assert inspector.bot_texts()[-1] == authority_texts.ask_write("МАОУ СОШ №24")
        before = len(admin.bot_texts())
        await inspector.send("Ответьте, пожалуйста, на просьбу Анны")
        assert inspector.bot_texts()[-1] == authority_texts.write_sent("МАОУ СОШ №24", 1)
        assert len(admin.bot_texts()) == before + 1
        assert admin.bot_texts()[-1] == authority_texts.note_for_admin(
            "Инспектор Орлова", "Ответьте, пожалуйста, на просьбу Анны"
        )
        assert admin.last_bot_message().labels()  # a next step under it
        # The inspector's next text is not sent again: the bot waits for nothing now.
        await inspector.send("Спасибо")
        assert len(admin.bot_texts()) == before + 1

        # A school with nobody to write to, changing one's mind, a forged school, a teacher.
        await inspector.press_payload(AuthorityCb(act=WRITE, target=third).pack(), message=summary)
        assert inspector.bot_texts()[-1] == authority_texts.write_nobody("МОУ ООШ №7")
        await inspector.press_payload(row[1]["payload"], message=summary)
        await inspector.press_payload(
            AuthorityCb(act=NOWRITE, target=world.school_id).pack(), message=summary
        )
        assert inspector.bot_texts()[-1] == authority_texts.WRITE_CANCELLED
        await inspector.send("Это уже не письмо")
        assert len(admin.bot_texts()) == before + 1
        await inspector.press_payload(AuthorityCb(act=WRITE, target=9999).pack(), message=summary)
        assert inspector.notifications()[-1] == texts.FORBIDDEN_OBJECT
        await teacher.press_payload(row[1]["payload"], message=summary)
        assert len(admin.bot_texts()) == before + 1
        # A text typed more than 30 minutes after «✉️ Написать…» is not sent: said so.
        await inspector.press_payload(row[1]["payload"], message=summary)
    with time_machine.travel(at(MONDAY, time(10, 31)), tick=True):
        await inspector.send("Через час: это уже не письмо администраторам")
        assert inspector.bot_texts()[-1] == authority_texts.WRITE_EXPIRED
        assert len(admin.bot_texts()) == before + 1
    async with session_on(settings) as session:
        awaiting = await session.scalars(select(Person.awaiting).where(Person.role != Role.TEACHER))
        assert set(awaiting) == {None}
        sent = await session.scalars(select(Audit.details).where(Audit.action == "authority.write"))
        assert [d["recipients"] for d in sent] == [1]


async def test_a_school_that_entered_everything_and_answers_is_not_brought(
    bot, fake, world, settings
):
    await _region(settings, world)
    inspector, admin = fake.user(9201, "Инспектор"), fake.user(9202, "Директор")
    with time_machine.travel(at(W50, NOON), tick=True):
        await inspector.start(world.codes["authority"])
        await admin.start(world.codes["admin"])
        await admin.send("/kpi staff 95")
        await admin.send("/kpi parents 31")
    digest_time = at(MONDAY, time(9, 5))
    with time_machine.travel(digest_time, tick=True):
        await bot.app.ticker.tick(digest_time)
    school = next(m for m in reversed(admin.bot_messages()) if "Еженедельная сводка" in m.text)
    assert "Внесено не всё" not in school.text
    assert progress_texts.BTN_KPI not in school.labels()
    assert "• ученики и родители 31 % (цель 30 %) — ✅" in (school.text)
    summary = next(m for m in reversed(inspector.bot_messages()) if "Еженедельная сводка" in m.text)
    # The ОУ is only short of registration (1 of 40): after the schools with two concerns.
    assert attention_lines(summary.text) == [
        "1. МБДОУ Детский сад №3: нет администратора в боте; сильно ниже цели: регистрация",
        "2. МОУ ООШ №7: нет администратора в боте; сильно ниже цели: регистрация",
        "3. МАОУ СОШ №24: сильно ниже цели: регистрация",
    ]
    assert "Не внесли: МБДОУ Детский сад №3, МОУ ООШ №7" in summary.text
