"""The authority replaces its roadmap from the bot: `/plan`, a .toml file checked and
previewed by item code, «Заменить план» / «Отмена», stale and foreign presses refused (the
plan checks are in tests/unit/test_plan.py, `plan set` in tests/e2e/test_cli.py)."""

from __future__ import annotations

from html import escape

import pytest
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.plan import PlanError, default_plan, parse_plan
from bot.services import plans
from bot.services.checklist import load_view
from bot.ui import texts
from bot.ui.keyboards.plans import PlanCb
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import plans as t
from bot.ui.texts import privacy as privacy_texts
from storage.models import Answer, Audit, Authority, Person, PlanDraft
from tests.support.region import make_invite

pytestmark = pytest.mark.usefixtures("weekday_noon")

ITEM = """
[[items]]
code = "{code}"
ref = "п. {n}"
title = "{title}"
howto = "Сделайте по инструкции."
roles = ["admin", "class_teacher", "teacher", "staff"]
kinds = ["school", "preschool", "extra"]
scope = "personal"
{due}
"""


def plan_toml(name: str, *items: tuple[str, str, str]) -> str:
    """A small valid roadmap: (code, title, the due line) per item."""
    body = "".join(
        ITEM.format(code=code, n=n, title=title, due=due)
        for n, (code, title, due) in enumerate(items, 1)
    )
    return f'name = "{name}"\nsource = "Приказ УО"\n' + body


# Two items of the built-in plan kept (their answers stay), one new.
SPRING = plan_toml(
    "План УО на весну",
    ("order_read", "Ознакомился(ась) с приказом", "deadline = 2026-03-01"),
    ("max_phone", "MAX на телефоне", "deadline = 2026-03-01"),
    ("spring_check", "Проверил(а) настройки весной", "due_days = 14"),
)
AUTUMN = plan_toml(
    "План УО на осень",
    ("order_read", "Ознакомился(ась) с приказом", "deadline = 2026-10-01"),
    ("autumn_check", "Проверил(а) настройки осенью", 'every = "month"\nday = 5'),
)
BAD = plan_toml(
    "Неверный план",
    ("order_read", "Ознакомился(ась) с приказом", 'every = "fortnight"\nday = 3'),
    ("max_phone", "MAX на телефоне", "due_days = -3"),
)


async def plan_toml_of(bot, authority_id: int) -> str | None:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Authority.plan_toml).where(Authority.id == authority_id))


async def count(bot, model, *where) -> int:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def person_id(bot, max_user_id: int) -> int:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Person.id).where(Person.max_user_id == max_user_id))


def payload_of(message, label: str) -> str:
    return next(b["payload"] for row in message.buttons for b in row if b["text"] == label)


async def inspector_of(fake, world, user_id: int = 8101):
    inspector = fake.user(user_id, "Инспектор")
    await inspector.start(world.codes["authority"])
    return inspector


async def test_plan_command_shows_the_plan_in_force_and_how_to_replace_it(bot, fake, world):
    inspector = await inspector_of(fake, world)
    await inspector.send("/plan")
    text = inspector.last_bot_message().text
    built_in = default_plan()
    assert f"<b>План (дорожная карта)</b>: {built_in.name}" in text
    assert f"{len(built_in.items)} пунктов, встроенный план" in text
    assert ".toml" in text and "коду пункта" in text
    await inspector.send("/help")
    assert "/plan — план" in inspector.last_bot_message().text


