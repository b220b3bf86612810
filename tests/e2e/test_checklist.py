"""The walk-through: item by item with buttons, summaries, stale/foreign buttons, restarts."""

from __future__ import annotations

from sqlalchemy import select

from bot.plan import default_plan
from bot.ui import texts
from bot.ui.keyboards.checklist import AnswerCb, MenuCb
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import common as common_texts
from bot.ui.texts import help as help_texts
from bot.ui.texts import joining as joining_texts
from bot.ui.texts import verify as verify_texts
from storage.models import Answer, Person, SchoolAnswer
from tests.support.db import session_on
from tests.support.images import answer_with_screenshot


async def answers(settings, model=Answer) -> list:
    async with session_on(settings) as session:
        return list(await session.scalars(select(model).order_by(model.id)))


async def person_id(settings, max_user_id: int) -> int:
    async with session_on(settings) as session:
        return await session.scalar(select(Person.id).where(Person.max_user_id == max_user_id))


def title_of(text: str) -> str:
    """The item title: the second line of an item card."""
    return text.splitlines()[1].removeprefix("<b>").removesuffix("</b>")


async def walk(user, label=checklist_texts.BTN_DONE) -> list[str]:
    """Press `label` on every item until the summary (sending the screenshot an item asks
    for instead of «Готово»); return the titles seen in order."""
    titles = []
    for _ in range(60):
        text = user.last_bot_message().text
        if not text.startswith("<b>Пункт"):
            return titles
        titles.append(title_of(text))
        await answer_with_screenshot(user, label)
    raise AssertionError("the walk did not end")


def expected_titles(role: str, kind: str, class_label: str | None = None) -> list[str]:
    """The titles a person walks through: a class item names the class it is for."""
    return [
        f"{item.title} — {class_label}" if item.scope == "class" and class_label else item.title
        for item in default_plan().items_for(role, kind)
    ]


async def test_teacher_walks_the_whole_checklist_with_buttons(bot, fake, world, settings):
    user = fake.user(2001, "Анна")
    await user.start(world.codes["teacher"])
    titles = await walk(user)
    assert titles == expected_titles("teacher", "school")
    assert "Вы прошли весь чек-лист" in user.last_bot_message().text
    # «Готово» closed every item but the screenshot one: a screenshot closed that (nobody
    # to review it in the school yet: done, self-reported).
    assert user.notifications().count("Отмечено: готово ✅") == len(titles) - 1
    assert user.notifications().count(verify_texts.SCREENSHOT_NEEDED_TOAST) == 1
    rows = await answers(settings)
    assert [r.status for r in rows] == ["done"] * len(titles)
    assert [r.item_code for r in rows if r.verification is None] == [r.item_code for r in rows]
    assert all(r.answered_at is not None for r in rows)


async def test_class_teacher_items_differ_between_school_and_preschool(bot, fake, world):
    ou, dou = fake.user(2002, "Ирина"), fake.user(2003, "Ольга")
    await ou.start(world.codes["class_teacher"])
    await dou.start(world.codes["dou_class_teacher"])
    ou_titles, dou_titles = await walk(ou), await walk(dou)
    assert ou_titles == expected_titles("class_teacher", "school", "5А")
    assert dou_titles == expected_titles("class_teacher", "preschool", "Ромашка")
    plan = default_plan()
    students_chat = plan.item("chat_students").title
    assert f"{students_chat} — 5А" in ou_titles
    assert not any(title.startswith(students_chat) for title in dou_titles)
    assert f"{plan.item('chat_teachers').title} — 5А" in ou_titles
    assert f"{plan.item('chat_parents').title} — Ромашка" in dou_titles
    assert "воспитатель группы" in dou.bot_texts()[0]


async def test_help_and_not_applicable_then_checklist_and_continue(bot, fake, world, settings):
    user = fake.user(2004, "Борис")
    await user.start(world.codes["staff"])
    items = expected_titles("staff", "school")
    await user.press(checklist_texts.BTN_HELP)  # item 1 -> help; the bot offers to add a comment
    assert user.last_bot_message().text == help_texts.HELP_NO_ADMIN  # no admin has joined yet
    await user.press(checklist_texts.BTN_CONTINUE)
    await user.press(checklist_texts.BTN_NA)  # item 2 -> not applicable
    rest = await walk(user)
    assert rest == items[2:]
    summary = user.last_bot_message().text
    assert "Нужна помощь: 1" in summary and "Не относится: 1" in summary
    await user.send("/checklist")
    overview = user.last_bot_message()
    assert "Мой чек-лист" in overview.text and "Открыто: 1" in overview.text
    assert overview.labels()[0] == checklist_texts.BTN_CONTINUE
    await user.press(checklist_texts.BTN_CONTINUE)
    card = user.last_bot_message().text
    assert title_of(card) == items[0] and "Сейчас отмечено: 🆘" in card
    await user.press(checklist_texts.BTN_DONE)  # the help item is now done
    assert "Вы прошли весь чек-лист" in user.last_bot_message().text
    statuses = {r.item_code: r.status for r in await answers(settings)}
    assert sorted(statuses.values()).count("done") == len(items) - 1
    assert list(statuses.values()).count("na") == 1


