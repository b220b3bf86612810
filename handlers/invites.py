"""The administrator's console: `/invite` (wizard), `/invites` (list, revoke), `/staff`
(people by status, a person's items) and `/remind` (nudge the overdue now)."""

from __future__ import annotations

from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.config import get_settings
from bot.max.sender import Sender
from bot.rules.checklist import local_today
from bot.rules.schedule import Policy
from bot.rules.staff import ALL, FILTERS, NOT_JOINED, OVERDUE
from bot.services import invites as svc
from bot.services import staff
from bot.services.invites import RevokeOutcome, WizardError
from bot.services.staff import DetailOutcome, RemindResult, StaffPage
from bot.ui import texts
from bot.ui.keyboards import Rows
from bot.ui.keyboards import invites as kb
from bot.ui.keyboards.invites import InviteCb, InviteListCb, RemindCb, StaffCb, StaffPersonCb
from bot.ui.texts import invites as t
from bot.vocab import Role
from handlers.guards import refusal
from handlers.middlewares import Deliver
from storage.models import Person

router = Router("invites")


def bot_username(event: Any) -> str:
    """The username for deep links: BOT_USERNAME if set, else the one from GET /me."""
    me = event.bot.me
    return get_settings().bot_username or (me.username if me is not None else "") or ""


# --- /invite: the wizard ---------------------------------------------------------------------


@router.message_created(Command("invite"))
async def on_invite(
    event: MessageCreated, person: Person | None, sender: Sender, user: Any
) -> None:
    if no := refusal(person, Role.ADMIN):
        await sender.send(user.user_id, no)
        return
    await sender.send(user.user_id, t.INVITE_ROLE, kb.invite_roles(svc.ROLES, person.school.kind))


