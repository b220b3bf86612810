"""The authority's own checklist (issue 16, point 5): `/checklist` for the authority's staff,
a duty ticked once for the whole authority, consultations ticked school by school, the
reminders and the line in the authority's digest; and who may not press its buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import time_machine
from sqlalchemy import func, select, update

from bot.ui import texts
from bot.ui.keyboards.duties import SCHOOL, DutyCb
from bot.ui.texts import duties as t
from storage.models import Audit, Authority, DutyAnswer, Person
from tests.support.db import session_on
from tests.support.region import at

SET_UP = datetime(2026, 11, 9, 6, 0, tzinfo=UTC)  # the authority; 30 days on: 9 December
WEDNESDAY = date(2026, 12, 2)
SEMINARS = "Специалисты управления прошли обучающие семинары министерства по MAX и Сферуму"
CONSULTATIONS = "Проведена индивидуальная консультация с руководителем и администратором"


async def _set_up_in_november(settings, world) -> None:
    async with session_on(settings) as session:
        await session.execute(
            update(Authority).where(Authority.id == world.authority_id).values(created_at=SET_UP)
        )
        await session.commit()


def _text(fake, message) -> str:
    return fake.message(message.mid)["body"]["text"]


async def test_the_authority_ticks_its_own_duties_and_each_schools_consultation(
    bot, fake, world, settings
):
    await _set_up_in_november(settings, world)
    inspector, other = fake.user(9301, "Инспектор Орлова"), fake.user(9302, "Инспектор Белов")
    teacher = fake.user(9303, "Анна")
    with time_machine.travel(at(WEDNESDAY, time(12, 0)), tick=True):
        await inspector.start(world.codes["authority"])
        await other.start(world.codes["authority"])
        await teacher.start(world.codes["teacher"])
        await inspector.send("/checklist")
        overview = inspector.last_bot_message()
        assert "Чек-лист управления: УО Княжпогостский" in overview.text
        assert "Выполнено: 0 из 8" in overview.text
        # Overdue first: the order on the site was due 14 days after set-up (23 November).
        assert overview.labels()[0].startswith("⏰ Приказ управления о внедрении MAX")
        assert f"⬜ {SEMINARS} — до 09.12.2026" in overview.text

        await inspector.press(f"⬜ {SEMINARS}"[:59], message=overview)
        card = inspector.last_bot_message()
        assert "п. 1.1 дорожной карты" in _text(fake, card)
        done_button = next(b for row in card.buttons for b in row if b["text"] == t.BTN_DONE)
        await inspector.press(t.BTN_DONE, message=card)
        assert inspector.notifications()[-1] == "✅"
        assert _text(fake, card).startswith(f"✅ <b>{SEMINARS}</b>")
        # The same «Готово» again (a double tap, or the other inspector's old card): stale.
        await inspector.press_payload(done_button["payload"], message=card)
        assert inspector.notifications()[-1] == t.DUTY_STALE
        # The other inspector cannot press a button drawn for the first.
        await other.press_payload(done_button["payload"], message=card)
        assert other.notifications()[-1] == texts.FOREIGN_BUTTON
        await teacher.press_payload(done_button["payload"], message=card)
        assert teacher.notifications()[-1] == texts.FOREIGN_BUTTON

        # Consultations: school by school; done when every school is.
        await inspector.send("/checklist")
        await inspector.press(f"⬜ {CONSULTATIONS}"[:59])
        card = inspector.last_bot_message()
        assert card.labels()[:2] == ["⬜ МАОУ СОШ №24", "⬜ МБДОУ Детский сад №3"]
        await inspector.press("⬜ МАОУ СОШ №24", message=card)
        assert "Отмечено: 1 из 2 организаций." in _text(fake, card)
        await inspector.press("⬜ МБДОУ Детский сад №3", message=card)
        assert _text(fake, card).startswith(f"✅ <b>{CONSULTATIONS}</b>")
        # A school of another authority (a forged button) is refused and changes nothing.
        async with session_on(settings) as session:
            inspector_id = await session.scalar(select(Person.id).where(Person.max_user_id == 9301))
        forged = DutyCb(
            person_id=inspector_id, act=SCHOOL, code="duty_consultations", target=999, value="d"
        )
        await inspector.press_payload(forged.pack(), message=card)
        assert inspector.notifications()[-1] == t.DUTY_FORBIDDEN
        await inspector.send("/checklist")
        overview = inspector.last_bot_message()
        assert "Выполнено: 2 из 8" in overview.text
        assert f"✅ {CONSULTATIONS} (2 из 2 организаций)" in overview.text
        # Taken back for one school: open again.
        await inspector.press(f"✅ {CONSULTATIONS}"[:59], message=overview)
        await inspector.press("✅ МБДОУ Детский сад №3")
        assert "Отмечено: 1 из 2 организаций." in _text(fake, inspector.last_bot_message())
    async with session_on(settings) as session:
        rows = await session.scalar(select(func.count()).select_from(DutyAnswer))
        assert rows == 2  # the seminars, and the ОУ's consultation
        forbidden = await session.scalar(
            select(func.count()).select_from(Audit).where(Audit.action == "forbidden")
        )
        assert forbidden == 1


async def test_duties_are_reminded_once_and_summed_up_in_the_digest(bot, fake, world, settings):
    await _set_up_in_november(settings, world)
    inspector = fake.user(9401, "Инспектор")
    with time_machine.travel(at(WEDNESDAY, time(9, 0)), tick=True):
        await inspector.start(world.codes["authority"])
    reminder_time = at(WEDNESDAY, time(10, 5))
    with time_machine.travel(reminder_time, tick=True):
        await bot.app.ticker.tick(reminder_time)
        await bot.app.ticker.tick(reminder_time)  # a second tick that day adds nothing
    head = "⏰ <b>Чек-лист управления"
    reminders = [x for x in inspector.bot_texts() if x and x.startswith(head)]
    assert len(reminders) == 1
    # Due in 7 days (30 after set-up): the seminars and the letters; the week's item by
    # Friday; the order on the site, late since 23 November (its second week).
    assert f"• {SEMINARS} — до 09.12.2026" in reminders[0]
    assert "просрочено, срок был 23.11.2026" in reminders[0]
    assert reminders[0].count("• ") == 4
    # The next day only what entered a new window: the week's item (due tomorrow) and the
    # month's monitoring (due in 7 days); not again what was reminded yesterday.
    thursday = at(date(2026, 12, 3), time(10, 5))
    with time_machine.travel(thursday, tick=True):
        await bot.app.ticker.tick(thursday)
    again = [x for x in inspector.bot_texts() if x and x.startswith(head)]
    assert len(again) == 2 and again[1].count("• ") == 2
    assert "до 04.12.2026" in again[1] and "до 10.12.2026" in again[1]
    assert SEMINARS not in again[1]
    assert inspector.last_bot_message().labels() == [t.BTN_DUTIES]

    monday = date(2026, 12, 7)
    with time_machine.travel(at(monday, time(9, 5)), tick=True):
        await bot.app.ticker.tick(at(monday, time(9, 5)))
    digest = next(x for x in reversed(inspector.bot_texts()) if x and "Еженедельная сводка" in x)
    assert "📋 Чек-лист управления: закрыто 0 из 8" in digest


async def test_a_weekly_duty_button_of_last_week_changes_nothing_this_week(
    bot, fake, world, settings
):
    await _set_up_in_november(settings, world)
    inspector = fake.user(9501, "Инспектор")
    weekly = "Сотрудники управления на этой неделе писали сообщения в Сферуме в MAX"
    with time_machine.travel(at(WEDNESDAY, time(12, 0)), tick=True):
        await inspector.start(world.codes["authority"])
        await inspector.send("/checklist")
        await inspector.press(f"⬜ {weekly}"[:59])
        card = inspector.last_bot_message()
        done = next(b for row in card.buttons for b in row if b["text"] == t.BTN_DONE)
    with time_machine.travel(at(date(2026, 12, 8), time(12, 0)), tick=True):  # the next week
        await inspector.press_payload(done["payload"], message=card)
        assert inspector.notifications()[-1] == t.DUTY_STALE
    async with session_on(settings) as session:
        assert await session.scalar(select(func.count()).select_from(DutyAnswer)) == 0
