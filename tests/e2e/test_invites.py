"""The administrator's invite console through the real bot and the fake MAX API: the `/invite`
wizard, `/invites` with use counts, revoking one or all unused, forged and foreign presses."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.clock import utcnow
from bot.ui import texts
from bot.ui.keyboards.invites import InviteCb, InviteListCb
from bot.ui.keyboards.staff import RemindCb, StaffCb, StaffPersonCb
from bot.ui.texts import invites as t
from bot.ui.texts import joining as joining_texts
from storage.models import Audit, Invite, Person

LINK_RE = re.compile(r"https://max\.ru/sferum_roadmap_bot\?start=([A-Za-z0-9_-]+)")


async def db(bot, query) -> list:
    async with bot.app.sessionmaker() as session:
        return list((await session.execute(query)).scalars())


def link_code(text: str) -> str:
    match = LINK_RE.search(text)
    assert match, text
    return match.group(1)


async def make_link(user, role_label: str, *path: str) -> str:
    """Run the wizard: role, then the given buttons (class, days, uses); return the code."""
    await user.send("/invite")
    await user.press(role_label)
    for label in path:
        await user.press(label)
    return link_code(user.last_bot_message().text)


async def test_wizard_creates_working_links(bot, fake, world):
    admin = fake.user(7001, "Директор")
    await admin.start(world.codes["admin"])

    await admin.send("/invite")
    first = admin.last_bot_message()
    assert first.text == t.INVITE_ROLE
    assert first.labels() == [
        "Педагог", "Классный руководитель", "Сотрудник", "Ответственный администратор",
        t.BTN_CANCEL,
    ]  # fmt: skip
    await admin.press("Классный руководитель")  # no classes known yet: the grade grid
    assert admin.last_bot_message().labels() == [*map(str, range(1, 12)), t.BTN_CANCEL]
    await admin.press("7")
    assert admin.last_bot_message().labels() == ["7А", "7Б", "7В", "7Г", "7Д", t.BTN_CANCEL]
    await admin.press("7Б")
    assert "классный руководитель, 7Б" in admin.last_bot_message().text
    await admin.press(t.days_button(90))
    await admin.press(t.uses_button(30))
    done = admin.last_bot_message()
    assert done.mid == first.mid  # the wizard edits one message
    assert done.labels() == [t.BTN_ALL_LINKS]  # on to the list, no wizard step left
    assert "Ссылка готова" in done.text and "не больше 30 человек" in done.text
    expires = (utcnow() + timedelta(days=90)).astimezone(ZoneInfo("Europe/Moscow")).date()
    assert f"Действует до {texts.fmt_date(expires)}" in done.text
    code = link_code(done.text)

    newcomer = fake.user(7002, "Ирина")
    await newcomer.start(code)
    assert "классный руководитель, класс 7Б" in newcomer.bot_texts()[-2]
    [person] = await db(bot, select(Person).where(Person.max_user_id == 7002))
    assert (person.role, person.class_label, person.school_id) == (
        "class_teacher", "7Б", world.school_id,
    )  # fmt: skip
    [admin_row] = await db(bot, select(Person).where(Person.max_user_id == 7001))
    [invite] = await db(bot, select(Invite).where(Invite.created_by == admin_row.id))
    assert (invite.max_uses, invite.uses, invite.class_label) == (30, 1, "7Б")
    created = select(Audit).where(
        Audit.action == "invite.create", Audit.actor_person_id == admin_row.id
    )
    assert len(await db(bot, created)) == 1

    # 7Б is known now: offered as a button next to «other class».
    await admin.send("/invite")
    await admin.press("Классный руководитель")
    assert admin.last_bot_message().labels() == ["7Б", t.BTN_OTHER_CLASS, t.BTN_CANCEL]
    await admin.press("7Б")
    await admin.press(t.days_button(7))
    await admin.press(t.uses_button(1))
    personal = link_code(admin.last_bot_message().text)
    assert "личная ссылка" in admin.last_bot_message().text

    # A plain staff link skips the class step.
    staff_code = await make_link(admin, "Сотрудник", t.days_button(30), t.BTN_NO_LIMIT)
    worker = fake.user(7003, "Олег")
    await worker.start(staff_code)
    assert "сотрудник" in worker.bot_texts()[-2]
    [worker_row] = await db(bot, select(Person).where(Person.max_user_id == 7003))
    assert (worker_row.role, worker_row.class_label) == ("staff", None)

    # The personal link works once.
    await fake.user(7004, "Мария").start(personal)
    late = fake.user(7005, "Пётр")
    await late.start(personal)
    assert late.bot_texts()[-1] == joining_texts.JOIN_USED_UP

    await admin.send("/invite")
    await admin.press(t.BTN_CANCEL)
    assert admin.last_bot_message().text == t.INVITE_CANCELLED


async def test_forged_wizard_choices_create_nothing(bot, fake, world):
    admin = fake.user(7011, "Директор")
    await admin.start(world.codes["admin"])
    await admin.send("/invite")
    before = len(await db(bot, select(Invite)))
    for forged in (
        InviteCb(act="uses", role="authority", days=30, uses=0),
        InviteCb(act="uses", role="teacher", days=365, uses=0),
        InviteCb(act="uses", role="teacher", days=30, uses=1000),
        InviteCb(act="uses", role="teacher", class_label="5А", days=30, uses=0),
        InviteCb(act="uses", role="class_teacher", class_label="Любой", days=30, uses=0),
    ):
        await admin.press_payload(forged.pack())
        assert admin.notifications()[-1] == t.WIZARD_STALE
    assert len(await db(bot, select(Invite))) == before


async def test_invites_list_revoke_one_and_all_unused(bot, fake, world):
    admin, teacher = fake.user(7021, "Директор"), fake.user(7022, "Учитель")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])

    await admin.send("/invites")
    listing = admin.last_bot_message().text
    # The ОУ's four links from the set-up; the ДОУ's and the authority's are not shown.
    assert "Действующие ссылки-приглашения</b>: 4" in listing
    assert listing.count("зарегистрировались: 1 (без ограничения)") == 2  # admin, teacher
    assert listing.count("зарегистрировались: 0 (без ограничения)") == 2  # staff, class
    assert "классный руководитель, 5А" in listing

    code = await make_link(admin, "Педагог", t.days_button(30), t.uses_button(30))
    await admin.send("/invites")
    assert "Действующие ссылки-приглашения</b>: 5" in admin.last_bot_message().text
    [new] = await db(bot, select(Invite).where(Invite.max_uses == 30))
    listing = admin.last_bot_message().text
    assert listing.index("№") == listing.index(f"№{new.id} <b>педагог</b>")  # newest first
    assert "зарегистрировались: 0 из 30" in listing
    await admin.press(t.revoke_button(new.id))
    assert admin.last_bot_message().text.startswith(f"Точно отозвать ссылку №{new.id}")
    await admin.press(t.BTN_REVOKE_YES)
    assert admin.notifications()[-1] == t.REVOKED
    assert "Действующие ссылки-приглашения</b>: 4" in admin.last_bot_message().text
    joiner = fake.user(7023, "Новенький")
    await joiner.start(code)
    assert joiner.bot_texts()[-1] == joining_texts.JOIN_REVOKED
    [revoked] = await db(bot, select(Invite).where(Invite.revoked_at.is_not(None)))
    audits = await db(bot, select(Audit).where(Audit.action == "invite.revoke"))
    assert [a.details["invite_id"] for a in audits] == [revoked.id]

    # A stale «revoke» button (or its confirmation) for the same link changes nothing.
    for act in ("revoke", "revoke_ok"):
        payload = InviteListCb(act=act, page=1, invite_id=revoked.id).pack()
        await admin.press_payload(payload)
        assert admin.notifications()[-1] == t.REVOKE_INACTIVE
    assert len(await db(bot, select(Audit).where(Audit.action == "invite.revoke"))) == 1

    await admin.press(t.revoke_unused_button(2))
    assert admin.last_bot_message().text == t.revoke_unused_confirm(2)
    await admin.press(t.BTN_CANCEL)  # back to the list, nothing revoked
    assert "Действующие ссылки-приглашения</b>: 4" in admin.last_bot_message().text
    await admin.press(t.revoke_unused_button(2))
    await admin.press(t.BTN_REVOKE_YES)
    assert admin.notifications()[-1] == t.revoked_unused(2)
    listing = admin.last_bot_message().text
    assert "Действующие ссылки-приглашения</b>: 2" in listing
    assert "0 (без ограничения)" not in listing
    assert t.revoke_unused_button(0) not in admin.last_bot_message().labels()

    late_staff = fake.user(7024, "Завхоз")
    await late_staff.start(world.codes["staff"])
    assert late_staff.bot_texts()[-1] == joining_texts.JOIN_REVOKED
    second_teacher = fake.user(7025, "Второй учитель")
    await second_teacher.start(world.codes["teacher"])  # used before: still valid
    assert "Здравствуйте, Второй учитель" in second_teacher.bot_texts()[-2]
    [bulk] = await db(bot, select(Audit).where(Audit.action == "invite.revoke_unused"))
    assert len(bulk.details["invite_ids"]) == 2


async def test_invites_are_paged_by_ten(bot, fake, world):
    admin = fake.user(7031, "Директор")
    await admin.start(world.codes["admin"])
    for _ in range(8):
        await make_link(admin, "Педагог", t.days_button(7), t.uses_button(1))
    await admin.send("/invites")  # 4 from the set-up + 8 = 12
    first = admin.last_bot_message()
    assert "12 (стр. 1 из 2)" in first.text
    ids = [i.id for i in await db(bot, select(Invite).where(Invite.school_id == world.school_id))]
    ids.sort(reverse=True)  # newest first
    revoke_labels = [x for x in first.labels() if x.startswith("❌")]
    assert revoke_labels == [t.revoke_button(i) for i in ids[:10]]
    await admin.press(t.BTN_NEXT)
    second = admin.last_bot_message()
    assert "(стр. 2 из 2)" in second.text
    assert f"№{ids[10]} " in second.text and f"№{ids[11]} " in second.text
    assert [x for x in second.labels() if x.startswith("❌")] == [
        t.revoke_button(ids[10]),
        t.revoke_button(ids[11]),
    ]
    await admin.press(t.revoke_button(ids[11]))
    await admin.press(t.BTN_REVOKE_YES)
    assert admin.notifications()[-1] == t.REVOKED
    assert "11 (стр. 2 из 2)" in admin.last_bot_message().text


async def test_revoking_asks_first_and_labels_stay_after_a_change(bot, fake, world):
    """A double tap on «Отозвать» never revokes two links: each asks «Точно?», and the list
    keeps each link's label after another one is revoked."""
    admin = fake.user(7032, "Директор")
    await admin.start(world.codes["admin"])
    await admin.send("/invites")
    listing = admin.last_bot_message()
    revoke_labels = [x for x in listing.labels() if x.startswith("❌")]
    first_label, second_label = revoke_labels[0], revoke_labels[1]
    await admin.press(first_label, listing)
    assert admin.last_bot_message().text.startswith("Точно отозвать ссылку")
    assert await db(bot, select(Invite).where(Invite.revoked_at.is_not(None))) == []
    await admin.press(t.BTN_REVOKE_NO)
    assert await db(bot, select(Invite).where(Invite.revoked_at.is_not(None))) == []
    await admin.press(first_label)
    confirmation = admin.last_bot_message()
    await admin.press(t.BTN_REVOKE_YES, confirmation)
    await admin.press_payload(confirmation.buttons[0][0]["payload"], confirmation)  # again
    assert admin.notifications()[-1] == t.REVOKE_INACTIVE
    assert len(await db(bot, select(Invite).where(Invite.revoked_at.is_not(None)))) == 1
    after = admin.last_bot_message().labels()
    assert first_label not in after and second_label in after  # the others keep their labels


