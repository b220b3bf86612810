"""Personal data: /forget_me and the operator's `forget`, retention, no secrets in logs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.services.privacy import apply_retention
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import joining as joining_texts
from bot.ui.texts import privacy as privacy_texts
from bot.ui.texts.privacy import FORGOTTEN_NAME
from storage import models as m
from storage.personal_data import COLUMNS, Treatment
from tests.support.cli import cli_env, run_cli
from tests.support.db import joined_long_ago

pytestmark = pytest.mark.usefixtures("weekday_noon")


async def row_of(bot, person_id: int) -> m.Person:
    async with bot.app.sessionmaker() as session:
        return await session.get(m.Person, person_id)


async def test_forget_me_keeps_anonymous_answers(bot, fake, world):
    admin, anna = fake.user(9801, "Директор"), fake.user(9802, "Анна", "Смирнова")
    await admin.start(world.codes["admin"])
    await anna.start(world.codes["teacher"])
    await joined_long_ago(bot.app.sessionmaker)  # Анна is overdue: /progress names her
    await anna.press(checklist_texts.BTN_DONE)
    await anna.press(checklist_texts.BTN_HELP)
    await anna.send("Не вижу папку Сферум")
    await admin.send("/progress")
    before = admin.bot_texts()[-1]
    assert "Анна Смирнова" in before

    await anna.send("/forget_me")
    await anna.press(privacy_texts.BTN_FORGET_NO)
    assert anna.last_bot_message().text == privacy_texts.FORGET_CANCELLED
    await anna.send("/forget_me")
    await anna.press(privacy_texts.BTN_FORGET_YES)
    assert anna.last_bot_message().text == privacy_texts.FORGOTTEN

    async with bot.app.sessionmaker() as session:
        person = (await session.scalars(select(m.Person).where(m.Person.role == "teacher"))).one()
        assert (person.name, person.max_user_id, person.chat_id) == (FORGOTTEN_NAME, -person.id,
                                                                     None)  # fmt: skip
        # Every column personal_data.py says is erased is empty now.
        erased = [
            column for column, rule in COLUMNS["person"].items()
            if rule.treatment == Treatment.ERASE
        ]  # fmt: skip
        assert "seen_at" in erased
        assert {c: getattr(person, c) for c in erased} == dict.fromkeys(erased)
        assert (
            await session.scalar(select(func.count()).where(m.Answer.person_id == person.id)) == 2
        )  # the anonymous answers stay
        comments = await session.scalars(select(m.HelpRequest.comment))
        assert list(comments) == [None]
        assert not list(
            await session.scalars(select(m.Outbox).where(m.Outbox.person_id == person.id))
        )
    await admin.send("/progress")
    after = admin.bot_texts()[-1]
    assert "Анна" not in after and "Смирнова" not in after
    done = "в боте 2 из"
    assert done in before and done in after  # the counts stay

    await anna.start()  # the bot no longer knows her
    assert anna.bot_texts()[-1] == joining_texts.START_STRANGER


async def test_operator_forgets_a_person_from_the_cli(bot, fake, world, settings):
    user = fake.user(9803, "Пётр")
    await user.start(world.codes["staff"])
    result = await run_cli("forget", "--max-user", "9803", env=cli_env(settings))
    assert "deleted" in result.stdout
    missing = await run_cli("forget", "--max-user", "9803", env=cli_env(settings), check=False)
    assert missing.returncode == 2 and "no person" in missing.stderr


async def test_retention_drops_old_screenshots_and_sent_messages(bot, fake, world):
    user = fake.user(9804, "Вера")
    await user.start(world.codes["teacher"])
    now = utcnow()
    async with bot.app.sessionmaker() as session:
        old = now - timedelta(days=100)
        pid = await session.scalar(select(m.Person.id).where(m.Person.max_user_id == 9804))
        await session.execute(m.Outbox.__table__.delete())
        session.add(m.Evidence(person_id=pid, school_id=world.school_id, item_code="x",
                               attachment={"type": "image"}, created_at=old))  # fmt: skip
        session.add(m.Outbox(key="old", kind="test", user_id=1, text="Имя Фамилия", buttons=[],
                             next_attempt_at=old, created_at=old, sent_at=old))  # fmt: skip
        session.add(m.Outbox(key="new", kind="test", user_id=1, text="x", buttons=[],
                             next_attempt_at=now, created_at=now, sent_at=now))  # fmt: skip
        await session.flush()
        await apply_retention(session, now, evidence_days=90, messages_days=30)
        await session.commit()
        assert list(await session.scalars(select(m.Evidence.attachment))) == [None]
        assert list(await session.scalars(select(m.Outbox.key))) == ["new"]
