"""Abuse resistance: 1,000 hostile or malformed updates through the fake MAX API to the real
bot. Nothing crashes, every dialog message and button press is answered (or deliberately
ignored), and afterwards a normal person joins and walks the checklist as usual.

The updates are generated deterministically (a seeded random.Random) in chunks; each chunk is
pushed and handled before the next is generated, so forged presses can point at the bot's
latest messages. Every case says what must come of it:

* "reply": a message in a dialog or a press of «Start» — the bot queued a reply for exactly
  this update (outbox key ``reply:<update key>:<n>``) and delivered it;
* "reply or file": a document — a reply, or (an imported roster) a file sent back;
* "answer": a button press — exactly one ``POST /answers`` for its callback_id;
* "refused": a person of the ОУ/ДОУ presses a button naming an object of another authority's
  school — one answer, and it is a refusal; nothing in that school changes;
* "duplicate": an update delivered again — handled once (one answer, the same replies);
* "ignore": group-chat chatter, unknown update types, the bot removed from a chat it never
  saw — no reply for it;
* "any": malformed updates that maxapi may still accept — only "no crash".

Deliberately malformed updates are checked to really break the MAX contract and are pushed
with ``validate=False``; so the contract problems list must stay empty (every problem in it
would be the bot's own request or an update meant to be valid).
"""

from __future__ import annotations

import copy
import logging
import os
import random
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import utcnow
from bot.emulator import BOT_USER_ID, dialog_id
from bot.max.updates import key_of
from bot.services import setup
from bot.services.joining import NAME_MAX
from bot.ui import texts
from bot.ui.keyboards.announce import AnnounceCb
from bot.ui.keyboards.authority import AuthorityCb
from bot.ui.keyboards.chats import ChatPurposeCb
from bot.ui.keyboards.checklist import AnswerCb, MenuCb, OpenItemCb
from bot.ui.keyboards.export import ExportCb
from bot.ui.keyboards.help import HelpCb
from bot.ui.keyboards.inputs import SkipInputCb
from bot.ui.keyboards.invites import InviteCb, InviteListCb
from bot.ui.keyboards.kpi import KpiCb
from bot.ui.keyboards.pause import PauseCb
from bot.ui.keyboards.schools import SchoolCb
from bot.ui.keyboards.staff import RemindCb, StaffCb, StaffPersonCb
from bot.ui.keyboards.verify import EvidenceCb
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import help as help_texts
from bot.ui.texts import inputs as inputs_texts
from storage import models as m

pytestmark = pytest.mark.usefixtures("weekday_noon")

SEED = int(os.environ.get("HOSTILE_SEED", "20260113"))  # another seed explores further
TOTAL = 1000
CHUNK = 50
Json = dict[str, Any]

