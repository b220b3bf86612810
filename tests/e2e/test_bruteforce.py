"""Invite brute force: after 10 wrong codes within an hour a user is refused without the code
being looked up (even a valid one), until an hour has passed; the admin sees the attempts."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.emulator.user import FakeUser
from bot.services.joining import ATTEMPT_LIMIT
from bot.ui.texts.joining import JOIN_THROTTLED, JOIN_UNKNOWN
from storage.models import Audit, Invite, InviteAttempt, Person


async def rows(bot, model, *where) -> list:
    async with bot.app.sessionmaker() as session:
        return list(await session.scalars(select(model).where(*where).order_by(model.id)))


async def uses_of_all_invites(bot) -> int:
    async with bot.app.sessionmaker() as session:
        return await session.scalar(select(func.sum(Invite.uses))) or 0


async def try_code(user: FakeUser, code: str, via_command: bool) -> str | None:
    if via_command:
        await user.send(f"/start {code}")
    else:
        await user.start(code)
    return user.bot_texts()[-1]


WRONG_CODES = [
    "A" * 32,  # well formed, unknown
    "not a code!",  # not well formed
    "Zz9_-" * 5,
    "x",
    "B" * 64,
    "C" * 65,
    "код-приглашения-1234",
    "D" * 16,
    "E" * 200,
    "F" * 31,
]


async def test_eleventh_wrong_code_and_even_a_valid_one_are_refused(bot, fake, world):
    assert len(WRONG_CODES) == ATTEMPT_LIMIT
    admin = fake.user(5100, "Админ")
    await admin.start(world.codes["admin"])
    attacker = fake.user(5101, "Перебор")
    for n, code in enumerate(WRONG_CODES):
        assert await try_code(attacker, code, via_command=n % 2 == 1) == JOIN_UNKNOWN, code
    uses = await uses_of_all_invites(bot)

    # The 11th wrong code and then a valid one: refused, nothing looked up or joined.
    assert await try_code(attacker, "G" * 32, via_command=False) == JOIN_THROTTLED
    assert await try_code(attacker, world.codes["teacher"], via_command=False) == JOIN_THROTTLED
    assert await try_code(attacker, world.codes["teacher"], via_command=True) == JOIN_THROTTLED
    assert await rows(bot, Person, Person.max_user_id == 5101) == []
    assert await uses_of_all_invites(bot) == uses
    # Only the wrong codes that were looked up are recorded; refusals are audited.
    assert len(await rows(bot, InviteAttempt, InviteAttempt.max_user_id == 5101)) == 10
    throttled = await rows(bot, Audit, Audit.action == "join.throttled")
    assert [a.details["max_user_id"] for a in throttled] == [5101, 5101, 5101]

    # Someone else is not affected: a wrong code is just "not found", a valid one works.
    other = fake.user(5102, "Соседка")
    assert await try_code(other, "H" * 32, via_command=False) == JOIN_UNKNOWN
    await other.start(world.codes["teacher"])
    assert "Здравствуйте, Соседка!" in other.bot_texts()[-2]

    # The administrator sees the attempts under /invites.
    await admin.send("/invites")
    listing = admin.bot_texts()[-1]
    assert "Неудачные попытки входа за сутки: 11 (пользователей: 2)" in listing
    assert "Сейчас вход закрыт на час из-за подбора кода: 1 человек." in listing

    # An hour after the wrong codes the valid link works again.
    with time_machine.travel(utcnow() + timedelta(hours=1, minutes=1), tick=True):
        await attacker.start(world.codes["teacher"])
        assert "Здравствуйте, Перебор!" in attacker.bot_texts()[-2]
        [person] = await rows(bot, Person, Person.max_user_id == 5101)
        assert person.role == "teacher" and person.school_id == world.school_id
        await admin.send("/invites")
        listing = admin.bot_texts()[-1]
        assert "Неудачные попытки входа за сутки: 11 (пользователей: 2)" in listing
        assert "Сейчас вход закрыт" not in listing


async def test_a_registered_person_is_throttled_too_and_keeps_the_checklist(bot, fake, world):
    teacher = fake.user(5200, "Учитель")
    await teacher.start(world.codes["teacher"])
    for n in range(ATTEMPT_LIMIT):
        await teacher.start(f"{n:032d}")
    assert teacher.bot_texts()[-1].startswith(JOIN_UNKNOWN)
    await teacher.start(world.codes["admin"])  # would promote them: refused
    assert teacher.bot_texts()[-1].startswith(JOIN_THROTTLED)
    assert "/checklist" in teacher.bot_texts()[-1]
    [person] = await rows(bot, Person, Person.max_user_id == 5200)
    assert person.role == "teacher"


async def test_wrong_codes_spread_over_more_than_an_hour_never_throttle(bot, fake, world):
    user = fake.user(5300, "Растеряша")
    start = utcnow()
    for n in range(ATTEMPT_LIMIT + 2):  # one wrong code every 7 minutes: at most 9 per hour
        with time_machine.travel(start + timedelta(minutes=7 * n), tick=True):
            await user.start(f"{n:032d}")
            assert user.bot_texts()[-1] == JOIN_UNKNOWN, n
    with time_machine.travel(start + timedelta(minutes=7 * (ATTEMPT_LIMIT + 2)), tick=True):
        await user.start(world.codes["staff"])
        assert "Здравствуйте, Растеряша!" in user.bot_texts()[-2]


async def test_no_attempts_no_line_under_invites(bot, fake, world):
    admin = fake.user(5400, "Админ")
    await admin.start(world.codes["admin"])
    await admin.send("/invites")
    assert "Неудачные попытки" not in admin.bot_texts()[-1]