async def test_forged_revoke_of_another_schools_invite_is_refused(bot, fake, world):
    admin = fake.user(7041, "Директор")
    await admin.start(world.codes["admin"])
    await admin.send("/invites")
    foreign = await db(bot, select(Invite).where(Invite.school_id != world.school_id))
    authority = await db(bot, select(Invite).where(Invite.school_id.is_(None)))
    assert len(foreign) == 2 and len(authority) == 1
    for invite in [*foreign, *authority]:
        await admin.press_payload(InviteListCb(act="revoke", page=1, invite_id=invite.id).pack())
        assert admin.notifications()[-1] == texts.FORBIDDEN_OBJECT
    await admin.press_payload(InviteListCb(act="revoke", page=1, invite_id=99999).pack())
    assert admin.notifications()[-1] == texts.UNKNOWN_BUTTON
    assert await db(bot, select(Invite).where(Invite.revoked_at.is_not(None))) == []
    forbidden = await db(bot, select(Audit).where(Audit.action == "forbidden"))
    assert len(forbidden) == 3
    assert {a.details["what"] for a in forbidden} == {
        f"invite.revoke:{i.id}" for i in [*foreign, *authority]
    }
    # The ДОУ link still works.
    parent_school = fake.user(7042, "Воспитатель")
    await parent_school.start(world.codes["dou_class_teacher"])
    assert "Ромашка" in parent_school.bot_texts()[-2]


