"""`/progress` for each role, and the progress figures computed directly."""

from __future__ import annotations

from bot.plan import default_plan
from bot.ui import texts
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import progress as progress_texts
from bot.ui.texts import verify as verify_texts
from tests.support.db import joined_long_ago
from tests.support.images import answer_with_screenshot


async def test_progress_for_admin_authority_staff_and_stranger(bot, fake, world):
    plan = default_plan()
    admin = fake.user(3001, "Директор")
    teacher = fake.user(3002, "Учитель")
    staff = fake.user(3003, "Завхоз")
    await admin.start(world.codes["admin"])
    await teacher.start(world.codes["teacher"])
    await staff.start(world.codes["staff"])
    for _ in range(len(plan.items_for("teacher", "school"))):
        await answer_with_screenshot(teacher, checklist_texts.BTN_DONE)
    await staff.press(checklist_texts.BTN_HELP)
    join = plan.item("sferum_join").title

    # The teacher's screenshot waits for the administrator: not done, nor finished, yet.
    await admin.send("/progress")
    report = admin.bot_texts()[-1]
    assert "Прошли чек-лист: 0" in report
    assert f"• {join}: 0/3 (✅ подтверждено 0 · ☑️ со слов 0 · ⏳ на проверке 1)" in report
    review = next(
        m
        for m in reversed(admin.bot_messages())
        if any(a["type"] == "image" for a in m.attachments)
    )
    await admin.press(verify_texts.BTN_APPROVE, message=review)

    await admin.send("/progress")
    report = admin.bot_texts()[-1]
    assert "МАОУ СОШ №24" in report and "в боте 3 из 40" in report
    assert "Прошли чек-лист: 1" in report
    assert f"• {join}: 1/3 (✅ подтверждено 1 · ☑️ со слов 0)" in report
    assert "Снимки и чаты: ✅ подтверждено 1 · ☑️ со слов 0" in report
    order_read = plan.item("order_read").title
    # order_read applies to all three; only the teacher is done; the staff member asked for help.
    assert f"• {order_read}: 1/3 · 2 % штата · 🆘 1" in report
    assert f"• {plan.item('school_order').title}: ⬜ не сделано" in report
    # They joined today: nobody is overdue on their first day (their own deadlines are
    # joined + the plan's grace days at the earliest).
    assert "Просрочено" not in report
    # Some months later the admin and the staff member are overdue; the teacher is done.
    await joined_long_ago(bot.app.sessionmaker)
    await admin.send("/progress")
    report = admin.bot_texts()[-1]
    assert "Просрочено" in report and "Директор" in report and "Завхоз" in report
    assert "Учитель:" not in report

    await teacher.send("/progress")
    assert teacher.bot_texts()[-1] == progress_texts.PROGRESS_REFUSED
    stranger = fake.user(3004, "Прохожий")
    await stranger.send("/progress")
    assert stranger.bot_texts()[-1] == texts.NOT_REGISTERED

    authority = fake.user(3005, "Инспектор")
    await authority.start(world.codes["authority"])
    await authority.send("/progress")
    ranking = authority.bot_texts()[-1]
    assert "УО Княжпогостский" in ranking
    lines = [ln for ln in ranking.splitlines() if ln[:2] in ("1.", "2.")]
    assert lines[0].startswith("1. <b>МАОУ СОШ №24</b> (ОУ)")
    assert "в боте 3 из 40" in lines[0]
    assert lines[1].startswith("2. <b>МБДОУ Детский сад №3</b> (ДОУ): 0 %")
    # Buttons open a school and list overdue items across schools.
    labels = authority.last_bot_message().labels()
    assert "1. МАОУ СОШ №24" in labels and any("Просрочено" in label for label in labels)
    await authority.press("1. МАОУ СОШ №24")
    assert authority.last_bot_message().text == report
