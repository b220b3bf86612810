"""Typed answers the bot asked for: a comment to a help request, a pause date; "skip"."""

from __future__ import annotations

from typing import Any

from maxapi import F, Router
from maxapi.filters.filter import BaseFilter
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.rules.schedule import Policy
from bot.services import announce, help, pause, schools
from bot.services.checklist import has_checklist, load_view
from bot.ui import texts, views
from bot.ui.keyboards import SkipInputCb
from bot.ui.keyboards import console as console_keyboards
from bot.ui.texts import console as console_texts
from bot.ui.texts import help as help_texts
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("inputs")


class AwaitingInput(BaseFilter):
    """The caller is registered and the bot waits for them to type something."""

    async def __call__(self, event: Any, person: Person | None = None) -> bool:
        body = event.message.body
        if body is None or body.attachments:  # a photo or a file is not the typed answer
            return False
        text = body.text
        return bool(person and person.awaiting and text and not text.startswith("/"))


@router.message_created(F.message.recipient.chat_type == "dialog", AwaitingInput())
async def on_typed_input(
    event: MessageCreated,
    session: AsyncSession,
    person: Person,
    sender: Sender,
    policy: Policy,
    deliver: Deliver,
    user: Any,
) -> None:
    text, now = event.message.body.text, utcnow()
    awaiting = person.awaiting or ""
    if awaiting == pause.AWAITING_DATE:
        outcome, until = await pause.pause_until(session, person, text, now)
        await session.commit()
        await sender.send(user.user_id, views.pause_result(outcome, until))
        return
    if awaiting.startswith(announce.AWAITING_PREFIX):
        draft = await announce.set_text(session, person, text)
        await session.commit()
        await sender.send(user.user_id, *views.announce_draft(draft))
        return
    if awaiting.startswith(schools.AWAITING_PREFIX):
        school = await schools.add_named(session, person, text, now)
        await session.commit()
        if school is None:
            await sender.send(user.user_id, console_texts.ADDSCHOOL_BAD_NAME)
            return
        info = await schools.school_info(session, school)
        await sender.send(
            user.user_id,
            console_texts.school_added(school.name)
            + "\n\n"
            + console_texts.school_card(
                school.name, school.kind, school.tz, info.people, info.admins, None
            ),
            console_keyboards.school_keyboard(school.id),
        )
        return
    result = await help.add_comment(session, person, text, now, policy)
    await session.commit()
    if result.outcome is help.CommentOutcome.TOO_LONG:
        await sender.send(user.user_id, help_texts.HELP_COMMENT_TOO_LONG)
        return
    await deliver(result.keys)
    await sender.send(user.user_id, help_texts.HELP_COMMENT_SENT)
    if has_checklist(person):
        view = await load_view(session, person, now)
        await sender.send(user.user_id, *views.next_message(view, view.first_open()))


@router.message_callback(SkipInputCb.filter())
async def on_skip(
    event: MessageCallback,
    payload: SkipInputCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if person is None or person.id != payload.pid or not has_checklist(person):
        await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
        return
    person.awaiting = None
    await session.commit()
    view = await load_view(session, person, utcnow())
    text, rows = views.next_message(view, view.first_open())
    await sender.answer_callback(cb, notification=texts.INPUT_SKIPPED, text=text, rows=rows)
