"""Staff: `/staff` (the school's people by status, a person's items) and `/remind` (nudge the
overdue now). Administrators only."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.schedule import Policy
from bot.rules.staff import FILTERS
from bot.services import staff
from bot.services.staff import DetailOutcome
from bot.ui import texts
from bot.ui.keyboards.staff import RemindCb, StaffCb, StaffPersonCb
from bot.ui.texts import staff as t
from bot.ui.views import staff as views
from bot.vocab import Role
from handlers.access import Access
from handlers.middlewares import Deliver
from storage.models import Person, School

router = Router("staff")
router.register_inner_middleware(Access(Role.ADMIN))


# --- /staff ----------------------------------------------------------------------------------


@router.message_created(Command("staff"))
async def on_staff(
    event: MessageCreated,
    session: AsyncSession,
    caller: Person,
    school: School,
    sender: Reply,
    user: User,
) -> None:
    result = await staff.staff_page(session, caller, utcnow())
    await sender.send(user.user_id, *views.staff_message(result, school.name))


@router.message_callback(StaffCb.filter())
async def on_staff_page(
    event: MessageCallback,
    payload: StaffCb,
    session: AsyncSession,
    caller: Person,
    school: School,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    if payload.status_filter not in FILTERS:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    result = await staff.staff_page(session, caller, utcnow(), payload.status_filter, payload.page)
    text, rows = views.staff_message(result, school.name)
    await sender.answer_callback(cb, text=text, rows=rows)


@router.message_callback(StaffPersonCb.filter())
async def on_staff_person(
    event: MessageCallback,
    payload: StaffPersonCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    detail = await staff.person_detail(session, caller, payload.person_id, utcnow())
    await session.commit()
    if detail.outcome is DetailOutcome.FORBIDDEN:
        await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
        return
    if detail.outcome is DetailOutcome.UNKNOWN or detail.view is None or detail.status is None:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    text, rows = views.person_page(detail.view, detail.status, payload.status_filter, payload.page)
    await sender.answer_callback(cb, text=text, rows=rows)


# --- /remind ---------------------------------------------------------------------------------


@router.message_created(Command("remind"))
async def on_remind(
    event: MessageCreated,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    user: User,
    policy: Policy,
    deliver: Deliver,
) -> None:
    await _remind(session, caller, sender, user, policy, deliver)


@router.message_callback(RemindCb.filter())
async def on_remind_button(
    event: MessageCallback,
    payload: RemindCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    user: User,
    policy: Policy,
    deliver: Deliver,
) -> None:
    cb = event.callback.callback_id
    if payload.act != "go":
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await _remind(session, caller, sender, user, policy, deliver, callback_id=cb)


async def _remind(
    session: AsyncSession, caller: Person, sender: Reply, user: User, policy: Policy,
    deliver: Deliver, callback_id: str | None = None,
) -> None:  # fmt: skip
    """Nudge the overdue now and report; `callback_id`: the pressed button, answered
    with REMIND_TOAST before the nudges go out."""
    result = await staff.remind_now(session, caller, utcnow(), policy)
    await session.commit()
    if callback_id is not None:
        await sender.answer_callback(callback_id, notification=t.REMIND_TOAST)
    await deliver(result.keys)
    await sender.send(user.user_id, views.remind_text(result))
