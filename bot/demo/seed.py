"""The demo region: an authority with an ОУ and a ДОУ in different time zones, invites, and
people who joined and answered through the emulator exactly as real people would.

The organisations and invites are created with `bot.services.setup` (as the operator CLI does);
everybody joins by sending the bot their invite code and answers with the bot's buttons.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.demo._emulator import FakeMax, FakeUser
from bot.services import setup
from bot.ui.texts import chats as chats_texts
from bot.ui.texts import checklist as checklist_texts
from bot.vocab import Kind, Role
from storage.repo import classes as classes_repo

AUTHORITY_NAME = "УО (демо)"
AUTHORITY_TZ = "Europe/Moscow"
SCHOOL_NAME = "МАОУ «СОШ №1» (демо)"
SCHOOL_TZ = "Europe/Moscow"
PRESCHOOL_NAME = "МБДОУ «Детский сад №5» (демо)"
PRESCHOOL_TZ = "Asia/Yekaterinburg"

NEW_PERSON_ID = 1005  # the first "new person"; more get ids from NEXT_NEW_ID on
NEXT_NEW_ID = 1100

# Invites: key -> (where: "school" | "preschool" | "authority", role, class label)
INVITES: dict[str, tuple[str, str, str | None]] = {
    "teacher": ("school", Role.TEACHER, None),
    "staff": ("school", Role.STAFF, None),
    "class_teacher": ("school", Role.CLASS_TEACHER, "5А"),
    "class_teacher_6b": ("school", Role.CLASS_TEACHER, "6Б"),
    "admin": ("school", Role.ADMIN, None),
    "dou_admin": ("preschool", Role.ADMIN, None),
    "dou_class_teacher": ("preschool", Role.CLASS_TEACHER, "Ромашка"),
    "dou_teacher": ("preschool", Role.TEACHER, None),
    "authority": ("authority", Role.AUTHORITY, None),
    "new": ("school", Role.TEACHER, None),  # fresh: nobody has used it yet
}


@dataclass
class Persona:
    """Someone the visitor can be in the web chat."""

    key: str
    user_id: int
    first_name: str
    last_name: str | None
    title: str  # who they are, in Russian
    org: str
    tz: str
    invite: str  # the code they joined (or will join) with

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass(frozen=True)
class Extra:
    """A person in the background: joins and answers so that progress and digests have data."""

    user_id: int
    first_name: str
    last_name: str
    invite: str  # the key in INVITES
    done: int | None  # items answered «Готово»; None = the whole checklist
    help_comment: str | None = None  # then asks for help on the next item with this comment


PERSONAS: list[tuple[str, int, str, str, str, str]] = [
    # key, user id, first name, last name, title, invite key
    ("teacher", 1001, "Анна", "Смирнова", "Учитель", "teacher"),
    ("class_teacher", 1002, "Ирина", "Кузнецова", "Классный руководитель 5А", "class_teacher"),
    ("admin", 1003, "Сергей", "Волков", "Администратор школы", "admin"),
    ("authority", 1004, "Елена", "Морозова", "Управление образования", "authority"),
]

EXTRAS: list[Extra] = [
    Extra(2001, "Ольга", "Новикова", "teacher", None),
    Extra(2002, "Павел", "Соколов", "teacher", 3),
    Extra(2003, "Мария", "Попова", "teacher", 1, "Не приходит СМС с кодом от Госуслуг"),
    Extra(2004, "Дмитрий", "Лебедев", "staff", 2),
    Extra(2005, "Наталья", "Козлова", "class_teacher_6b", 4),
    Extra(2006, "Алексей", "Егоров", "teacher", 0),
    Extra(2101, "Татьяна", "Павлова", "dou_admin", 3),
    Extra(2102, "Светлана", "Орлова", "dou_class_teacher", 2),
    Extra(2103, "Юлия", "Васильева", "dou_teacher", None),
    Extra(2104, "Галина", "Фёдорова", "dou_teacher", 0),
]


@dataclass
class DemoWorld:
    authority_id: int
    school_id: int
    preschool_id: int
    codes: dict[str, str]
    personas: dict[int, Persona] = field(default_factory=dict)  # by MAX user id, in order
    users: dict[int, FakeUser] = field(default_factory=dict)  # everyone, by MAX user id
    parents_chat: int | None = None  # 6Б's parents' chat, which parents join day by day
    parents_joined: int = 0

    @property
    def time_zones(self) -> list[str]:
        return sorted({AUTHORITY_TZ, SCHOOL_TZ, PRESCHOOL_TZ})


async def create_world(sessionmaker: async_sessionmaker, now: datetime) -> DemoWorld:
    """The authority, its two schools and the invites (codes are kept only in memory)."""
    async with sessionmaker() as session:
        authority_id = await setup.add_authority(
            session, name=AUTHORITY_NAME, tz=AUTHORITY_TZ, plan_toml=None, now=now
        )
        school_id = await setup.add_school(
            session, authority_id=authority_id, name=SCHOOL_NAME, kind=Kind.SCHOOL, tz=SCHOOL_TZ,
            staff=30, students=320, now=now,
        )  # fmt: skip
        preschool_id = await setup.add_school(
            session, authority_id=authority_id, name=PRESCHOOL_NAME, kind=Kind.PRESCHOOL,
            tz=PRESCHOOL_TZ, staff=14, students=95, now=now,
        )  # fmt: skip
        where = {"school": school_id, "preschool": preschool_id}
        codes: dict[str, str] = {}
        for key, (place, role, class_label) in INVITES.items():
            place_id = {"authority_id": authority_id}
            if place != "authority":
                place_id = {"school_id": where[place]}
            invite = await setup.create_invite(
                session, role=role, now=now, class_label=class_label, days=90, **place_id
            )
            codes[key] = invite.code
        await session.commit()
    return DemoWorld(authority_id, school_id, preschool_id, codes)


def _org(world: DemoWorld, invite_key: str) -> tuple[str, str]:
    place = INVITES[invite_key][0]
    if place == "authority":
        return AUTHORITY_NAME, AUTHORITY_TZ
    if place == "preschool":
        return PRESCHOOL_NAME, PRESCHOOL_TZ
    return SCHOOL_NAME, SCHOOL_TZ


def add_new_person(fake: FakeMax, world: DemoWorld) -> Persona:
    """Another person who has the fresh teacher invite but has not opened it yet."""
    number = 1 + sum(1 for p in world.personas.values() if p.key.startswith("new"))
    user_id = NEW_PERSON_ID if number == 1 else NEXT_NEW_ID + number - 2
    last_name = None if number == 1 else f"№{number}"
    persona = Persona(
        key="new" if number == 1 else f"new{number}",
        user_id=user_id,
        first_name="Новый сотрудник",
        last_name=last_name,
        title="Новый человек по приглашению",
        org=SCHOOL_NAME,
        tz=SCHOOL_TZ,
        invite=world.codes["new"],
    )
    world.users[user_id] = fake.user(user_id, persona.first_name, last_name)
    world.personas[user_id] = persona
    return persona


async def _answer(user: FakeUser, extra: Extra, code: str) -> None:
    await user.start(code)
    for _ in range(60 if extra.done is None else extra.done):
        if not (user.last_bot_message().text or "").startswith("<b>Пункт"):
            break  # the summary: the checklist is done
        await user.press(checklist_texts.BTN_DONE)
    if extra.help_comment:
        await user.press(checklist_texts.BTN_HELP)
        await user.send(extra.help_comment)


async def join_people(fake: FakeMax, world: DemoWorld) -> None:
    """Everybody joins through the running bot; the background people answer with buttons.

    The personas join first: the administrator is then there to receive help requests."""
    for key, user_id, first_name, last_name, title, invite_key in PERSONAS:
        org, tz = _org(world, invite_key)
        code = world.codes[invite_key]
        world.personas[user_id] = Persona(key, user_id, first_name, last_name, title, org, tz, code)
        world.users[user_id] = fake.user(user_id, first_name, last_name)
        await world.users[user_id].start(code)
    add_new_person(fake, world)
    for extra in EXTRAS:
        world.users[extra.user_id] = fake.user(extra.user_id, extra.first_name, extra.last_name)
    await asyncio.gather(
        *(_answer(world.users[e.user_id], e, world.codes[e.invite]) for e in EXTRAS)
    )


# 6Б's parents' chat: its class teacher (Наталья Козлова) added the bot as an administrator;
# a few parents are in it at the start and more join every simulated day, so the class's
# figure («Чат родителей 6Б: 9 из 25 — 36 %») moves with «+1 день».
PARENTS_CHAT_TITLE = "6Б — родители"
CLASS_6B_SIZE = 25
PARENT_IDS = range(3001, 3001 + CLASS_6B_SIZE)
FIRST_PARENTS = 5
PARENTS_A_DAY = 2


async def parents_chat(fake: FakeMax, world: DemoWorld, sessionmaker: async_sessionmaker) -> None:
    async with sessionmaker() as session:
        klass = await classes_repo.open_class_labelled(session, world.school_id, "6Б")
        if klass is not None:
            klass.size = CLASS_6B_SIZE
            await session.commit()
    teacher = world.users[2005]
    world.parents_chat = fake.create_group_chat(PARENTS_CHAT_TITLE)
    await teacher.add_bot_to_chat(world.parents_chat)
    await teacher.press(chats_texts.CHAT_PURPOSE_BUTTONS["parents"])
    await parents_join(fake, world, FIRST_PARENTS)


async def parents_join(fake: FakeMax, world: DemoWorld, count: int = PARENTS_A_DAY) -> None:
    """`count` more parents of 6Б join its chat (by the invite link), while any are left."""
    if world.parents_chat is None:
        return
    for user_id in PARENT_IDS[world.parents_joined : world.parents_joined + count]:
        parent = fake.user(user_id, "Родитель", f"6Б-{user_id - PARENT_IDS[0] + 1}")
        await parent.join_chat(world.parents_chat)
        world.parents_joined += 1
