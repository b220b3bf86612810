"""Screenshots as evidence: a person's photo reaches the administrator, who approves it or
returns it with a reason — through the real bot, the fake MAX API and a SQLite file."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
import time_machine
from sqlalchemy import select

from bot.rules.verify import Mark
from bot.services import verify
from bot.ui import texts
from bot.ui.keyboards.checklist import OpenItemCb
from bot.ui.keyboards.verify import EvidenceCb
from bot.ui.texts import chats as chat_texts
from bot.ui.texts import export as export_texts
from bot.ui.texts import verify as t
from bot.ui.texts.checklist import BTN_CHECKLIST, BTN_DONE
from storage.models import Answer, Audit, Evidence, Outbox, Person
from tests.support.export import checks_row, item_checks
from tests.support.images import png

TUESDAY_NOON = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, a working day
TITLE = "Вступил(а) в организацию в Сферуме, статус подтверждён"


@pytest.fixture
def workday():
    with time_machine.travel(TUESDAY_NOON, tick=True):
        yield TUESDAY_NOON


async def _person(bot, user) -> Person:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Person).where(Person.max_user_id == user.user_id))


async def _answer(bot, user, code: str = "sferum_join") -> Answer | None:
    person = await _person(bot, user)
    async with bot.app.sessionmaker() as session:
        return await session.scalar(
            select(Answer).where(Answer.person_id == person.id, Answer.item_code == code)
        )


async def _evidence(bot) -> list[Evidence]:
    async with bot.app.sessionmaker() as session:
        return list(await session.scalars(select(Evidence).order_by(Evidence.id)))


def _review_message(admin):
    """The administrator's latest message carrying a screenshot."""
    return next(
        m
        for m in reversed(admin.bot_messages())
        if any(a["type"] == "image" for a in m.attachments)
    )


async def test_image_fetcher_limits_size_and_keeps_the_token_home(fake):
    data = png(7) + b"\0" * 5000
    url = fake.user_attachment("image", data)["payload"]["url"]
    auth = {"Authorization": fake.token}
    assert await verify.image_fetcher(fake.url, auth)(url) == data
    assert await verify.image_fetcher(fake.url, auth, limit=1000)(url) is None
    # A URL elsewhere gets no token: here the (token-protected) fake answers 401.
    assert await verify.image_fetcher("http://elsewhere.example", auth)(url) is None
    assert await verify.image_fetcher(fake.url, auth)("ftp://x/y") is None


# --- end to end ----------------------------------------------------------------------------


async def test_screenshot_is_approved_by_the_admin(bot, fake, world, workday):
    admin, teacher = fake.user(6001, "Директор"), fake.user(6002, "Анна")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    shot = png(1)
    await teacher.send_image(shot)

    assert t.EVIDENCE_SENT in teacher.bot_texts()
    notice = _review_message(admin)
    assert "Анна" in notice.text and TITLE in notice.text
    assert notice.labels() == [t.BTN_APPROVE, t.BTN_RETURN]
    assert fake.uploads[-1].data == shot  # the very photo, uploaded again for the admin
    answer = await _answer(bot, teacher)
    assert (answer.status, answer.verification) == ("done", "pending")
    [evidence] = await _evidence(bot)
    assert evidence.status == "pending" and evidence.attachment["type"] == "image"
    assert evidence.attachment["payload"]["url"].endswith("/files/1")

    await admin.press(t.BTN_APPROVE, message=notice)
    assert admin.notifications()[-1] == t.EVIDENCE_APPROVED_TOAST
    assert admin.bot_texts()[-1] == t.evidence_approved_for_admin("Анна", TITLE)
    assert teacher.bot_texts()[-1] == t.evidence_approved_for_person(TITLE)
    answer = await _answer(bot, teacher)
    admin_person = await _person(bot, admin)
    assert (answer.status, answer.verification) == ("done", "verified")
    assert answer.verified_by == admin_person.id and answer.verified_at is not None
    [evidence] = await _evidence(bot)
    assert (evidence.status, evidence.reviewed_by) == ("approved", admin_person.id)

    # A second press (approve or return) changes nothing.
    before = len(teacher.bot_texts())
    await admin.press(t.BTN_APPROVE, message=notice)
    assert admin.notifications()[-1] == t.EVIDENCE_ALREADY_APPROVED
    await admin.press(t.BTN_RETURN, message=notice)
    assert admin.notifications()[-1] == t.EVIDENCE_ALREADY_APPROVED
    assert len(teacher.bot_texts()) == before
    assert (await _answer(bot, teacher)).verification == "verified"

    # Nothing waits for a screenshot now: the photo is explained, not forwarded.
    sent_to_admin = len(admin.bot_messages())
    await teacher.send_image(png(2))
    assert teacher.bot_texts()[-1] == t.EVIDENCE_NOT_EXPECTED
    assert len(admin.bot_messages()) == sent_to_admin