NAMES = [
    "🙂🙂", "\u202e", "   ", "\t", "\u200b", "👨‍👩‍👧‍👦" * 5, "Я" * 300, "<b>Жирный</b> &amp;",
    "Robert'); DROP TABLE person;--", "Ольга", "\x00\x01", "ﷺ" * 40, "𝕬𝖑𝖎𝖈𝖊", "-", "\udcffЮ",
]  # fmt: skip
TEXTS = [
    "А" * 3999, "Б" * 4000, "x" * 10_000, "🙂" * 2000, "<b>не закрыт", "&lt;&amp;&gt;",
    "<script>alert(1)</script>", "\u202eперевёрнуто", "\x00\x01\x02", "   ", "", "15.12.2025",
    "31.02.2026", "01.01.1900", "99", "-1", "1e309", "NaN", "привет", "Готово", "|||",
    "null", "{\"a\": 1}", "\ud7ff", "\ud83d половина эмодзи", "ﷺ" * 1000, "да\nнет\n" * 300,
]  # fmt: skip
COMMANDS = [
    "/staff", "/export", "/kpi staff 50", "/kpi", "/kpi -5 abc", "/kpi staff 1e309",
    "/announce", "/announce " + "Ж" * 5000, "/invite", "/invites", "/invites 99999", "/roster",
    "/remind", "/digest", "/progress", "/schools", "/addschool", "/addschool " + "Ш" * 500,
    "/rating", "/checklist", "/pause", "/pause 31.02.2026", "/help", "/start", "/START",
    "/staff all 999", "/start@sferum_roadmap_bot", "/unknown", "/", "//", "/ start",
    "/help " + "?" * 3000,
]  # fmt: skip
CODES = [
    "a", "A" * 16, "B" * 64, "C" * 65, "D" * 200, "with spaces in it", "код-приглашения",
    "🙂" * 20, "../../etc/passwd", "%00", "' OR 1=1 --", "Zz9_-" * 13, "\u202e" + "E" * 31,
]  # fmt: skip
HEADER = "ФИО;должность;роль;класс\n"
FILES = [
    ("roster.csv", b"\xff\xfe\x00g\x00a\x00r\x00b\x00a\x00g\x00e\x00\x00\x00"),
    ("roster.csv", (HEADER + "Иван\x00 Петров;учитель;учитель;\n").encode()),
    ("roster.csv", (HEADER + "\u202eвонтреП навИ;учитель;педагог;\n" * 3).encode()),
    ("roster.csv", (HEADER + "Анна Ли;кл. рук;классный руководитель;5|А\n").encode()),
    ("roster.csv", (HEADER + ";;;\n" * 20 + "Б" * 300 + ";x;y;z\n").encode()),
    ("roster.csv", (HEADER + "".join(f"Сотрудник {n};;сотрудник;\n" for n in range(60))).encode()),
    ("roster.csv", "ФИО\n🙂🙂\n\u200b\n".encode("utf-16")),
    ("roster.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4),
    ("roster.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 512),
    ("virus.exe", b"MZ" + b"\x90" * 300),
    ("", b"no name"),
    ("../../etc/passwd.csv", (HEADER + "Пётр Пётр;;учитель;\n").encode()),
]
REFUSALS = {
    texts.NOT_REGISTERED, texts.NOT_ALLOWED, texts.FOREIGN_BUTTON, texts.ONLY_ADMIN,
    texts.FORBIDDEN_OBJECT, help_texts.HELP_NOT_YOURS, texts.UNKNOWN_BUTTON,
}  # fmt: skip
# cheap commands for the cast (the chart of /digest and the XLSX of /export are tested elsewhere)
CAST_COMMANDS = [c for c in COMMANDS if not c.startswith(("/export", "/roster", "/digest"))]


def printable(char: str) -> bool:
    return char == "\u200d" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp")


@dataclass
class Case:
    update: Json
    expect: str  # "reply" | "reply or file" | "answer" | "refused" | "ignore" | "any" | …
    valid: bool = True  # conforms to the MAX contract
    note: str = ""


class Hostile:
    """Generates the updates; knows the cast, the strangers and the ids to forge."""

    def __init__(
        self, fake, rng: random.Random, ids: dict[str, list[int]], cast: dict, code: str
    ) -> None:
        self.fake, self.rng, self.ids, self.cast = fake, rng, ids, cast
        self.code = code  # a valid link strangers with odd names join by
        self.n = 0
        self.ts = int(time.time() * 1000)
        self.strangers = []
        for k in range(40):
            user = fake.user(8000 + k, NAMES[k % len(NAMES)] if k % 3 else f"Чужой {k}")
            self.strangers.append(user.user_id)
        self.groups = [fake.create_group_chat(f"Группа {k}") for k in range(3)]
        self.pushed: list[Case] = []  # valid callbacks and messages, for duplicates

    # building blocks -----------------------------------------------------------------------

    def stamp(self) -> int:
        self.ts += 1  # unique: a bot_started update is identified by its timestamp
        return self.ts

    def sender(self, strangers: float = 0.7) -> int:
        if self.rng.random() < strangers:
            return self.rng.choice(self.strangers)
        return self.rng.choice(list(self.cast.values()))

    def user(self, uid: int) -> Json:
        return self.fake.user_info(uid)

    def message(self, uid: int | None, text: str | None, *, group: int | None = None,
                attachments: list | None = None) -> Json:  # fmt: skip
        self.n += 1
        ts = self.stamp()
        chat_id = group if group is not None else dialog_id(uid or 0)
        message: Json = {
            "recipient": {
                "chat_id": chat_id,
                "chat_type": "chat" if group is not None else "dialog",
                "user_id": None if group is not None else BOT_USER_ID,
            },
            "timestamp": ts,
            "body": {
                "mid": f"mid.h{self.n:06d}",
                "seq": self.n,
                "text": text,
                "attachments": attachments or [],
            },
        }
        if uid is not None:
            message["sender"] = self.user(uid)
        return message

    def created(self, message: Json) -> Json:
        return {"update_type": "message_created", "timestamp": message["timestamp"],
                "message": message, "user_locale": "ru"}  # fmt: skip

    def started(self, uid: int) -> Json:
        return {"update_type": "bot_started", "timestamp": self.stamp(),
                "chat_id": dialog_id(uid), "user": self.user(uid), "user_locale": "ru"}  # fmt: skip

    def callback(self, uid: int, payload: str | None) -> Json:
        ts = self.stamp()
        callback: Json = {"timestamp": ts, "callback_id": self.fake.new_callback_id(),
                          "user": self.user(uid)}  # fmt: skip
        if payload is not None:
            callback["payload"] = payload
        source = None
        if self.rng.random() < 0.6:  # the press comes from one of the bot's messages to them
            sent = self.fake.bot_messages(uid)
            source = self.rng.choice(sent) if sent else None
        return {"update_type": "message_callback", "timestamp": ts, "callback": callback,
                "message": source, "user_locale": "ru"}  # fmt: skip

    def forged_payloads(self) -> list[str]:
        """Garbage, truncated and forged payloads (ids of the ДОУ and the other school)."""
        rng, ids = self.rng, self.ids

        def one(key: str) -> int:
            return rng.choice(ids[key])

        other_pid = one("other_people")
        return [
            "a|", "a|x|y", f"a|{other_pid}|safe_mode|d|", "i|r|admin", "v|999999|ok",
            f"sc|open|{one('other_schools')}", "a" * 300, "я" * 150, "", "|", "||||",
            "a|1|2|3|4|5|6", "m|-1|list", "m|99999999999999999999999|list", "h|abc|done",
            "null", "{\"act\": 1}", "a|1|order_read|d|\x00", "st|all|-5", "st|all|99999999",
            "i|u|admin||7|0", "i|u|teacher||30|1", "i|g|class_teacher|99",
            "il|allok|1", f"il|rev|1|{one('other_invites')}", f"stp|{other_pid}|all|1",
            f"au|s|{one('other_schools')}", f"k|{other_pid}|in|s|", f"k|{other_pid}|set|s|999",
            "an|aud|all", f"an|send||{rng.randint(-5, 10**12)}", f"c|{one('other_chats')}|p",
            "x|go", "rm|go", f"s|{other_pid}", f"o|{other_pid}|nonexistent_item",
            f"p|{other_pid}|week", f"sc|tz|{one('other_schools')}|Europe/Nowhere",
            "\udcff\udcfe", "🙂|🙂|🙂",
            AnswerCb(person_id=other_pid, code="order_read", act="d", seen="").pack(),
            OpenItemCb(person_id=other_pid, code="order_read").pack(),
            MenuCb(person_id=other_pid, act="next").pack(),
            PauseCb(person_id=other_pid, act="off").pack(),
            SkipInputCb(person_id=other_pid).pack(),
            KpiCb(person_id=other_pid, act="enter", indicator="parents").pack(),
            AnnounceCb(act="send", announcement_id=rng.randint(1, 50)).pack(),
            InviteCb(act="uses", role="admin", days=30, uses=0).pack(),
            StaffCb(status_filter="overdue", page=rng.randint(-3, 10**6)).pack(),
            RemindCb(act="now").pack(),
            ExportCb(act="zip").pack(),
            *self.far_payloads(),
        ]  # fmt: skip

    def far_payloads(self) -> list[str]:
        """Buttons naming real objects of the other authority's school: nobody who presses
        them (everyone but that school's own people) may change anything there."""
        rng, ids = self.rng, self.ids

        def one(key: str) -> int:
            return rng.choice(ids[key])

        return [
            HelpCb(request_id=one("far_help"), act="done").pack(),
            EvidenceCb(evidence_id=one("far_evidence"), act="approve").pack(),
            EvidenceCb(evidence_id=one("far_evidence"), act="return").pack(),
            ChatPurposeCb(chat_row_id=one("far_chats"), purpose="students").pack(),
            InviteListCb(act="revoke", invite_id=one("far_invites")).pack(),
            StaffPersonCb(person_id=one("far_people"), status_filter="all", page=1).pack(),
            SchoolCb(act="open", school_id=one("far_schools")).pack(),
            AuthorityCb(act="school", target=one("far_schools")).pack(),
            AnswerCb(person_id=one("far_people"), code="order_read", act="d", seen="help").pack(),
            PauseCb(person_id=one("far_people"), act="week").pack(),
        ]

    # the cases -----------------------------------------------------------------------------

    def case(self) -> Case:
        rng = self.rng
        kinds = [
            ("text", 14), ("command", 14), ("start_code", 8), ("bot_started", 8),
            ("callback", 22), ("group", 7), ("bot_added", 3), ("bot_removed", 3),
            ("unknown_type", 4), ("malformed", 8), ("no_sender", 2), ("other_types", 3),
            ("duplicate", 4), ("join", 2), ("real_press", 8), ("file", 2),
        ]  # fmt: skip
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        return getattr(self, f"case_{kind}")()

    def case_text(self) -> Case:
        uid = self.sender()
        return Case(self.created(self.message(uid, self.rng.choice(TEXTS))), "reply", note="text")

    def case_command(self) -> Case:
        uid = self.sender(0.85)
        pool = COMMANDS if uid in self.strangers else CAST_COMMANDS
        return Case(self.created(self.message(uid, self.rng.choice(pool))), "reply", note="cmd")

    def case_start_code(self) -> Case:
        uid = self.sender(0.9)
        text = f"/start {self.rng.choice(CODES)}"
        return Case(self.created(self.message(uid, text)), "reply", note="start code")

    def case_bot_started(self) -> Case:
        uid = self.sender(0.9)
        update = self.started(uid)
        if self.rng.random() < 0.8:
            update["payload"] = self.rng.choice(CODES)
        return Case(update, "reply", note="bot_started")

    def case_join(self) -> Case:
        uid = self.rng.choice(self.strangers)
        if self.rng.random() < 0.5:
            message = self.message(uid, f"/start {self.code}")
            return Case(self.created(message), "reply", note="join")
        return Case({**self.started(uid), "payload": self.code}, "reply", note="join")

    def case_real_press(self) -> Case:
        """A cast member presses a real button of one of the bot's messages (mostly the
        latest): drives them into states that wait for typed input, menus, wizards."""
        uid = self.rng.choice(list(self.cast.values()))
        with_buttons = [msg for msg in self.fake.bot_messages(uid) if _callbacks(msg)]
        if not with_buttons:
            return self.case_command()
        source = with_buttons[-1] if self.rng.random() < 0.7 else self.rng.choice(with_buttons)
        button = self.rng.choice(_callbacks(source))
        update = self.callback(uid, button["payload"])
        update["message"] = source
        return Case(update, "answer", note=f"real press {button['text']!r}")

    def case_file(self) -> Case:
        """A document: mostly a hostile roster from the administrator, else from anyone."""
        rng = self.rng
        uid = self.cast["admin"] if rng.random() < 0.6 else self.sender(0.5)
        filename, data = rng.choice(FILES)
        attachment = self.fake.user_attachment("file", data, filename)
        message = self.message(uid, rng.choice([None, "", "вот список"]), attachments=[attachment])
        return Case(self.created(message), "reply or file", note=f"file {filename!r}")

    def case_callback(self) -> Case:
        uid = self.sender(0.6)
        if uid in self.cast.values() and self.rng.random() < 0.5:
            payload = self.rng.choice(self.far_payloads())
            return Case(self.callback(uid, payload), "refused", note=f"press {payload!r}")
        payload = self.rng.choice([*self.forged_payloads(), None])
        return Case(self.callback(uid, payload), "answer", note=f"press {payload!r}")

    def case_group(self) -> Case:
        uid = self.sender(0.5)
        group = self.rng.choice([*self.groups, -(10**9) - self.rng.randint(0, 10**6)])
        attachments = []
        if self.rng.random() < 0.2:
            attachments = [self.fake.user_attachment("image", b"\x89PNG\r\n\x1a\n" + b"1" * 40)]
        text = self.rng.choice(TEXTS)
        message = self.message(uid, text, group=group, attachments=attachments)
        return Case(self.created(message), "ignore", note="group chatter")

    def case_bot_added(self) -> Case:
        uid = self.rng.choice(self.strangers)
        chat = self.rng.choice([*self.groups, -(10**9) - self.rng.randint(0, 10**6)])
        update = {"update_type": "bot_added", "timestamp": self.stamp(), "chat_id": chat,
                  "user": self.user(uid), "is_channel": self.rng.random() < 0.3}  # fmt: skip
        return Case(update, "ignore", note="stranger adds the bot")

    def case_bot_removed(self) -> Case:
        uid = self.sender()
        chat = -(2 * 10**9) - self.rng.randint(0, 10**6)  # never seen
        update = {"update_type": "bot_removed", "timestamp": self.stamp(), "chat_id": chat,
                  "user": self.user(uid), "is_channel": False}  # fmt: skip
        return Case(update, "ignore", note="removed from an unknown chat")

    def case_unknown_type(self) -> Case:
        uid = self.sender()
        update: Json = self.rng.choice([
            {"update_type": "message_reaction", "timestamp": self.stamp(), "user": self.user(uid)},
            {"update_type": "", "timestamp": self.stamp()},
            {"update_type": None, "timestamp": self.stamp()},
            {"update_type": 42, "timestamp": self.stamp()},
            {"timestamp": self.stamp(), "message": self.message(uid, "/help")},
            {"update_type": "MESSAGE_CREATED", "timestamp": self.stamp(),
             "message": self.message(uid, "/help")},
        ])  # fmt: skip
        return Case(update, "ignore", valid=False, note="unknown update type")

    def case_malformed(self) -> Case:
        rng, uid = self.rng, self.sender()
        message = self.message(uid, rng.choice(["/help", "/start " + "A" * 32, "привет"]))
        variant = rng.randrange(12)
        update = self.created(message)
        if variant == 0:
            del update["message"]
        elif variant == 1:
            del message["recipient"]["chat_type"]
        elif variant == 2:
            message["sender"]["user_id"] = "not a number"
        elif variant == 3:
            del message["sender"]["is_bot"]
        elif variant == 4:
            del update["timestamp"]
        elif variant == 5:
            update["timestamp"] = "вчера"
        elif variant == 6:
            message["body"] = None
        elif variant == 7:  # a user without the optional-in-practice fields
            for key in ("username", "last_activity_time", "name"):
                message["sender"].pop(key, None)
        elif variant == 8:
            update = self.callback(uid, "a|")
            del update["callback"]["callback_id"]
        elif variant == 9:
            update = self.callback(uid, "m|1|list")
            update["callback"]["user"] = {"user_id": uid}
        elif variant == 10:
            update = {"update_type": "bot_started", "timestamp": self.stamp(),
                      "chat_id": dialog_id(uid)}  # fmt: skip
        else:
            update = {"update_type": "bot_added", "timestamp": self.stamp(),
                      "chat_id": rng.choice(self.groups), "user": self.user(uid)}  # fmt: skip
        return Case(update, "any", valid=False, note=f"malformed #{variant}")

    def case_no_sender(self) -> Case:
        message = self.message(None, self.rng.choice(["/help", "/staff", "привет"]))
        return Case(self.created(message), "ignore", note="a message without a sender")

    def case_other_types(self) -> Case:
        uid = self.sender()
        update = self.rng.choice([
            {"update_type": "message_removed", "timestamp": self.stamp(), "message_id": "mid.x",
             "chat_id": dialog_id(uid), "user_id": uid},
            {"update_type": "message_edited", "timestamp": self.stamp(),
             "message": self.message(uid, "/staff")},
            {"update_type": "chat_title_changed", "timestamp": self.stamp(),
             "chat_id": self.rng.choice(self.groups), "user": self.user(uid), "title": "🙂" * 100},
            {"update_type": "user_added", "timestamp": self.stamp(),
             "chat_id": self.rng.choice(self.groups), "user": self.user(uid),
             "inviter_id": None, "is_channel": False},
        ])  # fmt: skip
        return Case(update, "ignore", note=f"no handler: {update['update_type']}")

    def case_duplicate(self) -> Case:
        if not self.pushed:
            return self.case_callback()
        earlier = self.rng.choice(self.pushed)
        return Case(copy.deepcopy(earlier.update), "duplicate", note="delivered again")


def _has_file(message: Json) -> bool:
    return any(a.get("type") == "file" for a in message["body"].get("attachments") or [])


def _callbacks(message: Json) -> list[Json]:
    return [
        button
        for attachment in message["body"].get("attachments") or []
        if attachment.get("type") == "inline_keyboard"
        for row in attachment["payload"]["buttons"]
        for button in row
        if button.get("type") == "callback"
    ]


def reply_marker(update: Json) -> str | None:
    """The part of the outbox key `reply:<update key>:<n>` that identifies this update."""
    if update.get("update_type") == "message_created":
        return f"reply:{key_of('msg:' + update['message']['body']['mid'])}:"
    if update.get("update_type") == "bot_started":
        identity = (
            f"bot_started:{update['timestamp']}:{update['chat_id']}:"
            f"{update['user']['user_id']}:{update.get('payload')}"
        )
        return f"reply:{key_of(identity)}:"
    return None


async def collect_ids(bot, world, other_school: int) -> dict[str, list[int]]:
    """Ids of objects outside the first school (the ДОУ and the other authority's school)."""
    async with bot.app.sessionmaker() as session:

        async def ids(model, *where) -> list[int]:
            return list(await session.scalars(select(model.id).where(*where)))

        outside = [world.preschool_id, other_school]
        return {
            "other_people": await ids(m.Person, m.Person.school_id.in_(outside)) + [0, 10**9],
            "other_schools": [*outside, 0, 10**9],
            "other_invites": await ids(m.Invite, m.Invite.school_id.in_(outside)),
            "other_chats": await ids(m.Chat, m.Chat.school_id.in_(outside)) + [10**9],
            "far_people": await ids(m.Person, m.Person.school_id == other_school),
            "far_schools": [other_school],
            "far_invites": await ids(m.Invite, m.Invite.school_id == other_school),
            "far_help": await ids(m.HelpRequest, m.HelpRequest.school_id == other_school),
            "far_evidence": await ids(m.Evidence, m.Evidence.school_id == other_school),
            "far_chats": await ids(m.Chat, m.Chat.school_id == other_school),
        }


async def school_state(bot, school_id: int) -> dict[str, list]:
    """Everything about a school that a forged button could change."""
    people = select(m.Person.id).where(m.Person.school_id == school_id)
    person = m.Person
    queries = {
        "school": select(m.School.name, m.School.tz).where(m.School.id == school_id),
        "people": select(
            person.id, person.role, person.class_label, person.paused_until, person.awaiting
        ).where(person.school_id == school_id),
        "answers": select(m.Answer.person_id, m.Answer.item_code, m.Answer.status).where(
            m.Answer.person_id.in_(people)
        ),
        "invites": select(m.Invite.id, m.Invite.revoked_at, m.Invite.uses).where(
            m.Invite.school_id == school_id
        ),
        "help": select(m.HelpRequest.id, m.HelpRequest.handled_at).where(
            m.HelpRequest.school_id == school_id
        ),
        "evidence": select(m.Evidence.id, m.Evidence.status).where(
            m.Evidence.school_id == school_id
        ),
        "chats": select(m.Chat.id, m.Chat.purpose).where(m.Chat.school_id == school_id),
        "kpi": select(m.KpiEntry.id).where(m.KpiEntry.school_id == school_id),
    }
    async with bot.app.sessionmaker() as session:
        return {
            name: sorted(map(tuple, await session.execute(query)))
            for name, query in queries.items()
        }


async def set_up_cast(bot, fake, world) -> tuple[dict[str, int], int]:
    """People of every role in the ОУ and the ДОУ (they send hostile updates too), and people
    of another authority's school with objects whose ids get forged (they stay quiet)."""
    now = utcnow()
    async with bot.app.sessionmaker() as session:
        other_authority = await setup.add_authority(
            session, name="УО Другой", tz="Asia/Vladivostok", plan_toml=None, now=now
        )
        other_school = await setup.add_school(
            session, authority_id=other_authority, name="Чужая школа", kind="school",
            tz=None, staff=10, students=100, now=now,
        )  # fmt: skip
        codes = dict(world.codes)
        for role in ("admin", "class_teacher", "teacher"):  # the teacher's link stays unused
            invite = await setup.create_invite(
                session, role=role, now=now, school_id=other_school,
                class_label="7Б" if role == "class_teacher" else None,
            )  # fmt: skip
            codes[f"other_{role}"] = invite.code
        await session.commit()
    users = {}
    roles = ("admin", "teacher", "class_teacher", "authority", "dou_admin", "dou_class_teacher",
             "other_admin", "other_class_teacher")  # fmt: skip
    for n, role in enumerate(roles):
        users[role] = fake.user(7000 + n, f"Роль {n}")
        await users[role].start(codes[role])
    for role in ("teacher", "dou_class_teacher", "other_class_teacher"):
        await users[role].press(checklist_texts.BTN_HELP)
        await users[role].press(inputs_texts.BTN_SKIP)
        await users[role].send_image(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    for role in ("class_teacher", "dou_class_teacher", "other_class_teacher"):
        await users[role].add_bot_to_chat(fake.create_group_chat(f"Чат {role}"))
    senders = {r: u.user_id for r, u in users.items() if not r.startswith("other_")}
    return senders, other_school


async def test_a_thousand_hostile_updates(bot, fake, world, caplog):
    caplog.set_level(logging.WARNING)
    cast, other_school = await set_up_cast(bot, fake, world)
    ids = await collect_ids(bot, world, other_school)
    assert all(ids.values()), ids
    outside_before = await school_state(bot, other_school)
    assert all(v for k, v in outside_before.items() if k != "kpi"), outside_before
    gen = Hostile(fake, random.Random(SEED), ids, cast, world.codes["staff"])
    cases: list[Case] = []
    started = time.monotonic()
    while len(cases) < TOTAL:
        chunk = [gen.case() for _ in range(min(CHUNK, TOTAL - len(cases)))]
        for case in chunk:
            if not case.valid and fake.contract is not None:
                assert fake.contract.validate_update(case.update), ("not malformed", case.note)
            fake.push(case.update, validate=case.valid)
            if case.valid and case.expect in ("reply", "answer", "refused"):
                gen.pushed.append(case)
        cases += chunk
        await fake.wait_processed(timeout=60)
    elapsed = time.monotonic() - started

    # No handler crashed; nothing else went wrong loudly.
    crashes = [
        f"{r.name}: {r.getMessage()[:300]}"
        for r in caplog.records
        if r.levelno >= logging.ERROR
        or r.exc_info
        or "Ошибка в обработчике" in r.getMessage()
        or "Traceback" in r.getMessage()
    ]
    assert not crashes, "\n".join(crashes[:20])
    assert [str(r) for r in fake.requests if (r.status or 0) >= 500] == []

    # Every dialog message and «Start» got a delivered reply; ignored ones got none.
    async with bot.app.sessionmaker() as session:
        replies = list(await session.scalars(select(m.Outbox).where(m.Outbox.kind == "reply")))
    problems = []
    files_due: Counter[int] = Counter()
    for n, case in enumerate(cases):
        marker = reply_marker(case.update) if case.valid else None
        mine = [r for r in replies if marker and marker in r.key]
        if case.expect == "reply":
            if not mine:
                problems.append(f"#{n} {case.note}: no reply")
            elif any(r.sent_at is None for r in mine):
                problems.append(f"#{n} {case.note}: reply not delivered ({mine[0].last_error})")
        elif case.expect == "ignore" and mine:
            problems.append(f"#{n} {case.note}: answered {[r.text[:60] for r in mine]}")
        elif case.expect == "reply or file" and not mine:  # an imported roster: a file back
            files_due[case.update["message"]["sender"]["user_id"]] += 1
    for uid, due in files_due.items():
        sent = [msg for msg in fake.bot_messages(uid) if _has_file(msg)]
        if len(sent) < due:
            problems.append(f"user {uid}: {due} files without a reply, {len(sent)} sent back")
    # Every button press got exactly one answer, also when MAX delivered it twice.
    answered: dict[str, int] = {}
    for answer in fake.answers:
        answered[answer.callback_id] = answered.get(answer.callback_id, 0) + 1
    notes = {a.callback_id: a.notification for a in fake.answers}
    for n, case in enumerate(cases):
        if case.expect in ("answer", "refused"):
            callback_id = case.update["callback"]["callback_id"]
            if answered.get(callback_id) != 1:
                problems.append(f"#{n} {case.note}: {answered.get(callback_id, 0)} answers")
            elif case.expect == "refused" and notes[callback_id] not in REFUSALS:
                problems.append(f"#{n} {case.note}: not refused: {notes[callback_id]!r}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:30])
    kinds = {c.expect for c in cases}
    assert kinds == {"reply", "reply or file", "answer", "refused", "ignore", "any", "duplicate"}
    # Forged ids of another authority's school changed nothing there; the refusals are logged.
    assert await school_state(bot, other_school) == outside_before
    async with bot.app.sessionmaker() as session:
        forbidden = list(
            await session.scalars(select(m.Audit).where(m.Audit.action == "forbidden"))
        )
    assert len(forbidden) >= 5, len(forbidden)
    # Strangers with odd names who found a valid link joined under names fit for lists.
    async with bot.app.sessionmaker() as session:
        joined = list(await session.scalars(select(m.Person).where(m.Person.max_user_id >= 8000)))
    assert len(joined) >= 5, len(joined)
    for person in joined:
        assert person.name and len(person.name) <= NAME_MAX, person.name
        assert all(printable(char) for char in person.name), ascii(person.name)
    # Only the updates malformed on purpose break the contract (they were not validated).
    assert fake.contract_problems == []
    assert elapsed < 90, f"{TOTAL} updates took {elapsed:.0f} s"

    # A normal person joins and walks two items with buttons as if nothing happened.
    async with bot.app.sessionmaker() as session:
        code = (
            await setup.create_invite(
                session, role="teacher", now=utcnow(), school_id=world.school_id
            )
        ).code
        await session.commit()
    normal = fake.user(9999, "Нормальный", "Человек")
    await normal.start(code)
    assert "Здравствуйте, Нормальный!" in normal.bot_texts()[-2]
    assert "Пункт 1 из" in normal.last_bot_message().text
    await normal.press(checklist_texts.BTN_DONE)
    assert "Пункт 2 из" in normal.last_bot_message().text
    await normal.press(checklist_texts.BTN_DONE)
    assert "Пункт 3 из" in normal.last_bot_message().text
    async with bot.app.sessionmaker() as session:
        person = await session.scalar(select(m.Person).where(m.Person.max_user_id == 9999))
        done = list(await session.scalars(select(m.Answer).where(m.Answer.person_id == person.id)))
    assert [a.status for a in done] == ["done", "done"]
