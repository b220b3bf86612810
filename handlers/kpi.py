"""KPI figures and the authority's console.

`/kpi [staff|parents N]` and its keypad (administrators); `/rating` with buttons to open a
school and to list overdue items across schools, and `/export` (authorities).
"""

from __future__ import annotations

import math
from typing import Any

from maxapi import Router
from maxapi.filters.command import Command
from maxapi.types import MessageCallback, MessageCreated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.sender import Sender
from bot.services import authority as console
from bot.services import export as exporting
from bot.services import kpi
from bot.ui import texts, views
from bot.ui.keyboards import Rows
from bot.ui.keyboards import kpi as kb
from bot.ui.texts import kpi as t
from bot.vocab import Role
from handlers.guards import refusal
from storage.models import Person

router = Router("kpi")


# --- /kpi (administrator) ------------------------------------------------------------------


@router.message_created(Command("kpi"))
async def on_kpi(
    event: MessageCreated,
    args: list[str],
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
    user: Any,
) -> None:
    refused = refusal(person, Role.ADMIN)
    if refused is not None:
        await sender.send(user.user_id, refused)
        return
    assert person is not None
    result = await kpi.kpi_command(session, person, args, utcnow())
    await session.commit()
    view = result.view
    if result.outcome is kpi.Typed.SAVED:
        assert result.indicator is not None and result.value is not None
        note = t.saved(result.indicator, result.value, view.week)
        await sender.send(user.user_id, t.screen(view, note), kb.kpi_keyboard(person.id))
    elif result.outcome is kpi.Typed.USAGE:
        await sender.send(user.user_id, t.KPI_USAGE)
    elif result.outcome is kpi.Typed.BAD_VALUE:
        await sender.send(user.user_id, t.BAD_PERCENT[result.reason or ""])
    else:
        await sender.send(user.user_id, t.screen(view), kb.kpi_keyboard(person.id))


@router.message_callback(kb.KpiCb.filter())
async def on_kpi_button(
    event: MessageCallback,
    payload: kb.KpiCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    if person is None or person.id != payload.pid:
        await sender.answer_callback(cb, notification=texts.FOREIGN_BUTTON)
        return
    refused = refusal(person, Role.ADMIN)
    if refused is not None:
        await sender.answer_callback(cb, notification=refused)
        return
    now = utcnow()
    step = await kpi.keypad(session, person, payload.act, payload.ind, payload.v, now)
    await session.commit()
    if step.step is kpi.Step.INVALID:
        await sender.answer_callback(cb, notification=t.KEYPAD_STALE)
        return
    if step.step in (kpi.Step.VIEW, kpi.Step.SAVED):
        assert step.view is not None
        toast = None
        if step.step is kpi.Step.SAVED:
            assert step.indicator is not None and step.value is not None
            toast = t.saved_toast(step.indicator, step.value)
        await sender.answer_callback(
            cb, notification=toast, text=t.screen(step.view), rows=kb.kpi_keyboard(person.id)
        )
        return
    assert step.indicator is not None and step.plan is not None and step.week is not None
    plan, week = step.plan, step.week
    if step.step is kpi.Step.TENS:
        text = t.ask_tens(plan, step.indicator, week)
        rows = kb.tens_keyboard(person.id, payload.ind)
    else:
        assert step.tens is not None
        text = t.ask_units(plan, step.indicator, week, step.tens)
        rows = kb.units_keyboard(person.id, payload.ind, step.tens)
    await sender.answer_callback(cb, text=text, rows=rows)


# --- /rating, its buttons, /export (authority) -----------------------------------------------


def rating_message(r: console.Ranking, page: int) -> tuple[str, Rows]:
    pages = max(1, math.ceil(len(r.schools) / kb.RATING_PAGE))
    page = min(max(page, 0), pages - 1)
    first, last = page * kb.RATING_PAGE, (page + 1) * kb.RATING_PAGE
    buttons = [
        (s.school.id, t.school_button(n, s.school.name))
        for n, s in enumerate(r.schools[first:last], first + 1)
    ]
    return t.rating(r, first, last), kb.rating_keyboard(buttons, page, pages)


@router.message_created(Command("rating"))
async def on_rating(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    refused = refusal(person, Role.AUTHORITY)
    if refused is not None:
        await sender.send(user.user_id, refused)
        return
    assert person is not None and person.authority is not None
    text, rows = rating_message(await console.ranking(session, person.authority, utcnow()), 0)
    await sender.send(user.user_id, text, rows)


@router.message_callback(kb.AuthorityCb.filter())
async def on_authority_button(
    event: MessageCallback,
    payload: kb.AuthorityCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    refused = refusal(person, Role.AUTHORITY)
    if refused is not None:
        await sender.answer_callback(cb, notification=refused)
        return
    assert person is not None and person.authority is not None
    now = utcnow()
    if payload.act == "r":
        text, rows = rating_message(
            await console.ranking(session, person.authority, now), payload.n
        )
    elif payload.act == "o":
        page = await console.overdue_across(session, person.authority, now, payload.n)
        text, rows = t.overdue(page), kb.overdue_keyboard(page.page, page.pages)
    elif payload.act == "s":
        opened = await console.open_school(session, person, payload.n, now)
        await session.commit()  # the audit of a refusal
        if opened.access is not console.Access.OK:
            await sender.answer_callback(cb, notification=texts.FORBIDDEN_OBJECT)
            return
        assert opened.school is not None and opened.progress is not None
        text = views.school_progress_text(opened.school.name, opened.progress, opened.today)
        rows = kb.back_to_rating_keyboard()
    else:
        await sender.answer_callback(cb, notification=texts.UNKNOWN_BUTTON)
        return
    await sender.answer_callback(cb, text=text, rows=rows)


async def _send_export(session: AsyncSession, person: Person, sender: Sender, user_id: int) -> None:
    assert person.authority is not None
    report = await exporting.export_authority(
        session, person.authority, utcnow(), person_id=person.id
    )
    await session.commit()
    caption = t.export_caption(person.authority.name, report.today, report.schools)
    await sender.send_file(user_id, caption, report.data, report.filename)


@router.message_created(Command("export"))
async def on_export(
    event: MessageCreated, session: AsyncSession, person: Person | None, sender: Sender, user: Any
) -> None:
    refused = refusal(person, Role.AUTHORITY)
    if refused is not None:
        await sender.send(user.user_id, refused)
        return
    assert person is not None
    await _send_export(session, person, sender, user.user_id)


@router.message_callback(kb.ExportCb.filter())
async def on_export_button(
    event: MessageCallback,
    payload: kb.ExportCb,
    session: AsyncSession,
    person: Person | None,
    sender: Sender,
) -> None:
    cb = event.callback.callback_id
    refused = refusal(person, Role.AUTHORITY)
    if refused is not None or payload.act != "go":
        await sender.answer_callback(cb, notification=refused or texts.UNKNOWN_BUTTON)
        return
    assert person is not None
    await sender.answer_callback(cb, notification=t.EXPORT_TOAST)
    await _send_export(session, person, sender, event.callback.user.user_id)
