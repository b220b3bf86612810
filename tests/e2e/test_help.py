"""Help as a conversation: the request reaches its helpers with the comment in it; a helper
answers in the bot (the typed text goes to the person, with the item), marks it solved or
passes it on to the authority, which can answer too; an administrator's own request goes to
the other administrators, else to the authority."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.clock import utcnow
from bot.services.help import COMMENT_WAIT
from bot.ui import texts
from bot.ui.keyboards.help import HelpCb
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import help as t
from bot.ui.texts import inputs as inputs_texts
from storage.models import Audit, HelpRequest
from tests.support.region import make_invite

pytestmark = pytest.mark.usefixtures("weekday_noon")

QUESTION = "Не приходит СМС с кодом"
ANSWER = "Позвоните мне в 14:00, разберёмся вместе."


def requests_in(user) -> list:
    return [m for m in user.bot_messages() if m.text and m.text.startswith("🆘 <b>Просьба")]


async def db(bot, query) -> list:
    async with bot.app.sessionmaker() as session:
        return list((await session.execute(query)).scalars())


async def test_the_admin_answers_in_the_bot_and_the_person_gets_it_with_the_item(bot, fake, world):
    admin, teacher = fake.user(9601, "Мария", "Попова"), fake.user(9602, "Анна", "Иванова")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await teacher.press(checklist_texts.BTN_HELP)
    await teacher.send(QUESTION)
    [notice] = requests_in(admin)  # one message, the comment in it
    assert not [m for m in admin.bot_texts() if m and m.startswith("💬")]
    assert f"Комментарий: {QUESTION}" in notice.text and "от: Анна Иванова, педагог" in notice.text

    await admin.press(t.BTN_HELP_ANSWER, notice)
    assert admin.last_bot_message().text.startswith("✍️ Ответ для: Анна Иванова")
    await admin.send(ANSWER)
    sent = admin.last_bot_message()
    assert sent.text.startswith("✅ Ответ передан: Анна Иванова")
    assert sent.labels() == [t.BTN_HELP_HANDLED, t.BTN_HELP_ANSWER_MORE]
    answer = teacher.last_bot_message()
    assert "Ответ на ваш вопрос" in answer.text and ANSWER in answer.text
    assert "от: Мария Попова, ответственный администратор" in answer.text
    assert "«Ознакомился(ась) с приказом" in answer.text  # the item it concerns
    assert answer.labels()[0] == t.BTN_OPEN_ITEM
    [request] = await db(bot, select(HelpRequest))
    assert request.answered_at is not None and request.handled_at is None  # answered, open

    await teacher.press(t.BTN_OPEN_ITEM, answer)  # the item, with «Готово»
    assert checklist_texts.BTN_DONE in teacher.last_bot_message().labels()

    await admin.press(t.BTN_HELP_HANDLED, sent)  # «Вопрос решён» stays
    assert admin.notifications()[-1] == "✅"
    [request] = await db(bot, select(HelpRequest))
    assert request.handled_at is not None
    await admin.press(t.BTN_HELP_ANSWER, notice)  # a stale «Ответить»
    assert admin.notifications()[-1] == t.HELP_ALREADY_HANDLED
    await admin.send("Ещё одно")  # not taken as an answer
    assert "Ещё одно" not in (teacher.last_bot_message().text or "")


async def test_the_admin_changes_their_mind_and_a_teacher_cannot_answer(bot, fake, world):
    admin, teacher = fake.user(9611, "Директор"), fake.user(9612, "Анна")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await teacher.press(checklist_texts.BTN_HELP)
    await teacher.press(inputs_texts.BTN_SKIP)  # no comment: the request goes at once
    [notice] = requests_in(admin)
    assert "Комментарий" not in notice.text
    await admin.press(t.BTN_HELP_ANSWER, notice)
    await admin.press(t.BTN_HELP_NOT_NOW)
    assert admin.last_bot_message().text == t.HELP_ANSWER_NOT_NOW
    before = len(teacher.bot_texts())
    await admin.send("просто текст")
    assert len(teacher.bot_texts()) == before
    [request] = await db(bot, select(HelpRequest))
    answer = HelpCb(request_id=request.id, act="answer").pack()
    await teacher.press_payload(answer)
    assert teacher.notifications()[-1] == texts.ONLY_ADMIN


async def test_without_a_comment_the_request_goes_after_a_while(bot, fake, world):
    admin, teacher = fake.user(9621, "Директор"), fake.user(9622, "Анна")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await teacher.press(checklist_texts.BTN_HELP)
    await teacher.send("/checklist")  # neither a comment nor «Пропустить»
    assert requests_in(admin) == []
    later = utcnow() + COMMENT_WAIT + timedelta(seconds=1)
    with time_machine.travel(later, tick=True):
        await bot.app.ticker.tick(later)
    assert len(requests_in(admin)) == 1


async def test_passed_to_the_authority_which_answers(bot, fake, world):
    admin, teacher = fake.user(9631, "Директор"), fake.user(9632, "Анна")
    inspector = fake.user(9633, "Ирина", "Кузнецова")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await inspector.start(world.codes["authority"])
    await teacher.press(checklist_texts.BTN_HELP)
    await teacher.send(QUESTION)
    [notice] = requests_in(admin)
    await admin.press(t.BTN_HELP_PASS, notice)
    assert admin.notifications()[-1] == t.help_passed(1)
    [passed] = requests_in(inspector)
    assert "школа: МАОУ СОШ №24" in passed.text and "передал(а): Директор" in passed.text
    assert QUESTION in passed.text
    assert passed.labels() == [t.BTN_HELP_ANSWER, t.BTN_HELP_HANDLED]
    await admin.press(t.BTN_HELP_PASS, notice)  # twice: once
    assert admin.notifications()[-1] == t.HELP_ALREADY_PASSED
    assert len(requests_in(inspector)) == 1

    await inspector.press(t.BTN_HELP_ANSWER, passed)
    await inspector.send(ANSWER)
    answer = teacher.last_bot_message()
    assert ANSWER in answer.text
    assert "от: Ирина Кузнецова, специалист управления образования" in answer.text
    await inspector.press(t.BTN_HELP_HANDLED, inspector.last_bot_message())
    [request] = await db(bot, select(HelpRequest))
    assert request.handled_at is not None and request.passed_at is not None
    actions = [a.action for a in await db(bot, select(Audit).order_by(Audit.id))]
    assert {"help.pass", "help.answer", "help.handled"} <= set(actions)


async def test_an_admins_own_request_goes_to_the_other_admins_else_the_authority(
    bot, fake, world, settings
):
    admin = fake.user(9641, "Директор")
    inspector = fake.user(9642, "Инспектор")
    await admin.start(world.codes["admin"])
    await inspector.start(world.codes["authority"])
    await admin.send("/checklist")
    await admin.press(checklist_texts.BTN_CONTINUE)
    await admin.press(checklist_texts.BTN_HELP)
    assert admin.last_bot_message().text == t.HELP_ASK_COMMENT_ADMIN
    assert "нет администратора" not in admin.last_bot_message().text
    await admin.send(QUESTION)
    [to_inspector] = requests_in(inspector)  # no other administrator: the authority
    assert "школа: МАОУ СОШ №24" in to_inspector.text and QUESTION in to_inspector.text
    assert t.BTN_HELP_PASS not in to_inspector.labels()
    assert requests_in(admin) == []  # never to themselves
    [request] = await db(bot, select(HelpRequest))
    await admin.press_payload(HelpCb(request_id=request.id, act="done").pack())
    assert admin.notifications()[-1] == t.HELP_OWN_REQUEST  # someone else answers

    deputy = fake.user(9643, "Завуч")
    await deputy.start(await make_invite(settings, school_id=world.school_id, role="admin"))
    await deputy.send("/checklist")
    await deputy.press(checklist_texts.BTN_CONTINUE)
    await deputy.press(checklist_texts.BTN_HELP)
    await deputy.press(inputs_texts.BTN_SKIP)
    assert len(requests_in(admin)) == 1  # the other administrator
    assert len(requests_in(inspector)) == 1  # not the authority this time