async def test_teachers_and_strangers_cannot_use_the_console(bot, fake, world):
    admin, teacher = fake.user(7051, "Директор"), fake.user(7052, "Учитель")
    stranger = fake.user(7053, "Никто")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    for command in ("/invite", "/invites", "/staff", "/remind"):
        await teacher.send(command)
        assert teacher.bot_texts()[-1] == texts.NOT_ALLOWED, command
        await stranger.send(command)
        assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED, command
    [invite] = await db(
        bot, select(Invite).where(Invite.school_id == world.school_id, Invite.role == "staff")
    )
    [teacher_row] = await db(bot, select(Person).where(Person.max_user_id == 7052))
    count = len(await db(bot, select(Invite)))
    for payload in (
        InviteCb(act="role", role="teacher"),
        InviteCb(act="uses", role="teacher", days=30, uses=0),
        InviteListCb(act="page", page=1),
        InviteListCb(act="revoke", page=1, invite_id=invite.id),
        InviteListCb(act="unused_ok", page=1),
        StaffCb(status_filter="all", page=1),
        StaffPersonCb(person_id=teacher_row.id, status_filter="all", page=1),
        RemindCb(act="go"),
    ):
        await teacher.press_payload(payload.pack())
        assert teacher.notifications()[-1] == texts.NOT_ALLOWED, payload
    assert len(await db(bot, select(Invite))) == count
    assert await db(bot, select(Invite).where(Invite.revoked_at.is_not(None))) == []
    assert len(admin.bot_texts()) == 2  # nobody was reminded: greeting and first item only


async def test_preschool_wizard_offers_groups_not_grades(bot, fake, world):
    head = fake.user(7061, "Заведующая")
    await head.start(world.codes["dou_admin"])
    await head.send("/invite")
    assert "Воспитатель группы" in head.last_bot_message().labels()
    await head.press("Воспитатель группы")
    assert head.last_bot_message().labels() == [t.BTN_NO_GROUP, t.BTN_CANCEL]
    await fake.user(7062, "Ольга").start(world.codes["dou_class_teacher"])  # group «Ромашка»

    code = await make_link(head, "Воспитатель группы", "Ромашка", t.days_button(30), t.BTN_NO_LIMIT)
    newcomer = fake.user(7063, "Вера")
    await newcomer.start(code)
    [person] = await db(bot, select(Person).where(Person.max_user_id == 7063))
    assert (person.role, person.class_label, person.school_id) == (
        "class_teacher", "Ромашка", world.preschool_id,
    )  # fmt: skip
    # The ОУ administrator does not see the ДОУ's group.
    admin = fake.user(7064, "Директор")
    await admin.start(world.codes["admin"])
    await admin.send("/invite")
    await admin.press("Классный руководитель")
    assert "Ромашка" not in admin.last_bot_message().labels()
