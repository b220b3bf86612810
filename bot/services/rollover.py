"""The school-year roll-over (`/rollover`): from the plan's `year_starts` (default 1 September,
the school's local date) a school is behind until its administrator confirms the preview —
5А → 6А, 11Б closes, which class teachers continue — possibly corrected class by class. On
confirmation the classes advance in place (a class keeps its id, so its class items open
again under the new year's period while last year's answers stay as history), graduated
classes close, teachers who do not continue stop teaching, and the school enters the new
year. Nothing changes without the confirmation; a daily reminder asks for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules import classes as rules
from bot.rules.calendar import school_year_of, year_bounds
from bot.rules.checklist import local_today
from bot.rules.schedule import Policy, is_quiet, to_local
from bot.services.invites import school_of
from bot.services.outbox import first_allowed_moment, message, queue_many
from bot.services.plans import plan_for
from bot.ui.keyboards import rollover as kb
from bot.ui.texts import rollover as t
from storage.models import Person, School
from storage.repo import classes as classes_repo
from storage.repo import people
from storage.repo import rollover as repo
from storage.repo import verify as admins


class Outcome(StrEnum):
    SHOWN = "shown"
    NOT_DUE = "not_due"  # the school is in the calendar's school year already
    DONE = "done"  # confirmed: the school is in the new year
    STALE = "stale"  # the button was drawn for another preview (or the year moved on)
    CLASH = "clash"  # two classes would have one label: correct first
    UNKNOWN = "unknown"  # a class or a teacher the school does not have open


@dataclass(frozen=True)
class RolloverView:
    outcome: Outcome
    preview: rules.Preview | None = None
    school_year: str | None = None  # the school's year (NOT_DUE: the next roll-over's)
    next_date: date | None = None  # NOT_DUE: when the next roll-over becomes due
    focus: rules.Move | None = None  # the class being corrected
    allowed: tuple[str, ...] = ()


def _due(school: School, today: date) -> bool:
    return rules.rollover_due(school.school_year, today, plan_for(school.authority).year_starts)


async def _preview(session: AsyncSession, school: School) -> rules.Preview:
    assert school.school_year is not None
    draft = await repo.get_draft(session, school.id)
    leaves = {(int(c), int(p)) for c, p in draft["leaves"]}
    infos = [
        rules.ClassInfo(
            c.id,
            c.label,
            c.grade,
            c.letter,
            tuple(rules.TeacherInfo(pid, name, (c.id, pid) in leaves) for pid, name in teachers),
            draft["actions"].get(str(c.id)),
            c.size,
        )
        for c, teachers in await classes_repo.open_classes(session, school.id)
    ]
    has_grades = any(i.grade is not None for i in infos) or not infos
    return rules.rollover_preview(school.school_year, infos, has_grades)


async def show(session: AsyncSession, admin: Person, now: datetime) -> RolloverView:
    """The preview of the roll-over that is due, or NOT_DUE with when it will be."""
    school = school_of(admin)
    today = local_today(now, school.tz)
    starts = plan_for(school.authority).year_starts
    if not _due(school, today):
        year = school.school_year or school_year_of(today, starts)
        first = year_bounds(year, starts)[1]
        return RolloverView(Outcome.NOT_DUE, school_year=year, next_date=first)
    return RolloverView(Outcome.SHOWN, await _preview(session, school), school.school_year)


async def focus(session: AsyncSession, admin: Person, class_id: int, now: datetime) -> RolloverView:
    """One class of the preview, to correct what happens to it."""
    view = await show(session, admin, now)
    if view.preview is None:
        return view
    move = next((m for m in view.preview.moves if m.class_id == class_id), None)
    if move is None:
        return RolloverView(Outcome.UNKNOWN)
    info_grade = await _grade(session, admin, class_id)
    return RolloverView(
        Outcome.SHOWN, view.preview, view.school_year, focus=move,
        allowed=rules.allowed_actions(info_grade),
    )  # fmt: skip


async def _grade(session: AsyncSession, admin: Person, class_id: int) -> int | None:
    for c, _ in await classes_repo.open_classes(session, school_of(admin).id):
        if c.id == class_id:
            return c.grade
    return None


async def correct(
    session: AsyncSession,
    admin: Person,
    class_id: int,
    now: datetime,
    *,
    action: str | None = None,
    teacher_id: int | None = None,
) -> RolloverView:
    """Choose what happens to a class (`action`), or switch whether one of its teachers
    continues (`teacher_id`). Kept until the confirmation; nothing else changes."""
    view = await focus(session, admin, class_id, now)
    if view.focus is None:
        return view
    school = school_of(admin)
    draft = await repo.get_draft(session, school.id)
    if action is not None:
        if action not in view.allowed:
            return RolloverView(Outcome.UNKNOWN)
        draft["actions"][str(class_id)] = action
    if teacher_id is not None:
        teachers = {t.person_id for t in (*view.focus.continuing, *view.focus.leaving)}
        if teacher_id not in teachers:
            return RolloverView(Outcome.UNKNOWN)
        pair = [class_id, teacher_id]
        leaves = draft["leaves"]
        draft["leaves"] = [p for p in leaves if p != pair] if pair in leaves else [*leaves, pair]
    await repo.put_draft(session, school.id, draft)
    return await focus(session, admin, class_id, now)


async def confirm(session: AsyncSession, admin: Person, digest: str, now: datetime) -> RolloverView:
    """Apply the preview the administrator saw (`digest`); a press on an older preview, or
    after the school entered the new year, changes nothing. The caller commits."""
    view = await show(session, admin, now)
    preview = view.preview
    if preview is None:
        return RolloverView(Outcome.STALE, school_year=view.school_year)
    if preview.digest != digest:
        return RolloverView(Outcome.STALE, preview, view.school_year)
    if preview.clashes:
        return RolloverView(Outcome.CLASH, preview, view.school_year)
    school = school_of(admin)
    by_id = {c.id: c for c, _ in await classes_repo.open_classes(session, school.id)}
    for move in preview.moves:
        klass = by_id[move.class_id]
        ending = move.leaving if move.action != rules.CLOSE else (*move.leaving, *move.continuing)
        for teacher in ending:  # a closed class has no teacher any more
            await classes_repo.end_teaching(session, klass.id, teacher.person_id, now)
        await _relabel(session, move, ending)
        if move.action == rules.CLOSE:
            klass.closed_at = now
            continue
        if move.action == rules.ADVANCE and klass.grade is not None:
            klass.grade += 1
        klass.label = move.new_label or klass.label
        klass.school_year = preview.to_year
    school.school_year = preview.to_year
    await repo.drop_draft(session, school.id)
    people.audit(
        session, "rollover.confirm", at=now, actor=people.actor_of(admin.id), person_id=admin.id,
        school_id=school.id, from_year=preview.from_year, to_year=preview.to_year,
        moves=[[m.old_label, m.new_label] for m in preview.moves],
    )  # fmt: skip
    return RolloverView(Outcome.DONE, preview, preview.to_year)


async def _relabel(
    session: AsyncSession, move: rules.Move, ending: Sequence[rules.TeacherInfo]
) -> None:
    """Keep the class of the link a teacher joined with (`person.class_label`: a repeated
    press of that link is recognised by it) in step with the class they teach."""
    for teacher in (*move.continuing, *move.leaving):
        person = await session.get(Person, teacher.person_id)
        if person is None or person.class_label != move.old_label:
            continue
        person.class_label = None if teacher in ending else move.new_label


async def plan_rollover_reminders(
    session: AsyncSession, schools: Sequence[School], now: datetime, policy: Policy
) -> int:
    """Once a local day, from the reminder time and outside quiet hours, ask the
    administrators of every school whose roll-over is due to confirm it. Returns messages
    queued (the key is per school, administrator and day: a re-run tick queues nothing)."""
    messages = []
    for school in schools:
        local = to_local(now, school.tz)
        if local.isoweekday() == 7 or local.time() < policy.remind_at:
            continue
        if is_quiet(local.time(), policy):
            continue
        if not _due(school, local.date()):
            continue
        assert school.school_year is not None
        text = t.reminder(rules.next_year(school.school_year))
        for admin in await admins.admins_of(session, school.id):
            messages.append(
                message(
                    key=f"rollover:{school.id}:{local.date().isoformat()}:{admin.id}",
                    kind="reminder",
                    to=admin,
                    text=text,
                    not_before=first_allowed_moment(now, school.tz, policy),
                    rows=kb.open_rollover(admin.id),
                )
            )
    queued = await queue_many(session, messages) if messages else 0
    await session.commit()
    return queued
