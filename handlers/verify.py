"""Verification of checklist items: a photo sent in the dialog (a screenshot for review), the
administrator's review buttons, and the bot being added to / removed from group chats."""

from __future__ import annotations

from typing import Any

from maxapi import F, Router
from maxapi.filters.filter import BaseFilter
from maxapi.types import BotAdded, BotRemoved, MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.rules.schedule import Policy
from bot.services import chats, verify
from bot.ui import texts
from bot.ui.keyboards import verify as kb
from bot.ui.keyboards.checklist import menu_keyboard
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import verify as t
from bot.ui.views import checklist as checklist_views
from bot.vocab import SCHOOL_ROLES, Role
from handlers import guards
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("verify")


class HasImage(BaseFilter):
    """The message carries a photo."""

    async def __call__(self, event: Any) -> bool:
        body = getattr(event.message, "body", None)
        attachments = getattr(body, "attachments", None) or []
        return any(getattr(a, "type", None) == "image" for a in attachments)


def _dump(attachment: Any) -> dict[str, Any]:
    return attachment.model_dump(mode="json", exclude_none=True)


@router.message_created(F.message.recipient.chat_type == "dialog", HasImage())
async def on_image(
    event: MessageCreated,
    session: AsyncSession,
    person: Person | None,
    user: Any,
    sender: Sender,
    policy: Policy,
    deliver: Deliver,
) -> None:
    if refusal := guards.refusal(person, *SCHOOL_ROLES):
        await sender.send(user.user_id, refusal)
        return
    attachment = verify.image_attachment([_dump(a) for a in event.message.body.attachments])
    fetch = verify.image_fetcher(event.bot.api_url, event.bot.headers)
    result = await verify.submit_screenshot(session, person, attachment, utcnow(), policy, fetch)
    await session.commit()
    outcome = result.outcome
    if outcome is verify.SubmitOutcome.NOT_EXPECTED:
        await sender.send(user.user_id, t.EVIDENCE_NOT_EXPECTED)
        return
    if outcome is verify.SubmitOutcome.FETCH_FAILED:
        await sender.send(user.user_id, t.EVIDENCE_FETCH_FAILED)
        return
    await deliver(result.keys)
    if outcome is verify.SubmitOutcome.SENT:
        await sender.send(user.user_id, t.EVIDENCE_SENT)
    else:
        await sender.send(user.user_id, t.evidence_no_reviewer(result.title or ""))
    view = result.view
    await sender.send(user.user_id, *checklist_views.next_message(view, view.first_open()))


_REVIEW_REFUSALS = {
    verify.ReviewOutcome.ALREADY_APPROVED: t.EVIDENCE_ALREADY_APPROVED,
    verify.ReviewOutcome.ALREADY_RETURNED: t.EVIDENCE_ALREADY_RETURNED,
    verify.ReviewOutcome.REPLACED: t.EVIDENCE_REPLACED,
    verify.ReviewOutcome.OWN: t.EVIDENCE_OWN,
    verify.ReviewOutcome.FORBIDDEN: texts.FORBIDDEN_OBJECT,
    verify.ReviewOutcome.UNKNOWN: texts.UNKNOWN_BUTTON,
}


@router.message_callback(kb.EvidenceCb.filter())
async def on_review(
    event: MessageCallback,
    payload: kb.EvidenceCb,
    session: AsyncSession,
    person: Person | None,
    user: Any,
    sender: Sender,
    policy: Policy,
    deliver: Deliver,
) -> None:
    cb = event.callback.callback_id
    if refusal := guards.refusal(person, Role.ADMIN):
        await sender.answer_callback(
            cb, notification=refusal if person is None else texts.ONLY_ADMIN
        )
        return
    result = await verify.review(session, person, payload.eid, payload.act, utcnow(), policy)
    await session.commit()
    outcome = result.outcome
    if outcome is verify.ReviewOutcome.ASK_REASON:
        await sender.answer_callback(cb, notification=t.RETURN_PICK_TOAST)
        await sender.send(
            user.user_id,
            t.return_ask_reason(result.name, result.title),
            kb.reasons_keyboard(result.evidence_id),
        )
    elif outcome is verify.ReviewOutcome.APPROVED:
        # The screenshot message keeps its photo: the result goes in a new message.
        await deliver(result.keys)  # before any reply: replies may open a write transaction
        await sender.answer_callback(cb, notification=t.EVIDENCE_APPROVED_TOAST)
        await sender.send(user.user_id, t.evidence_approved_for_admin(result.name, result.title))
    elif outcome is verify.ReviewOutcome.RETURNED:
        await deliver(result.keys)
        # Pressed on the (text-only) list of reasons: that message becomes the result.
        await sender.answer_callback(
            cb,
            notification=t.EVIDENCE_RETURNED_TOAST,
            text=t.evidence_returned_for_admin(result.name, result.title, result.reason),
        )
    else:
        await sender.answer_callback(cb, notification=_REVIEW_REFUSALS[outcome])


@router.bot_added()
async def on_bot_added(
    event: BotAdded, session: AsyncSession, person: Person | None, sender: Sender
) -> None:
    title = None
    try:
        title = (await event.bot.get_chat_by_id(event.chat_id)).title
    except Exception:  # the title is a nicety: the chat is recorded without it
        title = None
    result = await chats.bot_added(
        session, person, chat_id=event.chat_id, user_id=event.user.user_id, title=title,
        is_channel=event.is_channel, now=utcnow(),
    )  # fmt: skip
    await session.commit()
    if result.ask:  # in the adder's dialog; the bot stays silent in the group itself
        await sender.send(
            event.user.user_id,
            t.chat_purpose_question(result.chat.title),
            kb.chat_purpose_keyboard(result.chat.id, result.ask),
        )


@router.bot_removed()
async def on_bot_removed(event: BotRemoved, session: AsyncSession, person: Person | None) -> None:
    await chats.bot_removed(
        session, person, chat_id=event.chat_id, user_id=event.user.user_id, now=utcnow()
    )
    await session.commit()


@router.message_callback(kb.ChatPurposeCb.filter())
async def on_chat_purpose(
    event: MessageCallback,
    payload: kb.ChatPurposeCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if person is None:
        await sender.answer_callback(cb, notification=texts.NOT_REGISTERED)
        return
    if payload.p != kb.OTHER and payload.p not in kb.PURPOSES:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    purpose = kb.PURPOSES.get(payload.p)
    result = await chats.choose_purpose(session, person, payload.cid, purpose, utcnow())
    await session.commit()
    outcome = result.outcome
    if outcome is chats.PurposeOutcome.VERIFIED:
        text = t.chat_item_verified(result.chat_title, result.purpose, result.item_title)
        await sender.answer_callback(
            cb, notification=checklist_texts.ACK["done"], text=text, rows=menu_keyboard(person.id)
        )
    elif outcome is chats.PurposeOutcome.OTHER:
        await sender.answer_callback(
            cb, text=t.chat_other(result.chat_title), rows=menu_keyboard(person.id)
        )
    elif outcome is chats.PurposeOutcome.ALREADY:
        await sender.answer_callback(cb, notification=t.chat_purpose_already(result.purpose))
    elif outcome is chats.PurposeOutcome.REMOVED:
        await sender.answer_callback(cb, notification=t.CHAT_REMOVED)
    elif outcome is chats.PurposeOutcome.NOT_APPLICABLE:
        await sender.answer_callback(cb, notification=checklist_texts.NOT_APPLICABLE_BUTTON)
    elif outcome is chats.PurposeOutcome.FORBIDDEN:
        await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
