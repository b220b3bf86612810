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
from bot.services.staff import DetailOutcome, LeaveOutcome
from bot.ui import texts
from bot.ui.keyboards.inputs import skip_input_keyboard
from bot.ui.keyboards.staff import (
    RemindCb,
    StaffCb,
    StaffLeaveCb,
    StaffPersonCb,
    StaffTotalCb,
    to_staff_keyboard,
)
from bot.ui.texts import staff as t
from bot.ui.views import staff as views
from bot.vocab import Role
from handlers.access import Access, OwnButton
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
    await sender.send(user.user_id, *views.staff_message(result, school.name, caller.id))


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
    text, rows = views.staff_message(result, school.name, caller.id)
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
    text, rows = views.person_page(detail, payload.status_filter, payload.page)
    await sender.answer_callback(cb, text=text, rows=rows)


@router.message_callback(StaffLeaveCb.filter())
async def on_staff_leave(
    event: MessageCallback,
    payload: StaffLeaveCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    """«Больше не работает в школе» (ask → confirm or cancel) and «Вернуть»."""
    cb = event.callback.callback_id
    if payload.admin_id != caller.id:
        await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
        return
    result = await staff.leave(
        session, caller, payload.person_id, payload.act, payload.seen, utcnow()
    )
    await session.commit()
    if result.outcome is LeaveOutcome.FORBIDDEN:
        await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
    elif result.outcome is LeaveOutcome.UNKNOWN:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
    elif result.outcome in views.LEAVE_TOASTS:
        await sender.answer_callback(cb, notification=views.LEAVE_TOASTS[result.outcome])
    else:
        text, rows = views.leave_message(result, caller.id, payload.status_filter, payload.page)
        await sender.answer_callback(cb, text=text, rows=rows)


@router.message_callback(StaffTotalCb.filter(), OwnButton())
async def on_staff_total(
    event: MessageCallback,
    payload: StaffTotalCb,
    session: AsyncSession,
    caller: Person,
    school: School,
    sender: Reply,
    user: User,
) -> None:
    """«✏️ Штат» / «✏️ Учащиеся»: the bot waits for the number (handlers/inputs.py)."""
    cb = event.callback.callback_id
    if not staff.ask_total(caller, payload.what):
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await session.commit()
    await sender.answer_callback(cb, notification="✏️")
    current = getattr(school, staff.TOTALS[payload.what])
    await sender.send(
        user.user_id, t.ask_total(payload.what, current), skip_input_keyboard(caller.id)
    )


# --- /remind ---------------------------------------------------------------------------------


@router.message_created(Command("remind"))
@router.message_callback(RemindCb.filter())
async def on_remind(
    event: MessageCreated | MessageCallback,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    user: User,
    policy: Policy,
    deliver: Deliver,
    payload: RemindCb | None = None,
) -> None:
    """`/remind`, or its button (answered with a toast before the nudges go out)."""
    cb = event.callback.callback_id if isinstance(event, MessageCallback) else None
    if cb is not None and (payload is None or payload.act != "go"):
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    result = await staff.remind_now(session, caller, utcnow(), policy)
    await session.commit()
    if cb is not None:
        await sender.answer_callback(cb, notification=t.REMIND_TOAST)
    await deliver(result.keys)
    await sender.send(user.user_id, views.remind_text(result), to_staff_keyboard())
