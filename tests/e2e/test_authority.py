"""The authority's console: `/rating` (ranking with KPI figures), opening a school, overdue
items across schools, and refusals (other roles, another authority's school)."""

from __future__ import annotations

from sqlalchemy import select

from bot.clock import utcnow
from bot.plan import default_plan
from bot.services import setup
from bot.ui import texts
from bot.ui.keyboards.authority import AuthorityCb
from bot.ui.texts import authority as t
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import export as export_texts
from storage.models import Audit, KpiEntry, Person, School
from tests.support.db import joined_long_ago
from tests.support.images import answer_with_screenshot


async def _person_id(bot, user_id):
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(Person.id).where(Person.max_user_id == user_id))


async def test_rating_open_school_overdue_and_forged_school(bot, fake, world):
    plan = default_plan()
    admin, teacher = fake.user(7101, "Директор"), fake.user(7102, "Учитель")
    dou_admin, inspector = fake.user(7103, "Заведующая"), fake.user(7104, "Инспектор")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await dou_admin.start(world.codes["dou_admin"])
    await inspector.start(world.codes["authority"])
    await joined_long_ago(bot.app.sessionmaker)  # staff of some months, with overdue items
    # The preschool's administrator finishes everything: it ranks first.
    for _ in range(len(plan.items_for("admin", "preschool"))):  # the screenshot: unreviewed
        await answer_with_screenshot(dou_admin, checklist_texts.BTN_DONE)
    await teacher.press(checklist_texts.BTN_HELP)
    await admin.send("/kpi staff 37")
    await admin.send("/kpi parents 12,5")

    for who, code in ((admin, texts.NOT_ALLOWED), (teacher, texts.NOT_ALLOWED)):
        await who.send("/rating")
        assert who.bot_texts()[-1] == code
    stranger = fake.user(7105, "Прохожий")
    await stranger.send("/rating")
    assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED

    await inspector.send("/rating")
    rating = inspector.last_bot_message()
    lines = rating.text.splitlines()
    assert lines[0].startswith("🏆 <b>УО Княжпогостский</b> — рейтинг школ на ")
    ranked = [ln for ln in lines if ln[:2] in ("1.", "2.")]
    # Ranked by the share of the declared staff; the joined people's completion beside it.
    assert (
        ranked[0]
        == "1. <b>МБДОУ Детский сад №3</b> (ДОУ): 13 % штата · в боте 1 из 20, у них 100 %"
    )
    # Only the week's figures item is done: both figures were entered with /kpi above.
    assert ranked[1].startswith("2. <b>МАОУ СОШ №24</b> (ОУ): 0 % штата · ")
    assert "в боте 2 из 40, у них 3 %" in ranked[1]
    assert texts.progress.RANKING_RULE in lines
    school_kpi = lines[lines.index(ranked[1]) + 1]
    assert school_kpi.strip() == "сотрудники 37 % · ученики и родители 12,5 %"
    assert rating.labels() == [
        "1. МБДОУ Детский сад №3",
        "2. МАОУ СОШ №24",
        t.BTN_OVERDUE,
        export_texts.BTN_EXPORT,
    ]

    # Opening a school shows exactly what its administrator sees in /progress.
    await inspector.press("2. МАОУ СОШ №24")
    opened = inspector.last_bot_message()
    await admin.send("/progress")
    assert opened.text == admin.bot_texts()[-1]
    assert opened.labels() == [t.BTN_RATING]
    await inspector.press(t.BTN_RATING)
    assert inspector.last_bot_message().text == rating.text

    # Overdue across schools (the built-in deadlines are in 2025, long past).
    await inspector.press(t.BTN_OVERDUE)
    overdue = inspector.last_bot_message().text
    assert "Всего: 2 человека в 1 организации" in overdue
    assert "<b>МАОУ СОШ №24</b>" in overdue and "Детский сад" not in overdue
    assert "• Директор: " in overdue and "• Учитель: " in overdue
    assert "Заведующая" not in overdue

    # A forged button naming another authority's school: refused, audited, nothing shown.
    async with bot.app.sessionmaker() as session:
        other_authority = await setup.add_authority(
            session, name="УО Соседний", tz="Europe/Moscow", plan_toml=None, now=utcnow()
        )
        other_school = await setup.add_school(
            session, authority_id=other_authority, name="Чужая школа", kind="school",
            tz=None, staff=10, students=100, now=utcnow(),
        )  # fmt: skip
        await session.commit()
    before = inspector.last_bot_message().text
    await inspector.press_payload(AuthorityCb(act="school", target=other_school).pack())
    assert inspector.notifications()[-1] == texts.FORBIDDEN_OBJECT
    assert inspector.last_bot_message().text == before
    await inspector.press_payload(AuthorityCb(act="school", target=999_999).pack())
    assert inspector.notifications()[-1] == texts.FORBIDDEN_OBJECT
    inspector_id = await _person_id(bot, 7104)
    async with bot.app.sessionmaker() as session:
        refusals = list(await session.scalars(select(Audit).where(Audit.action == "forbidden")))
    assert [(a.actor_person_id, a.details["school_id"]) for a in refusals] == [
        (inspector_id, other_school),
        (inspector_id, 999_999),
    ]
    # A school administrator pressing an authority button is refused too.
    await admin.press_payload(AuthorityCb(act="school", target=world.school_id).pack())
    assert admin.notifications()[-1] == texts.NOT_ALLOWED