@router.message_callback(InviteCb.filter())
async def on_invite_step(
    event: MessageCallback,
    payload: InviteCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if no := refusal(person, Role.ADMIN):
        await sender.answer_callback(cb, notification=no)
        return
    kind = person.school.kind
    role, cls, act = payload.role, payload.cls, payload.act
    if act == "x":
        await sender.answer_callback(cb, text=t.INVITE_CANCELLED)
        return
    if role not in svc.ROLES:
        await sender.answer_callback(cb, notification=t.WIZARD_STALE)
        return
    if act == "r" and role == Role.CLASS_TEACHER:
        known = await svc.known_classes(session, person)
        if known or kind == "preschool":
            text, rows = t.invite_class(kind, bool(known)), kb.invite_classes(role, known, kind)
        else:
            text, rows = t.invite_class(kind, False), kb.invite_grades(role, svc.GRADES)
    elif act == "o":
        text, rows = t.INVITE_GRADE, kb.invite_grades(role, svc.GRADES)
    elif act == "g" and cls in {str(g) for g in svc.GRADES}:
        text, rows = t.invite_letter(cls), kb.invite_letters(role, cls, svc.LETTERS)
    elif act in ("r", "c"):
        text, rows = t.invite_days(role, kind, cls), kb.invite_days(role, cls, svc.DAYS)
    elif act == "d" and payload.days is not None:
        text = t.invite_uses(role, kind, cls, payload.days)
        rows = kb.invite_uses(role, cls, payload.days, svc.USES)
    elif act == "u" and payload.days is not None and payload.uses is not None:
        await _create(event, payload, session, person, sender)
        return
    else:
        await sender.answer_callback(cb, notification=t.WIZARD_STALE)
        return
    await sender.answer_callback(cb, text=text, rows=rows)


async def _create(
    event: MessageCallback, payload: InviteCb, session: AsyncSession, person: Person, sender: Sender
) -> None:
    cb = event.callback.callback_id
    try:
        link = await svc.create_link(
            session, person, role=payload.role, class_label=payload.cls, days=payload.days,
            uses=payload.uses, now=utcnow(), bot_username=bot_username(event),
        )  # fmt: skip
    except WizardError:
        await sender.answer_callback(cb, notification=t.WIZARD_STALE)
        return
    await session.commit()
    text = t.invite_created(
        link.link, link.role, link.kind, link.class_label, link.expires, link.max_uses
    )
    await sender.answer_callback(cb, notification="✅", text=text)


# --- /invites: the list ----------------------------------------------------------------------


async def _invite_list(session: AsyncSession, person: Person, page: int) -> tuple[str, Rows]:
    result = await svc.list_invites(session, person, utcnow(), page)
    pg = result.page
    text = t.invite_list(
        [
            (r.number, r.role, r.class_label, r.label, r.uses, r.max_uses, r.expires)
            for r in result.rows
        ],
        result.kind,
        pg.total,
        pg.number,
        pg.pages,
    )
    if result.attempts is not None:
        stats = result.attempts
        text += t.failed_attempts(stats.attempts, stats.users, stats.blocked)
    rows = kb.invite_list(
        [(r.number, r.id) for r in result.rows], pg.number, pg.has_prev, pg.has_next, result.unused
    )
    return text, rows


@router.message_created(Command("invites"))
async def on_invites(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    if no := refusal(person, Role.ADMIN):
        await sender.send(user.user_id, no)
        return
    await sender.send(user.user_id, *await _invite_list(session, person, 1))


@router.message_callback(InviteListCb.filter())
async def on_invites_button(
    event: MessageCallback,
    payload: InviteListCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if no := refusal(person, Role.ADMIN):
        await sender.answer_callback(cb, notification=no)
        return
    now = utcnow()
    notification = None
    if payload.act == "rev" and payload.iid is not None:
        outcome = await svc.revoke(session, person, payload.iid, now)
        await session.commit()
        if outcome is RevokeOutcome.FORBIDDEN:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
            return
        if outcome is RevokeOutcome.UNKNOWN:
            await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
            return
        notification = t.REVOKED if outcome is RevokeOutcome.REVOKED else t.REVOKE_INACTIVE
    elif payload.act == "all":
        count = await svc.unused_count(session, person, now)
        if count:
            await sender.answer_callback(
                cb, text=t.revoke_unused_confirm(count), rows=kb.revoke_unused_confirm(payload.page)
            )
            return
        notification = t.NOTHING_UNUSED
    elif payload.act == "allok":
        count = await svc.revoke_unused(session, person, now)
        await session.commit()
        notification = t.revoked_unused(count)
    elif payload.act != "page":
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    text, rows = await _invite_list(session, person, payload.page)
    await sender.answer_callback(cb, notification=notification, text=text, rows=rows)


# --- /staff ----------------------------------------------------------------------------------


def _staff_message(result: StaffPage, school: str) -> tuple[str, Rows]:
    pg = result.page
    text = t.staff_list(
        school,
        result.status_filter,
        result.counts,
        [(r.status, r.name, r.role, r.class_label, r.position) for r in result.rows],
        result.kind,
        pg.total,
        pg.number,
        pg.pages,
    )
    people = [(r.pid, t.person_button(r.status, r.name)) for r in result.rows if r.pid is not None]
    everyone = sum(n for s, n in result.counts.items() if s != NOT_JOINED)
    filters = [(f, everyone if f == ALL else result.counts.get(f, 0)) for f in FILTERS]
    rows = kb.staff_list(
        people, filters, result.status_filter, pg.number, pg.has_prev, pg.has_next,
        can_remind=result.counts.get(OVERDUE, 0) > 0,
    )  # fmt: skip
    return text, rows


@router.message_created(Command("staff"))
async def on_staff(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    if no := refusal(person, Role.ADMIN):
        await sender.send(user.user_id, no)
        return
    result = await staff.staff_page(session, person, utcnow())
    await sender.send(user.user_id, *_staff_message(result, person.school.name))


@router.message_callback(StaffCb.filter())
async def on_staff_page(
    event: MessageCallback,
    payload: StaffCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if no := refusal(person, Role.ADMIN):
        await sender.answer_callback(cb, notification=no)
        return
    if payload.f not in FILTERS:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    result = await staff.staff_page(session, person, utcnow(), payload.f, payload.page)
    text, rows = _staff_message(result, person.school.name)
    await sender.answer_callback(cb, text=text, rows=rows)


@router.message_callback(StaffPersonCb.filter())
async def on_staff_person(
    event: MessageCallback,
    payload: StaffPersonCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if no := refusal(person, Role.ADMIN):
        await sender.answer_callback(cb, notification=no)
        return
    now = utcnow()
    detail = await staff.person_detail(session, person, payload.pid, now)
    await session.commit()
    if detail.outcome is DetailOutcome.FORBIDDEN:
        await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
        return
    if detail.outcome is DetailOutcome.UNKNOWN:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    view = detail.view
    target = view.person
    unreachable = target.unreachable_at
    text = t.person_card(
        target.name,
        target.role,
        view.school.kind,
        target.class_label,
        detail.status,
        target.paused_until,
        local_today(unreachable, view.school.tz) if unreachable else None,
        [(s.status, s.overdue(view.today), s.item.title, s.item.deadline) for s in view.states],
    )
    back = payload.f if payload.f in FILTERS else ALL
    await sender.answer_callback(cb, text=text, rows=kb.back_to_staff(back, payload.page))


# --- /remind ---------------------------------------------------------------------------------


def _remind_text(result: RemindResult) -> str:
    return t.remind_result(
        result.now, result.morning, result.already, result.skipped, result.sends_at
    )


@router.message_created(Command("remind"))
async def on_remind(
    event: MessageCreated,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    user: Any,
    policy: Policy,
    deliver: Deliver,
) -> None:
    if no := refusal(person, Role.ADMIN):
        await sender.send(user.user_id, no)
        return
    result = await staff.remind_now(session, person, utcnow(), policy)
    await session.commit()
    await deliver(result.keys)
    await sender.send(user.user_id, _remind_text(result))


@router.message_callback(RemindCb.filter())
async def on_remind_button(
    event: MessageCallback,
    payload: RemindCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    user: Any,
    policy: Policy,
    deliver: Deliver,
) -> None:
    cb = event.callback.callback_id
    if no := refusal(person, Role.ADMIN):
        await sender.answer_callback(cb, notification=no)
        return
    if payload.act != "go":
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    result = await staff.remind_now(session, person, utcnow(), policy)
    await session.commit()
    await sender.answer_callback(cb, notification="🔔")
    await deliver(result.keys)
    await sender.send(user.user_id, _remind_text(result))