async def test_screenshot_returned_with_a_reason_reopens_the_item(bot, fake, world, workday):
    admin, teacher = fake.user(6011, "Директор"), fake.user(6012, "Борис")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["class_teacher"])
    await teacher.send_image(png(1))
    first = _review_message(admin)
    await teacher.send_image(png(2))  # a better one before the review: it replaces the first
    notice = _review_message(admin)
    assert notice.mid != first.mid
    await admin.press(t.BTN_APPROVE, message=first)
    assert admin.notifications()[-1] == t.EVIDENCE_REPLACED
    assert (await _answer(bot, teacher)).verification == "pending"

    await admin.press(t.BTN_RETURN, message=notice)
    assert admin.notifications()[-1] == t.RETURN_PICK_TOAST
    reasons = admin.last_bot_message()
    assert reasons.text == t.return_ask_reason("Борис", TITLE)
    assert reasons.labels() == list(t.RETURN_REASONS.values())
    assert fake.message(notice.mid)["body"]["attachments"][0]["type"] == "image"  # kept

    await admin.press("Не виден статус", message=reasons)
    assert admin.notifications()[-1] == t.EVIDENCE_RETURNED_TOAST
    assert fake.message(reasons.mid)["body"]["text"] == t.evidence_returned_for_admin(
        "Борис", TITLE, "Не виден статус"
    )
    told = teacher.last_bot_message()
    assert told.text == t.evidence_returned_for_person(TITLE, "Не виден статус")
    assert await _answer(bot, teacher) is None  # the item is open again
    evidence = await _evidence(bot)
    assert [e.status for e in evidence] == ["replaced", "returned"]
    assert evidence[1].comment == "Не виден статус"

    before = len(teacher.bot_messages())
    await admin.press("Нечитаемый снимок", message=reasons)
    assert admin.notifications()[-1] == t.EVIDENCE_ALREADY_RETURNED
    assert len(teacher.bot_messages()) == before

    await teacher.press(t.BTN_OPEN_ITEM, message=told)
    assert TITLE in teacher.last_bot_message().text
    await teacher.send_image(png(3))  # the new screenshot goes for review again
    assert (await _answer(bot, teacher)).verification == "pending"
    assert _review_message(admin).mid != notice.mid


