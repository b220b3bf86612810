"""Attacks on what people read: an announcement with markup is delivered exactly as previewed
(escaped once, never a live link), invisible characters are taken out of typed texts, and a
forged «Отмена» of someone else's announcement is refused and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.ui import texts
from bot.ui.keyboards.announce import AnnounceCb
from bot.ui.texts import announce as t
from bot.ui.texts import checklist as checklist_texts
from storage.models import Announcement, Audit
from tests.support.db import session_on
from tests.support.region import make_invite

pytestmark = pytest.mark.usefixtures("weekday_noon")

MARKUP = 'Зайдите <a href="http://evil.example">сюда</a> & 5 < 6'
ESCAPED = "Зайдите &lt;a href=&quot;http://evil.example&quot;&gt;сюда&lt;/a&gt; &amp; 5 &lt; 6"


async def test_an_announcement_with_markup_arrives_as_previewed(bot, fake, world):
    admin, teacher = fake.user(9801, "Директор"), fake.user(9802, "Учитель")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await admin.send("/announce")
    await admin.press("Педагогам")
    await admin.send(MARKUP)
    preview = admin.last_bot_message().text
    assert ESCAPED in preview
    await admin.press(f"{t.BTN_SEND} (1)")
    delivered = teacher.last_bot_message().text
    # the very text of the preview under its header, no live link, valid HTML
    assert delivered == t.announcement(MARKUP, "Директор", "администратор школы")
    assert delivered.endswith("\n\n" + ESCAPED) and delivered in preview
    assert "<a " not in delivered


async def test_invisible_characters_are_taken_out_of_a_help_comment(bot, fake, world):
    admin, teacher = fake.user(9811, "Директор"), fake.user(9812, "Учитель")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await teacher.press(checklist_texts.BTN_HELP)
    await teacher.send("Позвоните\u202e 21-43-56 \u200bпожалуйста\ufeff")
    [notice] = [m for m in admin.bot_texts() if m and m.startswith("🆘")]
    assert "Позвоните 21-43-56 пожалуйста" in notice
    assert not any(ch in notice for ch in "\u202e\u200b\ufeff")


async def test_a_forged_cancel_of_another_admins_announcement_is_refused_and_audited(
    bot, fake, world, settings
):
    first, second = fake.user(9821, "Директор"), fake.user(9822, "Завуч")
    await first.start(world.codes["admin"])
    await second.start(await make_invite(settings, school_id=world.school_id, role="admin"))
    await first.send("/announce")
    await first.press("Педагогам")
    await first.send("Совещание в пятницу.")
    async with session_on(settings) as session:
        draft_id = await session.scalar(select(func.max(Announcement.id)))
    await second.send("/help")
    forged = AnnounceCb(act="cancel", announcement_id=draft_id).pack()
    await second.press_payload(forged, message=second.last_bot_message())
    assert second.notifications()[-1] == texts.FORBIDDEN_OBJECT
    async with session_on(settings) as session:
        assert await session.get(Announcement, draft_id) is not None
        refusals = await session.scalar(select(func.count()).where(Audit.action == "forbidden"))
    assert refusals == 1
