"""Invites: `/invite` (the wizard: role, class, days, uses → a link) and `/invites` (the
school's active links, revoking). Administrators only."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.services import invites as svc
from bot.services.invites import RevokeOutcome, WizardError
from bot.ui import texts
from bot.ui.keyboards import invites as kb
from bot.ui.keyboards.invites import InviteCb, InviteListCb
from bot.ui.texts import invites as t
from bot.ui.views import invites as views
from bot.vocab import Role
from handlers.access import Access
from handlers.replies import link_username
from storage.models import Person, School

router = Router("invites")
router.register_inner_middleware(Access(Role.ADMIN))


# --- /invite: the wizard ---------------------------------------------------------------------


@router.message_created(Command("invite"))
async def on_invite(event: MessageCreated, school: School, sender: Reply, user: User) -> None:
    await sender.send(user.user_id, *views.wizard_start(school.kind))


@router.message_callback(InviteCb.filter())
async def on_invite_step(
    event: MessageCallback,
    payload: InviteCb,
    session: AsyncSession,
    caller: Person,
    school: School,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    if payload.act == "cancel":
        await sender.answer_callback(cb, text=t.INVITE_CANCELLED)
        return
    if (
        payload.act == "uses"
        and payload.role in svc.ROLES
        and payload.days is not None
        and payload.uses is not None
    ):
        await _create(event, payload, session, caller, sender)
        return
    known = []
    if payload.act == "role" and payload.role == Role.CLASS_TEACHER:
        known = await svc.known_classes(session, caller)
    step = views.wizard_step(payload, school.kind, known)
    if step is None:
        await sender.answer_callback(cb, notification=t.WIZARD_STALE)
        return
    text, rows = step
    await sender.answer_callback(cb, text=text, rows=rows)


async def _create(
    event: MessageCallback, payload: InviteCb, session: AsyncSession, caller: Person, sender: Reply
) -> None:
    cb = event.callback.callback_id
    assert payload.role is not None and payload.days is not None and payload.uses is not None
    username = await link_username(sender, event)
    if username is None:
        return
    try:
        link = await svc.create_link(
            session, caller, role=payload.role, class_label=payload.class_label,
            days=payload.days, uses=payload.uses, now=utcnow(), bot_username=username,
        )  # fmt: skip
    except WizardError:
        await sender.answer_callback(cb, notification=t.WIZARD_STALE)
        return
    await session.commit()
    await sender.answer_callback(
        cb, notification=t.CREATED_TOAST, text=views.created(link), rows=kb.created_keyboard()
    )


# --- /invites: the list ----------------------------------------------------------------------


@router.message_created(Command("invites"))
async def on_invites(
    event: MessageCreated, session: AsyncSession, caller: Person, sender: Reply, user: User
) -> None:
    result = await svc.list_invites(session, caller, utcnow(), 1)
    await sender.send(user.user_id, *views.invite_list(result))


@router.message_callback(InviteListCb.filter())
async def on_invites_button(
    event: MessageCallback,
    payload: InviteListCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
) -> None:
    cb = event.callback.callback_id
    now = utcnow()
    notification = None
    if payload.act == "revoke" and payload.invite_id is not None:
        outcome, row = await svc.ask_revoke(session, caller, payload.invite_id, now)
        await session.commit()
        if row is not None:
            kind = svc.school_of(caller).kind
            text, rows = views.revoke_confirm(row, kind, payload.page)
            await sender.answer_callback(cb, text=text, rows=rows)
            return
        if refused := views.revoke_refusal(outcome):
            await sender.answer_callback(cb, notification=refused)
            return
        notification = t.REVOKE_INACTIVE
    elif payload.act == "revoke_ok" and payload.invite_id is not None:
        outcome = await svc.revoke(session, caller, payload.invite_id, now)
        await session.commit()
        if refused := views.revoke_refusal(outcome):
            await sender.answer_callback(cb, notification=refused)
            return
        notification = t.REVOKED if outcome is RevokeOutcome.REVOKED else t.REVOKE_INACTIVE
    elif payload.act == "unused":
        count = await svc.unused_count(session, caller, now)
        if count:
            await sender.answer_callback(
                cb, text=t.revoke_unused_confirm(count), rows=kb.revoke_unused_confirm(payload.page)
            )
            return
        notification = t.NOTHING_UNUSED
    elif payload.act == "unused_ok":
        count = await svc.revoke_unused(session, caller, now)
        await session.commit()
        notification = t.revoked_unused(count)
    elif payload.act != "page":
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    result = await svc.list_invites(session, caller, now, payload.page)
    text, rows = views.invite_list(result)
    await sender.answer_callback(cb, notification=notification, text=text, rows=rows)