async def test_only_admins_of_the_same_school_may_review(bot, fake, world, workday):
    admin, teacher = fake.user(6021, "Директор"), fake.user(6022, "Вера")
    other_admin, stranger = fake.user(6023, "Заведующая ДОУ"), fake.user(6024, "Никто")
    second_admin = fake.user(6025, "Завуч")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await other_admin.start(world.codes["dou_admin"])
    await teacher.send_image(png(1))
    notice = _review_message(admin)
    approve = notice.buttons[0][0]["payload"]
    [evidence] = await _evidence(bot)

    await teacher.send("/checklist")
    await teacher.press_payload(approve)
    assert teacher.notifications()[-1] == texts.ONLY_ADMIN
    await stranger.send("привет")
    await stranger.press_payload(approve, message=stranger.last_bot_message())
    assert stranger.notifications()[-1] == texts.NOT_REGISTERED
    await other_admin.press_payload(approve)  # forged: another school's screenshot
    assert other_admin.notifications()[-1] == texts.FORBIDDEN_OBJECT
    await admin.press_payload(EvidenceCb(evidence_id=evidence.id, act="zz").pack(), message=notice)
    assert admin.notifications()[-1] == texts.UNKNOWN_BUTTON
    await admin.press_payload(
        EvidenceCb(evidence_id=evidence.id + 99, act="approve").pack(), message=notice
    )
    assert admin.notifications()[-1] == texts.UNKNOWN_BUTTON

    [evidence] = await _evidence(bot)
    assert evidence.status == "pending"
    assert (await _answer(bot, teacher)).verification == "pending"
    async with bot.app.sessionmaker() as session:
        audit = list(await session.scalars(select(Audit).where(Audit.action == "forbidden")))
    dou_admin = await _person(bot, other_admin)
    assert [(a.actor_person_id, a.details["what"]) for a in audit] == [(dou_admin.id, "evidence")]

    # An administrator's own screenshot is reviewed by another administrator, never by them.
    await second_admin.start(world.codes["admin"])
    await admin.send_image(png(2))
    own = _review_message(second_admin)
    assert "Директор" in own.text
    await admin.press_payload(own.buttons[0][0]["payload"], message=notice)
    assert admin.notifications()[-1] == t.EVIDENCE_OWN
    assert (await _answer(bot, admin)).verification == "pending"


async def test_without_another_admin_the_screenshot_is_kept_and_the_item_done(
    bot, fake, world, workday
):
    teacher = fake.user(6031, "Галина")
    await teacher.start(world.codes["dou_class_teacher"])  # the ДОУ has no administrator yet
    await teacher.send_image(png(1))
    assert t.evidence_no_reviewer(TITLE) in teacher.bot_texts()
    answer = await _answer(bot, teacher)
    assert (answer.status, answer.verification) == ("done", None)
    assert [e.status for e in await _evidence(bot)] == ["pending"]


async def test_staff_only_and_photos_outside_a_checklist(bot, fake, world, workday):
    stranger, inspector = fake.user(6041, "Никто"), fake.user(6042, "Инспектор")
    await inspector.start(world.codes["authority"])
    await stranger.send_image(png(1))
    assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED
    await inspector.send_image(png(1))
    assert inspector.bot_texts()[-1] == texts.NOT_ALLOWED
    assert await _evidence(bot) == []


async def test_screenshot_at_night_reaches_the_admin_in_the_morning(bot, fake, world):
    admin, teacher = fake.user(6051, "Директор"), fake.user(6052, "Дарья")
    night = TUESDAY_NOON + timedelta(hours=10)  # 22:00 in Moscow
    with time_machine.travel(night, tick=True):
        await admin.start(world.codes["admin"])
        await teacher.start(world.codes["staff"])
        await teacher.send_image(png(5))
        assert t.EVIDENCE_SENT in teacher.bot_texts()
        assert not any(a["type"] == "image" for m in admin.bot_messages() for a in m.attachments)
    morning = TUESDAY_NOON + timedelta(hours=20)  # 08:00 in Moscow
    with time_machine.travel(morning, tick=True):
        await bot.app.ticker.tick(morning)
    notice = _review_message(admin)
    assert notice.labels() == [t.BTN_APPROVE, t.BTN_RETURN]
    assert fake.uploads[-1].data == png(5)
    async with bot.app.sessionmaker() as session:
        row = await session.scalar(select(Outbox).where(Outbox.kind == "evidence"))
    assert row.sent_at is not None and row.image == png(5)


