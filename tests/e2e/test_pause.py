"""Pausing reminders with `/pause`, its buttons and a typed date; the admin sees it."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from bot.clock import utcnow
from bot.rules.checklist import local_today
from bot.ui import texts
from bot.ui.texts import common as common_texts
from bot.ui.texts import digest as digest_texts
from bot.ui.texts import pause as pause_texts


async def test_pause_buttons_typed_date_and_admin_view(bot, fake, world):
    user, admin = fake.user(9101, "Лена"), fake.user(9102, "Директор")
    await admin.start(world.codes["admin"])
    await user.start(world.codes["teacher"])
    today = local_today(utcnow(), "Europe/Moscow")

    await user.send("/pause")
    assert "Сейчас паузы нет" in user.last_bot_message().text
    await user.press(pause_texts.BTN_PAUSE_WEEK)
    week = today + timedelta(days=6)
    assert user.last_bot_message().text == pause_texts.paused(week)

    await user.send("/pause")
    await user.press(pause_texts.BTN_PAUSE_DATE)
    example = today + timedelta(days=14)  # computed from today, never a date in the past
    assert user.last_bot_message().text == pause_texts.ask_date(example)
    assert example.strftime("%d.%m.%Y") in pause_texts.ask_date(example)
    await user.send("на следующей неделе")
    assert user.bot_texts()[-1] == pause_texts.bad_date(example)  # still waiting for a date
    await user.send((today - timedelta(days=1)).strftime("%d.%m.%Y"))
    assert user.bot_texts()[-1] == pause_texts.past_date(example)
    await user.send((today + timedelta(days=400)).strftime("%d.%m.%Y"))
    assert user.bot_texts()[-1] == pause_texts.PAUSE_TOO_FAR
    until = today + timedelta(days=20)
    await user.send(until.strftime("%d.%m.%Y"))
    assert user.bot_texts()[-1] == pause_texts.paused(until)
    await user.send("просто текст")
    assert user.bot_texts()[-1] == common_texts.HINT  # no longer waiting for a date

    await admin.send("/progress")
    assert f"• Лена — до {until:%d.%m.%Y}" in admin.bot_texts()[-1]

    await user.send("/pause")
    await user.press(pause_texts.BTN_PAUSE_OFF)
    assert user.last_bot_message().text == pause_texts.PAUSE_OFF
    await admin.send("/progress")
    assert "На паузе" not in admin.bot_texts()[-1]

    with time_machine.travel(utcnow() + timedelta(days=1), tick=True):
        await user.send("/pause 01.13.2026")
        tomorrow = today + timedelta(days=1)
        assert user.bot_texts()[-1] == pause_texts.bad_date(tomorrow + timedelta(days=14))

    # The example the bot gives is a date it accepts.
    await user.send("/pause")
    await user.press(pause_texts.BTN_PAUSE_DATE)
    await user.send(example.strftime("%d.%m.%Y"))
    assert user.bot_texts()[-1] == pause_texts.paused(example)


async def test_staff_and_strangers_cannot_use_admin_commands(bot, fake, world):
    stranger, teacher = fake.user(9103, "Никто"), fake.user(9104, "Учитель")
    await teacher.start(world.codes["teacher"])
    await stranger.send("/digest")
    assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED
    await teacher.send("/digest")
    assert teacher.bot_texts()[-1] == digest_texts.DIGEST_REFUSED
    await stranger.send("/pause")
    assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED
