"""Typed answers the bot asked for: a comment to a help request, a pause date, an
announcement's text, a new school's name, a class's label or size; and «Пропустить»."""

from __future__ import annotations

from typing import Any

from maxapi import F, Router
from maxapi.filters.filter import BaseFilter
from maxapi.types import MessageCallback, MessageCreated
from maxapi.types.users import User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.rules.schedule import Policy
from bot.services import announce, authority, classes, help, pause, schools, staff
from bot.services.checklist import has_checklist, load_view
from bot.ui.keyboards.inputs import SkipInputCb
from bot.ui.texts import help as help_texts
from bot.ui.texts import inputs as t
from bot.ui.texts import schools as school_texts
from bot.ui.texts import staff as staff_texts
from bot.ui.views import announce as announce_views
from bot.ui.views import authority as authority_views
from bot.ui.views import classes as classes_views
from bot.ui.views import help as help_views
from bot.ui.views import schools as school_views
from bot.ui.views.checklist import first_open_message
from bot.ui.views.pause import pause_result
from bot.vocab import Role
from handlers.access import PERSONAL_BUTTON, Access
from handlers.middlewares import Deliver
from handlers.replies import answer
from storage.models import Person

router = Router("inputs")


class AwaitingInput(BaseFilter):
    """The caller is registered and the bot waits for them to type something; gives the
    handler the text as `typed`."""

    async def __call__(
        self, event: MessageCreated, person: Person | None = None
    ) -> bool | dict[str, Any]:
        body = event.message.body
        if body is None or body.attachments:  # a photo or a file is not the typed answer
            return False
        text = body.text
        if person and person.awaiting and text and not text.startswith("/"):
            return {"typed": text}
        return False


@router.message_created(
    F.message.recipient.chat_type == "dialog", AwaitingInput(), Access(*Role, scoped=False)
)
async def on_typed_input(
    event: MessageCreated,
    typed: str,
    session: AsyncSession,
    caller: Person,
    sender: Reply,
    policy: Policy,
    deliver: Deliver,
    user: User,
) -> None:
    now = utcnow()
    awaiting = caller.awaiting or ""
    if awaiting == pause.AWAITING_DATE:
        outcome, until = await pause.pause_until(session, caller, typed, now)
        await session.commit()
        example = pause.example_date(caller, now)
        await sender.send(user.user_id, pause_result(outcome, until, example))
        return
    if awaiting.startswith(announce.AWAITING_PREFIX):
        draft = await announce.set_text(session, caller, typed)
        await session.commit()
        await sender.send(user.user_id, *announce_views.draft_message(draft))
        return
    if awaiting.startswith(staff.AWAITING_TOTAL) and caller.role == Role.ADMIN:
        total = await staff.set_total(session, caller, typed, now)
        await session.commit()
        if total.outcome is staff.TotalOutcome.BAD or total.value is None:
            await sender.send(user.user_id, staff_texts.total_bad(total.what))
        else:
            await sender.send(user.user_id, staff_texts.total_saved(total.what, total.value))
        return
    if classes.waiting(caller):
        shown = await classes.typed(session, caller, typed, now)
        await session.commit()
        await sender.send(user.user_id, *classes_views.classes_result(shown, caller.id))
        return
    if awaiting.startswith(schools.AWAITING_PREFIX):
        school = await schools.add_named(session, caller, typed, now)
        await session.commit()
        if school is None:
            await sender.send(user.user_id, school_texts.ADDSCHOOL_BAD_NAME)
            return
        await sender.send(user.user_id, *school_views.ask_zone(school))
        return
    if schools.waiting_school(caller) is not None:
        step, new = await schools.next_total(session, caller, typed, now)
        await session.commit()
        await sender.send(user.user_id, *school_views.school_step(step, new))
        return
    if authority.waiting_write(caller) and caller.role == Role.AUTHORITY:
        wrote = await authority.write_admins(session, caller, typed, now, policy)
        await session.commit()
        await deliver(wrote.keys)
        school_id = int(awaiting.removeprefix(authority.AWAITING_WRITE).partition(":")[0])
        await sender.send(user.user_id, *authority_views.write_message(wrote, school_id, caller.id))
        return
    if help.waiting_answer(caller) and caller.role in (Role.ADMIN, Role.AUTHORITY):
        answered = await help.send_answer(session, caller, typed, now, policy)
        await session.commit()
        await deliver(answered.keys)
        await sender.send(user.user_id, *help_views.answered(answered))
        return
    result = await help.add_comment(session, caller, typed, now, policy)
    await session.commit()
    if result.outcome is help.CommentOutcome.TOO_LONG:
        await sender.send(user.user_id, help_texts.HELP_COMMENT_TOO_LONG)
        return
    await deliver(result.keys)
    await sender.send(user.user_id, help_texts.HELP_COMMENT_SENT)
    if has_checklist(caller):
        view = await load_view(session, caller, now)
        await sender.send(user.user_id, *first_open_message(view))


@router.message_callback(SkipInputCb.filter(), *PERSONAL_BUTTON)
async def on_skip(
    event: MessageCallback, payload: SkipInputCb, session: AsyncSession, caller: Person,
    sender: Reply, policy: Policy, deliver: Deliver,
) -> None:  # fmt: skip
    now = utcnow()
    held = await help.skip_comment(session, caller, now, policy)  # the request goes now
    caller.awaiting = None
    await session.commit()
    await deliver(held)
    view = await load_view(session, caller, now)
    await answer(sender, event, (t.INPUT_SKIPPED, *first_open_message(view)))