async def test_rating_pages_and_latest_week(bot, fake, world):
    """With many schools the rating is paged; KPI figures show the latest week with a trend."""
    async with bot.app.sessionmaker() as session:
        for n in range(12):
            await setup.add_school(
                session, authority_id=world.authority_id, name=f"Школа {n:02d}", kind="school",
                tz=None, staff=None, students=None, now=utcnow(),
            )  # fmt: skip
        session.add_all(
            [
                KpiEntry(school_id=world.school_id, week="2025-W47", staff_weekly=40.0),
                KpiEntry(school_id=world.school_id, week="2025-W48", staff_weekly=30.0),
            ]
        )
        await session.commit()
    inspector = fake.user(7201, "Инспектор")
    await inspector.start(world.codes["authority"])
    await inspector.send("/rating")
    first = inspector.last_bot_message()
    assert "Школы 1–10 из 14." in first.text
    assert "сотрудники 30 % ↓ (нед. 24.11–30.11.2025) · ученики и родители —" in first.text
    assert len([b for b in first.labels() if b[0].isdigit()]) == 10
    await inspector.press(t.BTN_NEXT)
    second = inspector.last_bot_message()
    assert "Школы 11–14 из 14." in second.text
    assert [b for b in second.labels() if b[0].isdigit()] == [
        "11. Школа 08",
        "12. Школа 09",
        "13. Школа 10",
        "14. Школа 11",
    ]
    assert t.BTN_PREV in second.labels() and t.BTN_NEXT not in second.labels()


async def test_a_lone_administrator_does_not_rank_first(bot, fake, world):
    """The defect of issue 16: one person of hundreds declared answering everything ranked
    first at 100 %; ranked by the share of the declared staff, it comes after a school whose
    whole staff is in the bot; a school with no declared staff says so."""
    plan = default_plan()
    admin, teacher = fake.user(7151, "Директор"), fake.user(7152, "Учитель")
    dou_admin, inspector = fake.user(7153, "Заведующая"), fake.user(7154, "Инспектор")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await dou_admin.start(world.codes["dou_admin"])
    await inspector.start(world.codes["authority"])
    for _ in range(len(plan.items_for("admin", "preschool"))):
        await answer_with_screenshot(dou_admin, checklist_texts.BTN_DONE)
    await admin.send("/kpi staff 37")
    await admin.send("/kpi parents 12,5")
    async with bot.app.sessionmaker() as session:
        for school in (await session.scalars(select(School))).all():
            school.declared_staff = 400 if school.kind == "preschool" else 2
        await session.commit()
    await inspector.send("/rating")
    ranked = [ln for ln in inspector.last_bot_message().text.splitlines() if ln[:2] in ("1.", "2.")]
    assert ranked[0].startswith("1. <b>МАОУ СОШ №24</b>")
    assert ranked[1].startswith("2. <b>МБДОУ Детский сад №3</b>")
    assert ranked[1].endswith("в боте 1 из 400, у них 100 %")

    async with bot.app.sessionmaker() as session:
        for school in (await session.scalars(select(School))).all():
            school.declared_staff = None
        await session.commit()
    await inspector.send("/rating")
    ranked = [ln for ln in inspector.last_bot_message().text.splitlines() if ln[:2] in ("1.", "2.")]
    assert ranked[0] == (
        "1. <b>МБДОУ Детский сад №3</b> (ДОУ): численность не указана · в боте 1, у них 100 %"
    )
