"""Screenshots as evidence: a person's photo reaches the administrator, who approves it or
returns it with a reason — through the real bot, the fake MAX API and a SQLite file."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.services import verify
from bot.ui import texts
from bot.ui.keyboards.verify import EvidenceCb
from bot.ui.texts import verify as t
from storage.models import Answer, Audit, Evidence, Outbox, Person

TUESDAY_NOON = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, a working day
TITLE = "Вступил(а) в организацию в Сферуме, статус подтверждён"


def png(seed: int = 0) -> bytes:
    """A valid 1×1 PNG (a different pixel per seed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(bytes([0, seed % 256, 128, 64]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )


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