async def test_stale_foreign_and_unknown_buttons_change_nothing(bot, fake, world, settings):
    anna, boris = fake.user(2005, "Анна"), fake.user(2006, "Борис")
    await anna.start(world.codes["teacher"])
    await boris.start(world.codes["teacher"])
    first_card = anna.last_bot_message()
    old_done = next(
        b["payload"]
        for row in first_card.buttons
        for b in row
        if b["text"] == checklist_texts.BTN_DONE
    )
    await anna.press(checklist_texts.BTN_DONE)
    before = [(a.person_id, a.item_code, a.status) for a in await answers(settings)]
    # The same "done" button again, from an older state of the item: refused as stale.
    old_help = AnswerCb.unpack(old_done).model_copy(update={"act": "h"}).pack()
    await anna.press_payload(old_help)
    assert anna.notifications()[-1] == checklist_texts.STALE_BUTTON
    # Boris presses a button drawn for Anna.
    await boris.press_payload(old_done)
    assert boris.notifications()[-1] == texts.FOREIGN_BUTTON
    # An item that is not on Anna's list (a class teacher's item), and garbage payloads.
    pid = await person_id(settings, 2005)
    await anna.press_payload(AnswerCb(person_id=pid, code="chat_students", act="d", seen="").pack())
    assert anna.notifications()[-1] == checklist_texts.NOT_APPLICABLE_BUTTON
    for garbage in (
        "a|x|y|z|w",
        "a|1|order_read|q|",
        "zzz",
        MenuCb(person_id=pid, act="boom").pack(),
    ):
        await anna.press_payload(garbage)
        assert anna.notifications()[-1] == texts.UNKNOWN_BUTTON, garbage
    stranger = fake.user(2007, "Чужой")
    await stranger.press_payload(old_done, message=first_card)
    assert stranger.notifications()[-1] == texts.NOT_REGISTERED
    after = [(a.person_id, a.item_code, a.status) for a in await answers(settings)]
    assert after == before


async def test_restart_mid_walk_loses_nothing_and_resumes(bot, fake, world, settings):
    user = fake.user(2008, "Вера")
    await user.start(world.codes["teacher"])
    items = expected_titles("teacher", "school")
    for _ in range(3):
        await user.press(checklist_texts.BTN_DONE)
    await bot.kill()
    assert len(await answers(settings)) == 3
    await bot.start()
    await user.send("/checklist")
    assert "Сделано: 3" in user.last_bot_message().text
    await user.press(checklist_texts.BTN_CONTINUE)
    assert title_of(user.last_bot_message().text) == items[3]
    # A plain Start after the restart also resumes at the same place.
    await user.start()
    assert title_of(user.last_bot_message().text) == items[3]


async def test_admin_walks_school_level_and_personal_items(bot, fake, world, settings):
    admin = fake.user(2009, "Директор")
    await admin.start(world.codes["admin"])
    titles = await walk(admin)
    assert titles == expected_titles("admin", "school")
    plan = default_plan()
    school_codes = {i.code for i in plan.school_items_for("school")}
    assert {plan.item(c).title for c in ("school_order", "site_info", "revoke_invites")} <= set(
        titles
    )
    rows = await answers(settings, SchoolAnswer)
    assert {r.item_code for r in rows} == school_codes
    # A second administrator of the same school sees the school-level items already done.
    second = fake.user(2010, "Завуч")
    await second.start(world.codes["admin"])
    rest = await walk(second)
    personal = [i.title for i in plan.personal_items_for("admin", "school")]
    assert rest == personal


async def test_text_gets_a_hint_and_help_lists_role_commands(bot, fake, world):
    user = fake.user(2011, "Галина")
    await user.send("привет")
    assert user.bot_texts()[-1] == joining_texts.START_STRANGER
    await user.start(world.codes["teacher"])
    await user.send("что делать?")
    assert user.bot_texts()[-1] == common_texts.HINT
    await user.send("/help")
    help_text = user.bot_texts()[-1]
    assert "/checklist" in help_text and "/progress" not in help_text
    admin = fake.user(2012, "Админ")
    await admin.start(world.codes["admin"])
    await admin.send("/help")
    assert "/progress" in admin.bot_texts()[-1]
