"""A next step everywhere: every message a person receives in their dialog — sent, or an
edit that replaces it — carries at least one button, unless it is one of the deliberate
exceptions in `bot.ui.keyboards.NO_NEXT_STEP`. Each persona (teacher, administrator,
authority, kindergarten) walks its screens; the check runs over everything the emulator
recorded as sent to dialogs."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator import FakeMax
from bot.emulator.world import dialog_id
from bot.ui.keyboards import NO_NEXT_STEP
from bot.ui.texts import announce as announce_texts
from bot.ui.texts import authority as authority_texts
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import classes as classes_texts
from bot.ui.texts import common as common_texts
from bot.ui.texts import help as help_texts
from bot.ui.texts import inputs as inputs_texts
from bot.ui.texts import invites as invite_texts
from bot.ui.texts import pause as pause_texts
from bot.ui.texts import privacy as privacy_texts
from bot.ui.texts import schools as schools_texts

pytestmark = pytest.mark.usefixtures("weekday_noon")


def shown_in_dialogs(fake: FakeMax, users: set[int]) -> list[tuple[str, bool]]:
    """(text, has a button) of every message sent to these people's dialogs and of every
    edit that replaced one (an edit without attachments keeps the keyboard it had)."""
    dialogs = {dialog_id(u): u for u in users}
    shown = []

    def has_keyboard(attachments: list[Any]) -> bool:
        return any(a.get("type") == "inline_keyboard" for a in attachments)

    for request in fake.requests:
        body = request.json or {}
        if request.method == "POST" and request.path == "/messages":
            to = int(request.query.get("user_id") or 0) or dialogs.get(
                int(request.query.get("chat_id") or 0)
            )
            if to in users and body.get("text"):
                shown.append((body["text"], has_keyboard(body.get("attachments") or [])))
        elif request.method == "POST" and request.path == "/answers":
            new = body.get("message")
            if new and new.get("text"):
                attachments = new.get("attachments")
                kept = attachments is None
                shown.append((new["text"], kept or has_keyboard(attachments)))
    return shown


def dead_ends(fake: FakeMax, users: set[int]) -> list[str]:
    allowed = tuple(prefix for prefix, _ in NO_NEXT_STEP)
    return sorted(
        {text[:120] for text, buttons in shown_in_dialogs(fake, users)
         if not buttons and not text.startswith(allowed)}
    )  # fmt: skip


async def test_every_persona_always_has_a_next_step(bot, fake, world):
    admin = fake.user(9901, "Мария", "Попова")
    teacher = fake.user(9902, "Анна", "Иванова")
    inspector = fake.user(9903, "Ирина", "Кузнецова")
    head = fake.user(9904, "Ольга", "Смирнова")  # a kindergarten's administrator
    carer = fake.user(9905, "Вера", "Орлова")  # a kindergarten's group teacher
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await inspector.start(world.codes["authority"])
    await head.start(world.codes["dou_admin"])
    await carer.start(world.codes["dou_class_teacher"])

    # The teacher: the walk, help with a comment, the overview, /pause, /help, free text.
    await teacher.press(checklist_texts.BTN_DONE)
    await teacher.press(checklist_texts.BTN_HELP)
    await teacher.send("Не приходит СМС с кодом")
    await teacher.send("/checklist")
    await teacher.send("/pause")
    await teacher.send("/help")
    await teacher.send("как мне зарегистрироваться?")
    await teacher.send("привет")
    await teacher.press(common_texts.BTN_COMMANDS)
    await teacher.press(common_texts.BTN_NEED_HELP)
    await teacher.send("/pause")
    await teacher.press(pause_texts.BTN_PAUSE_WEEK)
    await teacher.send("/pause")
    await teacher.press(pause_texts.BTN_PAUSE_OFF)
    await teacher.send("/forget_me")
    await teacher.press(privacy_texts.BTN_FORGET_NO)
    await teacher.send("/checklist")
    for _ in range(40):  # to the end of the checklist
        if checklist_texts.BTN_DONE not in teacher.last_bot_message().labels():
            break
        await teacher.press(checklist_texts.BTN_DONE)

    # The administrator: answers the help request, solves it; their screens.
    await admin.press(help_texts.BTN_HELP_ANSWER)
    await admin.send("Позвоните мне, разберёмся.")
    await admin.press(help_texts.BTN_HELP_HANDLED)
    for command in ("/checklist", "/progress", "/digest", "/staff", "/invite", "/invites",
                    "/remind", "/classes", "/kpi", "/announce", "/help", "/rollover"):  # fmt: skip
        await admin.send(command)
    await admin.send("/invites")
    await admin.press(admin.last_bot_message().labels()[0])  # «Отозвать №…»: asks first
    await admin.press(invite_texts.BTN_REVOKE_YES)
    await admin.send("/invite")
    await admin.press("Педагог")
    await admin.press(invite_texts.days_button(30))
    await admin.press(invite_texts.uses_button(30))  # the link
    await admin.send("/staff")
    await admin.press(admin.last_bot_message().labels()[0])
    await admin.send("/classes")
    await admin.press(classes_texts.BTN_ADD)
    await admin.send("7В")
    await admin.send("/announce")
    await admin.press("Педагогам")
    await admin.press(announce_texts.BTN_CANCEL)
    await admin.press(announce_texts.BTN_CANCEL_YES)
    await admin.send("/announce")
    await admin.press("Педагогам")
    await admin.send("Совещание в пятницу.")
    await admin.press("📣 Отправить")
    await admin.send("что-то непонятное")

    # The authority: rating, a school's card and back, schools, digest, plan, export, help.
    for command in ("/progress", "/rating", "/schools", "/digest", "/plan", "/help"):
        await inspector.send(command)
    await inspector.send("/schools")
    await inspector.press(inspector.last_bot_message().labels()[0])  # a school's card
    await inspector.send("/rating")
    await inspector.press(inspector.last_bot_message().labels()[0])
    await inspector.send("а как зарегистрироваться?")
    await inspector.send("/schools")
    await inspector.press(inspector.last_bot_message().labels()[0])
    await inspector.press(schools_texts.BTN_SCHOOL_PROGRESS)
    await inspector.press(schools_texts.BTN_BACK_TO_SCHOOLS)
    await inspector.press(inspector.last_bot_message().labels()[0])
    await inspector.press(schools_texts.BTN_ADMIN_LINK)
    await inspector.send("/rating")
    await inspector.press(authority_texts.BTN_OVERDUE)
    await inspector.send("/addschool")
    await inspector.press(inspector.last_bot_message().labels()[0])
    await inspector.press(schools_texts.BTN_CANCEL)

    # The kindergarten: the head and a group's teacher.
    await head.press(checklist_texts.BTN_DONE)
    for command in ("/checklist", "/progress", "/staff", "/help"):
        await head.send(command)
    await carer.press(checklist_texts.BTN_HELP)
    await carer.press(inputs_texts.BTN_SKIP)
    await carer.send("/help")
    await carer.send("спасибо")

    users = {u.user_id for u in (admin, teacher, inspector, head, carer)}
    problems = dead_ends(fake, users)
    assert not problems, "messages without a next step:\n" + "\n".join(problems)


def test_every_exception_says_why():
    assert len({prefix for prefix, _ in NO_NEXT_STEP}) == len(NO_NEXT_STEP)
    assert all(prefix and len(reason) > 10 for prefix, reason in NO_NEXT_STEP)


async def test_the_known_dead_ends_now_lead_on(bot, fake, world):
    teacher, inspector = fake.user(9911, "Анна"), fake.user(9912, "Ирина")
    await teacher.start(world.codes["teacher"])
    await inspector.start(world.codes["authority"])
    steps = [common_texts.BTN_CHECKLIST, common_texts.BTN_NEED_HELP, common_texts.BTN_COMMANDS]
    await teacher.send("привет")
    hint = teacher.last_bot_message()
    assert hint.text == common_texts.HINT and hint.labels() == steps
    await teacher.send("как мне зарегистрироваться?")
    answer = teacher.last_bot_message()
    assert answer.text == common_texts.HINT_REGISTER and answer.labels() == steps
    await teacher.press(common_texts.BTN_COMMANDS, answer)
    shown = teacher.last_bot_message()
    assert shown.text.startswith("<b>Что я умею</b>") and shown.labels() == steps[:2]
    await teacher.send("/help")
    assert teacher.last_bot_message().labels() == steps[:2]
    await teacher.press(common_texts.BTN_CHECKLIST)
    assert teacher.last_bot_message().text.startswith("<b>Мой чек-лист</b>")

    await inspector.send("/help")
    assert inspector.last_bot_message().labels() == [common_texts.BTN_RATING]
    await inspector.send("/schools")
    await inspector.press(inspector.last_bot_message().labels()[0])  # a school's card
    assert schools_texts.BTN_BACK_TO_SCHOOLS in inspector.last_bot_message().labels()
    await inspector.press(schools_texts.BTN_BACK_TO_SCHOOLS)
    assert "МАОУ СОШ №24" in inspector.last_bot_message().labels()[0]
