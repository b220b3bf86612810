"""Access control, table-driven: every command and every button kind against every role and
a stranger. Allowed ones work; the others get a clear refusal and change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.ui import texts
from bot.ui.keyboards.announce import AnnounceCb
from bot.ui.keyboards.authority import AuthorityCb
from bot.ui.keyboards.chats import ChatPurposeCb
from bot.ui.keyboards.checklist import AnswerCb, MenuCb, OpenItemCb
from bot.ui.keyboards.classes import ClassesCb
from bot.ui.keyboards.duties import DutyCb
from bot.ui.keyboards.export import ExportCb
from bot.ui.keyboards.help import HelpCb
from bot.ui.keyboards.inputs import SkipInputCb
from bot.ui.keyboards.invites import InviteCb, InviteListCb
from bot.ui.keyboards.kpi import KpiCb
from bot.ui.keyboards.pause import PauseCb
from bot.ui.keyboards.plans import PlanCb
from bot.ui.keyboards.rollover import RolloverCb
from bot.ui.keyboards.schools import SchoolCb
from bot.ui.keyboards.staff import RemindCb, StaffCb, StaffPersonCb
from bot.ui.keyboards.verify import EvidenceCb
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import classes as classes_texts
from bot.ui.texts import digest as digest_texts
from bot.ui.texts import help as help_texts
from bot.ui.texts import inputs as inputs_texts
from bot.ui.texts import progress as progress_texts
from storage import models as m

pytestmark = pytest.mark.usefixtures("weekday_noon")

ROLES = ("stranger", "staff", "teacher", "class_teacher", "admin", "authority")
STAFF = ("staff", "teacher", "class_teacher", "admin")

COMMANDS = {
    "/checklist": (*STAFF, "authority"),  # the authority: its own checklist (duties)
    "/pause": STAFF,
    "/progress": ("admin", "authority"),
    "/digest": ("admin", "authority"),
    "/staff": ("admin",),
    "/invite": ("admin",),
    "/invites": ("admin",),
    "/roster": ("admin",),
    "/remind": ("admin",),
    "/rollover": ("admin",),
    "/classes": ("teacher", "class_teacher", "admin"),
    "/kpi": ("admin",),
    "/announce": ("admin", "authority"),
    "/schools": ("authority",),
    "/addschool": ("authority",),
    "/export": ("authority",),
    "/rating": ("authority",),
    "/plan": ("authority",),
    "/help": ROLES,
}

REFUSALS = {
    texts.NOT_REGISTERED,
    texts.NOT_ALLOWED,
    progress_texts.PROGRESS_REFUSED,
    digest_texts.DIGEST_REFUSED,
    texts.NO_CHECKLIST,
    texts.FOREIGN_BUTTON,
    texts.ONLY_ADMIN,
    texts.FORBIDDEN_OBJECT,
    help_texts.HELP_NOT_YOURS,
    classes_texts.NOT_ALLOWED,
}

# Tables whose rows a refused action must leave alone (the audit log records the refusal).
WATCHED = (m.Person, m.Invite, m.Answer, m.SchoolAnswer, m.HelpRequest, m.RosterEntry,
           m.Evidence, m.Chat, m.KpiEntry, m.Announcement, m.School, m.Authority,
           m.PlanDraft, m.SchoolClass, m.ClassTeacher)  # fmt: skip


async def snapshot(bot) -> dict:
    """Row counts and the mutable columns that actions change."""
    async with bot.app.sessionmaker() as session:
        out = {t.__tablename__: await session.scalar(select(func.count()).select_from(t))
               for t in WATCHED}  # fmt: skip
        out["revoked"] = await session.scalar(
            select(func.count()).where(m.Invite.revoked_at.is_not(None))
        )
        out["handled"] = await session.scalar(
            select(func.count()).where(m.HelpRequest.handled_at.is_not(None))
        )
        out["evidence"] = sorted((await session.scalars(select(m.Evidence.status))).all())
        out["chat"] = sorted(str(p) for p in (await session.scalars(select(m.Chat.purpose))))
        people = select(m.Person.id, m.Person.role, m.Person.paused_until, m.Person.awaiting)
        out["people"] = sorted((await session.execute(people)).all())
        out["messages"] = await session.scalar(select(func.count()).where(m.Outbox.kind != "reply"))
    return out


@pytest.fixture
async def cast(bot, fake, world):
    """One person of each role (and a stranger), plus objects their buttons can name."""
    users = {role: fake.user(9700 + n, role.capitalize()) for n, role in enumerate(ROLES)}
    for role, user in users.items():
        if role != "stranger":
            await user.start(world.codes[role])
    await users["teacher"].press(checklist_texts.BTN_HELP)  # a help request to the admin
    await users["teacher"].press(inputs_texts.BTN_SKIP)
    await users["teacher"].send_image(b"\x89PNG\r\n\x1a\n" + b"0" * 64)  # a screenshot
    group = fake.create_group_chat("5А — родители")
    await users["class_teacher"].add_bot_to_chat(group)
    await users["stranger"].send("привет")  # so the stranger has a message to press on
    async with bot.app.sessionmaker() as session:

        async def one(model, *where):
            return (await session.scalars(select(model.id).where(*where))).first()

        ids = {
            "teacher": await one(m.Person, m.Person.max_user_id == 9702),
            "authority": await one(m.Person, m.Person.max_user_id == 9705),
            "admin": await one(m.Person, m.Person.max_user_id == 9704),
            "class_teacher": await one(m.Person, m.Person.max_user_id == 9703),
            "invite": await one(m.Invite, m.Invite.school_id == world.school_id),
            "help": await one(m.HelpRequest),
            "evidence": await one(m.Evidence),
            "chat": await one(m.Chat),
        }
    assert all(ids.values()), ids
    return users, ids


def buttons(ids: dict, world) -> dict:
    """Every button kind, with the roles that may press it (pid-bound ones: their owner)."""
    pid = ids["teacher"]
    return {
        AnswerCb(person_id=pid, code="order_read", act="d", seen="").pack(): ("teacher",),
        OpenItemCb(person_id=pid, code="order_read").pack(): ("teacher",),
        MenuCb(person_id=pid, act="list").pack(): ("teacher",),
        PauseCb(person_id=pid, act="week").pack(): ("teacher",),
        SkipInputCb(person_id=pid).pack(): ("teacher",),
        KpiCb(person_id=pid, act="enter", indicator="staff").pack(): (),
        HelpCb(request_id=ids["help"], act="answer").pack(): ("admin", "authority"),
        HelpCb(request_id=ids["help"], act="pass").pack(): ("admin",),
        HelpCb(request_id=ids["help"], act="done").pack(): ("admin", "authority"),
        EvidenceCb(evidence_id=ids["evidence"], act="approve").pack(): ("admin",),
        ChatPurposeCb(chat_row_id=ids["chat"], purpose="parents").pack(): ("class_teacher",),
        AnnounceCb(act="audience", audience="all").pack(): ("admin", "authority"),
        InviteCb(act="role", role="teacher").pack(): ("admin",),
        InviteListCb(act="revoke", invite_id=ids["invite"]).pack(): ("admin",),
        InviteListCb(act="revoke_ok", invite_id=ids["invite"]).pack(): ("admin",),
        StaffCb(status_filter="all", page=1).pack(): ("admin",),
        StaffPersonCb(person_id=pid, status_filter="all", page=1).pack(): ("admin",),
        RemindCb(act="go").pack(): ("admin",),
        RolloverCb(person_id=ids["admin"], act="show").pack(): ("admin",),
        ClassesCb(person_id=ids["admin"], act="list").pack(): ("admin",),
        ClassesCb(person_id=ids["class_teacher"], act="add").pack(): (),
        SchoolCb(act="open", school_id=world.school_id).pack(): ("authority",),
        SchoolCb(act="list").pack(): ("authority",),
        AuthorityCb(act="school", target=world.school_id).pack(): ("authority",),
        AuthorityCb(act="write", target=world.school_id).pack(): ("authority",),
        SchoolCb(act="card", school_id=world.school_id).pack(): ("authority",),
        DutyCb(person_id=ids["authority"], act="list").pack(): ("authority",),
        DutyCb(person_id=pid, act="list").pack(): (),  # a duty button drawn for a teacher
        ExportCb(act="go").pack(): ("authority",),
        PlanCb(person_id=ids["authority"], act="replace", draft="0" * 12, plan="0" * 12).pack(): (
            "authority",
        ),
    }


async def test_commands_against_every_role(bot, fake, world, cast):
    users, _ = cast
    for command, allowed in COMMANDS.items():
        for role, user in users.items():
            before = await snapshot(bot)
            sent_before = len(user.bot_texts())
            await user.send(command)
            replies = user.bot_texts()[sent_before:]
            assert replies, (command, role, "no answer at all")
            refused = replies[-1] in REFUSALS
            if role in allowed:
                assert not refused, (command, role, replies[-1])
            else:
                assert refused, (command, role, replies[-1])
                assert await snapshot(bot) == before, (command, role)


async def test_buttons_against_every_role(bot, fake, world, cast):
    users, ids = cast
    table = buttons(ids, world)
    allowed_presses = []
    for payload, allowed in table.items():
        for role, user in users.items():
            if role in allowed:
                allowed_presses.append((payload, role))
                continue
            before = await snapshot(bot)
            await user.press_payload(payload, message=user.messages()[-1])
            assert user.notifications()[-1] in REFUSALS, (payload, role, user.notifications()[-1])
            assert await snapshot(bot) == before, (payload, role)
    for payload, role in allowed_presses:  # last: these change things
        user = users[role]
        answered = len(user.notifications())
        await user.press_payload(payload, message=user.messages()[-1])
        latest = user.notifications()[answered:]
        assert not (latest and latest[-1] in REFUSALS), (payload, role, latest)
