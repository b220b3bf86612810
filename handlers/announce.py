"""`/announce`: a text to a chosen group, after a preview and a confirmation. A school's
administrators (their school) and the authority (its schools)."""

from __future__ import annotations

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.schedule import Policy
from bot.services import announce
from bot.ui import texts
from bot.ui.keyboards.announce import AnnounceCb
from bot.ui.texts import announce as t
from bot.ui.views import announce as views
from bot.vocab import Role
from handlers.access import Access
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("announce")
router.register_inner_middleware(Access(Role.ADMIN, Role.AUTHORITY))


@router.message_created(Command("announce"))
async def on_announce(
    event: MessageCreated, session: AsyncSession, caller: Person, sender: Reply, user: User
) -> None:
    channel = await announce.channel_of(session, caller) is not None
    await sender.send(user.user_id, *views.choose_audience(caller.role == Role.AUTHORITY, channel))


@router.message_callback(AnnounceCb.filter())
async def on_announce_button(
    event: MessageCallback,
    payload: AnnounceCb,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    policy: Policy,
    deliver: Deliver,
    user: User,
) -> None:
    cb, now = event.callback.callback_id, utcnow()
    labels = await announce.class_labels(session, caller) if payload.act == "classes" else None
    if labels is not None:
        text, rows = views.choose_class(labels)
        await sender.answer_callback(cb, text=text, rows=rows)
    elif payload.act == "new":
        channel = await announce.channel_of(session, caller) is not None
        text, rows = views.choose_audience(caller.role == Role.AUTHORITY, channel)
        await sender.answer_callback(cb, notification="📣")
        await sender.send(user.user_id, text, rows)
    elif payload.act == "audience":
        draft = await announce.start_draft(session, caller, payload.audience, now)
        await session.commit()
        if draft is None:
            await sender.answer_callback(cb, notification=t.ANNOUNCE_BAD_AUDIENCE)
            return
        text, rows = views.ask_text(draft)
        await sender.answer_callback(cb, text=text, rows=rows)
    elif payload.act == "send":
        result = await announce.confirm(session, caller, payload.announcement_id, now, policy)
        await session.commit()
        if result.outcome is announce.SendOutcome.FORBIDDEN:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
            return
        if result.outcome is announce.SendOutcome.ALREADY:
            await sender.answer_callback(cb, notification=t.ANNOUNCE_ALREADY)
            return
        if result.outcome is announce.SendOutcome.NO_CHANNEL:
            await sender.answer_callback(cb, text=t.ANNOUNCE_NO_CHANNEL, rows=views.new_rows())
            return
        await sender.answer_callback(cb, text=views.queued(result), rows=views.new_rows())
        if len(result.keys) <= announce.SYNC_LIMIT:
            await deliver(result.keys)
            report = await announce.report_if_finished(session, payload.announcement_id, now)
            if report is not None:
                await deliver([report])  # the wave has ended: the one final report
                return
            delivered, total = await announce.delivered(session, payload.announcement_id)
            await sender.send(user.user_id, *views.interim_report(delivered, total))
    elif payload.act in ("cancel", "back"):
        current = await announce.reopen(session, caller, payload.announcement_id, now)
        await session.commit()
        shown = views.reopened(current)
        if current.outcome is announce.DraftOutcome.SENT:
            await sender.answer_callback(cb, notification=t.ANNOUNCE_ALREADY)
        elif shown is None:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
        else:
            text, rows = (
                views.cancel_confirm(payload.announcement_id) if payload.act == "cancel" else shown
            )
            await sender.answer_callback(cb, text=text, rows=rows)
    elif payload.act == "cancel_ok":
        outcome = await announce.cancel(session, caller, payload.announcement_id, now)
        await session.commit()
        if outcome is announce.SendOutcome.FORBIDDEN:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
        elif outcome is announce.SendOutcome.ALREADY:
            await sender.answer_callback(cb, notification=t.ANNOUNCE_ALREADY)
        else:
            text, rows = views.cancelled()
            await sender.answer_callback(cb, text=text, rows=rows)
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