async def test_upload_preview_confirm_keeps_the_answers_of_kept_codes(bot, fake, world):
    teacher = fake.user(8102, "Учитель")
    await teacher.start(world.codes["teacher"])  # shows the first item
    first = default_plan().items_for("teacher", "school")[0]
    assert first.code == "order_read"
    await teacher.press(checklist_texts.BTN_DONE)  # order_read: done, under the built-in plan
    assert await count(bot, Answer, Answer.item_code == "order_read") == 1

    inspector = await inspector_of(fake, world)
    await inspector.send_file("plan.toml", SPRING.encode())
    preview = inspector.last_bot_message()
    text = preview.text
    removed = [i for i in default_plan().items if i.code not in ("order_read", "max_phone")]
    assert text.startswith("📋 <b>Новый план</b>: План УО на весну")
    assert f"Сейчас действует: {default_plan().name}" in text
    assert "<b>Добавятся</b> (1):\n• <code>spring_check</code> — Проверил(а) настройки весной" in (
        text
    )
    assert f"<b>Уберутся</b> ({len(removed)}):" in text
    assert f"• <code>{removed[0].code}</code> — {escape(removed[0].title)}" in text
    assert f"…и ещё {len(removed) - t.MAX_SHOWN}" in text
    assert "<b>Останутся</b>: 2 пункта" in text
    assert preview.labels() == [t.BTN_REPLACE, t.BTN_CANCEL]
    assert await plan_toml_of(bot, world.authority_id) is None  # nothing changes yet
    assert await count(bot, PlanDraft) == 1

    await inspector.press(t.BTN_REPLACE)
    done = inspector.last_bot_message()
    assert done.mid == preview.mid and not done.buttons  # the preview, edited in place
    assert done.text == t.replaced("План УО на весну", 1, len(removed), 2)
    assert await plan_toml_of(bot, world.authority_id) == SPRING
    assert await count(bot, PlanDraft) == 0
    async with bot.app.sessionmaker() as session:
        audits = list(await session.scalars(select(Audit).where(Audit.action == "plan.replace")))
        person = await session.scalar(select(Person).where(Person.max_user_id == 8102))
        view = await load_view(session, person, utcnow())
    assert [a.actor_person_id for a in audits] == [await person_id(bot, 8101)]
    assert audits[0].details["added"] == ["spring_check"]
    assert [s.item.code for s in view.states] == ["order_read", "max_phone", "spring_check"]
    assert (view.summary.total, view.summary.done) == (3, 1)  # order_read's answer counts

    await inspector.send("/plan")
    assert "План УО на весну" in inspector.last_bot_message().text
    assert "3 пункта, свой план управления" in inspector.last_bot_message().text


async def test_invalid_plan_lists_the_problems_and_stores_nothing(bot, fake, world):
    inspector = await inspector_of(fake, world)
    with pytest.raises(PlanError) as caught:
        parse_plan(BAD, "bad.toml")
    problems = caught.value.problems
    assert any("fortnight" in p for p in problems) and any("negative" in p for p in problems)

    await inspector.send_file("bad.toml", BAD.encode())
    reply = inspector.last_bot_message()
    assert reply.text.startswith(f"❌ В файле плана {len(problems)} ошибки:\n<pre>")
    for problem in problems:  # the English messages, as `plan check` prints them
        assert escape(problem, quote=False) in reply.text
    assert "План не изменён" in reply.text and not reply.buttons

    await inspector.send_file("plan.toml", "name = 'План'\n".encode("utf-16"))
    assert inspector.last_bot_message().text == t.NOT_TEXT
    await inspector.send_file("plan.toml", b"# " + b"x" * plans.MAX_FILE_BYTES)
    assert inspector.last_bot_message().text == t.TOO_BIG

    many = "".join(  # 150 items with the same mistake: more problems than a message holds
        ITEM.format(code=f"item_{n}", n=n, title="Пункт", due='every = "fortnight"\nday = 1')
        for n in range(150)
    )
    await inspector.send_file("many.toml", ('name = "Много"\nsource = "—"\n' + many).encode())
    text = inspector.last_bot_message().text
    assert text.startswith("❌ В файле плана 150 ошибок:") and "\n…и ещё " in text
    assert len(text) < 4000

    assert await count(bot, PlanDraft) == 0
    assert await plan_toml_of(bot, world.authority_id) is None
    assert await count(bot, Audit, Audit.action == "plan.replace") == 0


async def test_a_preview_is_stale_after_another_upload_or_a_plan_change(bot, fake, world):
    inspector = await inspector_of(fake, world)
    await inspector.send_file("spring.toml", SPRING.encode())
    first = inspector.last_bot_message()
    await inspector.send_file("autumn.toml", AUTUMN.encode())
    second = inspector.last_bot_message()
    assert await count(bot, PlanDraft) == 1  # one draft per authority: the newer one

    await inspector.press(t.BTN_REPLACE, first)
    assert inspector.notifications()[-1] == t.STALE
    assert await plan_toml_of(bot, world.authority_id) is None
    await inspector.press(t.BTN_CANCEL, first)  # nor does it cancel the newer draft
    assert inspector.notifications()[-1] == t.STALE
    assert await count(bot, PlanDraft) == 1

    # The plan changes meanwhile (e.g. `plan set` from the command line).
    async with bot.app.sessionmaker() as session:
        authority = await session.get(Authority, world.authority_id)
        await plans.replace_plan(session, authority, SPRING, utcnow())
        await session.commit()
    await inspector.press(t.BTN_REPLACE, second)
    assert inspector.notifications()[-1] == t.STALE
    assert await plan_toml_of(bot, world.authority_id) == SPRING

    await inspector.send_file("autumn.toml", AUTUMN.encode())  # sent again: a fresh preview
    assert "<b>Останутся</b>: 1 пункт" in inspector.last_bot_message().text
    await inspector.press(t.BTN_REPLACE)
    assert await plan_toml_of(bot, world.authority_id) == AUTUMN


