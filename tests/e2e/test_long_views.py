"""Nothing is cut (issue 15, point 1): every long view, sent to a school of 40 people with long
names holding «<» and «&», arrives whole — each message within MAX's limit and valid HTML, a
long list paged («…и ещё N», «Дальше ▶»), the digest's details one button away."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from html.parser import HTMLParser

from sqlalchemy import select, update

from bot.clock import utcnow
from bot.emulator.user import ChatMessage
from bot.rules.text import MAX_TEXT
from bot.ui.texts import progress as progress_texts
from storage.models import ClassTeacher, HelpRequest, Person, SchoolClass
from tests.support.db import joined_long_ago

PEOPLE = 40
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def name_of(n: int) -> str:
    return f"Константинопольская-Вельяминова Анастасия-Мария <{n:02d}> & Ко"


def comment_of(n: int) -> str:
    return f"Не приходит код <{n:02d}> & не открывается профиль в Сферуме, пробовали трижды"


class Checker(HTMLParser):
    """Fails on a tag closed that was not open, and on tags left open at the end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def checked(message: ChatMessage | dict) -> str:
    """The message's text as a person reads it, after checking it is whole, valid HTML."""
    raw = message.text if isinstance(message, ChatMessage) else message["body"]["text"]
    assert raw is not None and len(raw) <= MAX_TEXT, len(raw or "")
    assert not raw.rstrip().endswith(("…", "…</b>")), raw[-80:]  # not cut
    bare = ENTITY.sub("", re.sub(r"</?(b|i|u|s|code|pre|a)(\s[^>]*)?>", "", raw))
    assert "<" not in bare and ">" not in bare and "&" not in bare, bare[:200]
    parser = Checker()
    parser.feed(raw)
    parser.close()
    assert not parser.stack, parser.stack
    return html.unescape("".join(parser.text))


async def school_of_forty(bot, fake, world) -> tuple:
    admin = fake.user(9501, "Директор")
    await admin.start(world.codes["admin"])
    people = []
    for n in range(PEOPLE):
        user = fake.user(9600 + n, name_of(n))
        await user.start(world.codes["teacher"])
        people.append(user)
    await joined_long_ago(bot.app.sessionmaker)  # their items are overdue
    now = utcnow()
    async with bot.app.sessionmaker() as session:
        ids = {p.max_user_id: p.id for p in await session.scalars(select(Person))}
        for n, user in enumerate(people):
            session.add(HelpRequest(person_id=ids[user.user_id], school_id=world.school_id,
                                    item_code="sferum_join", comment=comment_of(n),
                                    created_at=now))  # fmt: skip
            grade, letter = 5 + n % 7, "АБВГДЕЖ"[n // 7]
            school_class = SchoolClass(
                school_id=world.school_id, label=f"{grade}{letter}", grade=grade, letter=letter,
                school_year="2026/27", size=25,
            )  # fmt: skip
            session.add(school_class)
            await session.flush()
            session.add(ClassTeacher(class_id=school_class.id, person_id=ids[user.user_id],
                                     since=now - timedelta(days=30)))  # fmt: skip
        await session.execute(
            update(Person)
            .where(Person.id.in_([ids[u.user_id] for u in people[:8]]))
            .values(paused_until=date.today() + timedelta(days=30))
        )
        await session.commit()
    return admin, people


async def test_every_long_view_arrives_whole(bot, fake, world):
    admin, _ = await school_of_forty(bot, fake, world)
    names = {name_of(n) for n in range(PEOPLE)}

    # /progress: the report in parts as needed, the overdue people paged.
    before = len(admin.bot_messages())
    await admin.send("/progress")
    report = admin.bot_messages()[before:]
    shown = "\n".join(checked(m) for m in report)
    assert "…и ещё " in shown  # the first page of the overdue, then how many more
    assert "На паузе" in shown
    seen = {name for name in names if name in shown}
    while any(b["text"] == progress_texts.BTN_NEXT for row in admin.last_bot_message().buttons
              for b in row):  # fmt: skip
        await admin.press(progress_texts.BTN_NEXT)
        page = admin.last_bot_message()
        seen |= {name for name in names if name in checked(fake.message(page.mid))}
    assert seen == names  # the overdue and the paused: everyone, nobody dropped

    # The digest: a summary with buttons to the details, which hold everything.
    before = len(admin.bot_messages())
    await admin.send("/digest")
    [digest] = admin.bot_messages()[before:]
    summary = checked(digest)
    assert "Открытые просьбы о помощи: 40" in summary and "На паузе: 8 человек" in summary
    assert len(summary) < 1000  # a phone's screen, not five
    await admin.press(progress_texts.BTN_HELP, message=digest)
    comments: set[str] = set()
    while True:
        page = admin.last_bot_message()
        comments |= {
            comment_of(n) for n in range(PEOPLE) if comment_of(n) in checked(fake.message(page.mid))
        }
        if not any(b["text"] == progress_texts.BTN_NEXT for row in page.buttons for b in row):
            break
        await admin.press(progress_texts.BTN_NEXT, message=page)
    assert comments == {comment_of(n) for n in range(PEOPLE)}
    before = len(admin.bot_messages())
    await admin.press(progress_texts.BTN_DETAILS, message=digest)
    for message in admin.bot_messages()[before:]:
        checked(message)

    # /staff, /classes, /invites: every message whole and valid.
    for command in ("/staff", "/classes", "/invites", "/checklist", "/help"):
        before = len(admin.bot_messages())
        await admin.send(command)
        sent = admin.bot_messages()[before:]
        assert sent, command
        for message in sent:
            checked(message)
    for message in admin.bot_messages():  # and everything else, as it stands now
        checked(fake.message(message.mid))
