"""Verification of checklist items by screenshot: a photo sent in the dialog (a screenshot for
review) and the administrator's review buttons."""

from __future__ import annotations

from typing import Any

from maxapi import F, Router
from maxapi.filters.filter import BaseFilter
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.updates import UpdateUnion
from maxapi.types.users import User
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.schedule import Policy
from bot.services import verify
from bot.ui import texts
from bot.ui.keyboards import verify as kb
from bot.ui.texts import verify as t
from bot.ui.views import verify as views
from bot.vocab import SCHOOL_ROLES, Role
from handlers.access import Access
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("verify")


class HasImage(BaseFilter):
    """The message carries a photo."""

    async def __call__(self, event: UpdateUnion) -> bool:
        if not isinstance(event, MessageCreated):
            return False
        body = event.message.body
        attachments = getattr(body, "attachments", None) or []
        return any(getattr(a, "type", None) == "image" for a in attachments)


def _dump(attachment: BaseModel) -> dict[str, Any]:
    return attachment.model_dump(mode="json", exclude_none=True)


@router.message_created(
    F.message.recipient.chat_type == "dialog", HasImage(), Access(*SCHOOL_ROLES)
)
async def on_image(
    event: MessageCreated,
    session: AsyncSession,
    caller: Person,
    user: User,
    sender: Reply,
    policy: Policy,
    deliver: Deliver,
) -> None:
    body = event.message.body
    assert body is not None  # HasImage saw its attachments
    attachment = verify.image_attachment([_dump(a) for a in body.attachments or []])
    assert attachment is not None  # HasImage saw a photo
    bot = event.bot
    assert bot is not None  # maxapi binds the bot to every update it dispatches
    fetch = verify.image_fetcher(bot.api_url, bot.headers)
    result = await verify.submit_screenshot(session, caller, attachment, utcnow(), policy, fetch)
    await session.commit()
    if result.outcome in (verify.SubmitOutcome.NOT_EXPECTED, verify.SubmitOutcome.FETCH_FAILED):
        await sender.send(user.user_id, views.not_submitted(result.outcome))
        return
    await deliver(result.keys)
    for text, rows in views.submitted(result):
        await sender.send(user.user_id, text, rows)


@router.message_callback(kb.EvidenceCb.filter(), Access(Role.ADMIN, refused=texts.ONLY_ADMIN))
async def on_review(
    event: MessageCallback,
    payload: kb.EvidenceCb,
    session: AsyncSession,
    caller: Person,
    user: User,
    sender: Reply,
    policy: Policy,
    deliver: Deliver,
) -> None:
    cb = event.callback.callback_id
    result = await verify.review(
        session, caller, payload.evidence_id, payload.act, utcnow(), policy
    )
    await session.commit()
    outcome = result.outcome
    if outcome is verify.ReviewOutcome.ASK_REASON:
        await sender.answer_callback(cb, notification=t.RETURN_PICK_TOAST)
        await sender.send(user.user_id, *views.ask_reason(result))
    elif outcome is verify.ReviewOutcome.APPROVED:
        # The screenshot message keeps its photo: the result goes in a new message.
        await deliver(result.keys)  # before any reply: replies may open a write transaction
        await sender.answer_callback(cb, notification=t.EVIDENCE_APPROVED_TOAST)
        await sender.send(user.user_id, views.approved(result))
    elif outcome is verify.ReviewOutcome.RETURNED:
        await deliver(result.keys)
        # Pressed on the (text-only) list of reasons: that message becomes the result.
        await sender.answer_callback(
            cb, notification=t.EVIDENCE_RETURNED_TOAST, text=views.returned(result)
        )
    else:
        await sender.answer_callback(cb, notification=views.refused(outcome))