# --- «Готово» does not close a screenshot item (issue 13, point 5) ------------------------------


def _card_of(user, title: str = TITLE):
    """The latest message showing the item's card."""
    return next(m for m in reversed(user.bot_messages()) if m.text and title in m.text)


async def _open_join_item(teacher, person_id: int):
    await teacher.send("/checklist")
    await teacher.press_payload(OpenItemCb(person_id=person_id, code="sferum_join").pack())
    return _card_of(teacher)


async def test_done_alone_never_closes_a_screenshot_item(bot, fake, world, workday):
    admin, teacher = fake.user(6061, "Директор"), fake.user(6062, "Ева")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    me = await _person(bot, teacher)

    card = await _open_join_item(teacher, me.id)
    assert t.evidence_note("screenshot", Mark.OPEN, None) in fake.message(card.mid)["body"]["text"]
    await teacher.press(BTN_DONE, message=card)
    assert teacher.notifications()[-1] == t.SCREENSHOT_NEEDED_TOAST
    refused = fake.message(card.mid)["body"]["text"]
    assert refused == t.screenshot_needed(TITLE, None) and t.HOW_TO_SEND in refused
    after = teacher.last_bot_message()
    assert after.labels() == [t.BTN_NEXT_ITEM, BTN_CHECKLIST]
    assert await _answer(bot, teacher) is None  # still open
    await teacher.press(t.BTN_NEXT_ITEM, message=after)
    assert "Включён безопасный режим" in teacher.last_bot_message().text  # the walk goes on

    # The screenshot: under review, not done yet; «Готово» still records nothing.
    await teacher.send_image(png(1))
    card = await _open_join_item(teacher, me.id)
    assert "Сейчас: ⏳ на проверке" in card.text
    await teacher.press(BTN_DONE, message=card)
    assert teacher.notifications()[-1] == t.SCREENSHOT_ON_REVIEW_TOAST
    answer = await _answer(bot, teacher)
    assert (answer.status, answer.verification) == ("done", "pending")

    # Returned: open again with the reason; «Готово» cannot close it.
    await admin.press(t.BTN_RETURN, message=_review_message(admin))
    await admin.press("Не виден статус", message=admin.last_bot_message())
    told = teacher.last_bot_message()
    assert told.text == t.evidence_returned_for_person(TITLE, "Не виден статус")
    await teacher.press(t.BTN_OPEN_ITEM, message=told)
    card = _card_of(teacher)
    assert "↩️ Вернули: Не виден статус — пришлите новый снимок" in card.text
    await teacher.press(BTN_DONE, message=card)
    assert teacher.notifications()[-1] == t.SCREENSHOT_NEEDED_TOAST
    assert fake.message(card.mid)["body"]["text"] == t.screenshot_needed(TITLE, "Не виден статус")
    assert await _answer(bot, teacher) is None
    await teacher.send("/checklist")
    assert "↩️ 5. " + TITLE[:20] in " ".join(teacher.last_bot_message().labels())

    # A new photo goes to review again; confirmed, it is done and verified.
    await teacher.send_image(png(2))
    assert (await _answer(bot, teacher)).verification == "pending"
    await admin.press(t.BTN_APPROVE, message=_review_message(admin))
    answer = await _answer(bot, teacher)
    assert (answer.status, answer.verification) == ("done", "verified")
    card = await _open_join_item(teacher, me.id)
    assert "✅ Подтверждено администратором." in card.text