async def test_confirming_twice_replaces_once(bot, fake, world):
    inspector = await inspector_of(fake, world)
    await inspector.send_file("plan.toml", SPRING.encode())
    preview = inspector.last_bot_message()
    replace = payload_of(preview, t.BTN_REPLACE)
    await inspector.press_payload(replace, preview)
    await inspector.press_payload(replace, preview)
    assert inspector.notifications()[-1] == t.ALREADY
    assert await count(bot, Audit, Audit.action == "plan.replace") == 1
    assert await plan_toml_of(bot, world.authority_id) == SPRING
    await inspector.press_payload(payload_of(preview, t.BTN_CANCEL), preview)
    assert inspector.notifications()[-1] == t.ALREADY  # a cancel after it undoes nothing
    assert await plan_toml_of(bot, world.authority_id) == SPRING


async def test_cancel_drops_the_draft(bot, fake, world):
    inspector = await inspector_of(fake, world)
    await inspector.send_file("plan.toml", SPRING.encode())
    preview = inspector.last_bot_message()
    replace = payload_of(preview, t.BTN_REPLACE)
    await inspector.press(t.BTN_CANCEL)
    assert inspector.last_bot_message().text == t.CANCELLED
    assert await count(bot, PlanDraft) == 0
    await inspector.press_payload(replace, preview)  # the confirm button of the cancelled one
    assert inspector.notifications()[-1] == t.STALE
    assert await plan_toml_of(bot, world.authority_id) is None
    assert await count(bot, Audit, Audit.action == "plan.replace") == 0


async def test_others_can_neither_upload_nor_press(bot, fake, world, settings):
    admin, teacher = fake.user(8201, "Директор"), fake.user(8202, "Учитель")
    stranger = fake.user(8203, "Прохожий")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    for who, refusal in ((admin, t.ONLY_AUTHORITY_FILE), (teacher, t.ONLY_AUTHORITY_FILE),
                         (stranger, texts.NOT_REGISTERED)):  # fmt: skip
        await who.send_file("plan.toml", SPRING.encode())
        assert who.last_bot_message().text == refusal
        await who.send("/plan")
        assert who.last_bot_message().text in (texts.NOT_ALLOWED, texts.NOT_REGISTERED)
    assert await count(bot, PlanDraft) == 0

    inspector = await inspector_of(fake, world)
    await inspector.send_file("plan.toml", SPRING.encode())
    replace = payload_of(inspector.last_bot_message(), t.BTN_REPLACE)
    cancel = payload_of(inspector.last_bot_message(), t.BTN_CANCEL)
    colleague = fake.user(8204, "Коллега")  # the same authority, not the button's person
    await colleague.start(
        await make_invite(settings, authority_id=world.authority_id, role="authority")
    )
    for who in (admin, teacher, stranger, colleague):
        for forged in (replace, cancel):
            await who.press_payload(forged, who.messages()[-1])
            assert who.notifications()[-1] == texts.FOREIGN_BUTTON
    # A forged payload for the colleague: the fingerprints do not match the draft.
    own = PlanCb(person_id=await person_id(bot, 8204), act="replace", draft="0" * 12, plan="0" * 12)
    await colleague.press_payload(own.pack(), colleague.messages()[-1])
    assert colleague.notifications()[-1] == t.STALE
    assert await plan_toml_of(bot, world.authority_id) is None
    assert await count(bot, PlanDraft) == 1
    assert await count(bot, Audit, Audit.action == "plan.replace") == 0


async def test_a_draft_goes_with_the_person_who_sent_it(bot, fake, world):
    inspector = await inspector_of(fake, world)
    await inspector.send_file("plan.toml", SPRING.encode())
    preview = inspector.last_bot_message()
    assert await count(bot, PlanDraft) == 1
    await inspector.send("/forget_me")
    await inspector.press(privacy_texts.BTN_FORGET_YES)
    assert await count(bot, PlanDraft) == 0
    await inspector.press(t.BTN_REPLACE, preview)  # no longer theirs: nothing happens
    assert await plan_toml_of(bot, world.authority_id) is None