async def test_every_figure_shows_verified_and_self_reported_apart(bot, fake, world, workday):
    admin, anna, boris = (
        fake.user(6071, "Директор"),
        fake.user(6072, "Анна"),
        fake.user(6073, "Борис"),
    )
    vera, inspector = fake.user(6074, "Вера"), fake.user(6075, "Инспектор")
    await admin.start(world.codes["admin"])
    for user, code in ((anna, "teacher"), (boris, "staff"), (vera, "class_teacher")):
        await user.start(world.codes[code])
    await inspector.start(world.codes["authority"])
    await anna.send_image(png(1))
    await admin.press(t.BTN_APPROVE, message=_review_message(admin))  # Анна: verified
    await boris.send_image(png(2))  # Борис: under review
    # Вера walks her list with «Готово»: the screenshot item is refused and skipped, the
    # students' chat is self-reported; the parents' chat is recognised by the bot.
    for _ in range(4):
        await vera.press(BTN_DONE)
    await vera.press(BTN_DONE)
    assert vera.notifications()[-1] == t.SCREENSHOT_NEEDED_TOAST
    await vera.press(t.BTN_NEXT_ITEM)
    for _ in range(3):
        await vera.press(BTN_DONE)
    assert (await _answer(bot, vera, "chat_students")).verification is None
    chat_id = fake.create_group_chat("5А — родители")
    await vera.add_bot_to_chat(chat_id)
    await vera.press(chat_texts.CHAT_PURPOSE_BUTTONS["parents"])
    assert (await _answer(bot, vera, "chat_parents")).verification == "verified"

    join = f"{TITLE}: 1/4 (✅ подтверждено 1 · ☑️ со слов 0 · ⏳ на проверке 1)"
    students = "Создан чат с учениками класса: 1/1 (✅ подтверждено 0 · ☑️ со слов 1)"
    checked = "Снимки и чаты: ✅ подтверждено 2 · ☑️ со слов 1 · ⏳ на проверке 1"

    await admin.send("/progress")
    progress = admin.last_bot_message().text
    assert join in progress and students in progress and checked in progress
    assert "чат с родителями" in progress and "(✅ подтверждено 1 · ☑️ со слов 0)" in progress

    await admin.send("/digest")
    digest = next(x for x in reversed(admin.bot_texts()) if x and "Еженедельная сводка" in x)
    assert checked in digest  # the summary keeps the marks of all items that can be confirmed

    await admin.send("/staff")
    listing = admin.last_bot_message()
    assert "🔎 Борис" in listing.text and "🔎 На проверке (1)" in listing.labels()
    await admin.press("🔎 Борис", message=listing)
    page = admin.last_bot_message().text
    assert f"⏳ {TITLE} — на проверке — снимок у вас" in page
    assert "Снимки и чаты: ✅ подтверждено 0 · ☑️ со слов 0 · ⏳ на проверке 1." in page
    await admin.send("/staff")
    await admin.press("⬜ Анна", message=admin.last_bot_message())
    assert f"✅ {TITLE} — подтверждено" in admin.last_bot_message().text
    await admin.send("/staff")
    await admin.press("⬜ Вера", message=admin.last_bot_message())
    page = admin.last_bot_message().text
    assert "☑️ Создан чат с учениками класса — 5А — со слов, без проверки" in page
    assert f"↩️ {TITLE}" not in page and f"⬜ {TITLE}" in page

    await inspector.send("/export")
    data = fake.uploads[-1].data
    cells = checks_row(data, "МАОУ СОШ №24")
    assert item_checks(data, "МАОУ СОШ №24", TITLE) == [1, 0, 1]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    students_cols = export_texts.xlsx_checks("Создан чат с учениками класса")
    assert [cells[c] for c in students_cols] == [0, 1, 0]
    parents_cols = export_texts.xlsx_checks("Создан чат с родителями")
    assert [cells[c] for c in parents_cols] == [1, 0, 0]
    items = workbook[export_texts.XLSX_ITEMS_SHEET]
    column = next(c for c in range(7, items.max_column + 1) if items.cell(5, c).value == TITLE)
    school_row = next(
        r for r in range(8, items.max_row + 1) if items.cell(r, 1).value == "МАОУ СОШ №24"
    )
    assert items.cell(school_row, column).value == 1  # the one under review is not done
