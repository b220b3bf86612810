"""A school's classes (`/classes`): the administrator sees every open class of the school year
with its size and class teachers, adds a class by typing its label («5А», a ДОУ group's
name), types its number of students, and makes anyone on the staff its class teacher (an
administrator or a subject teacher too: they keep their role and get the class's items, due
from the day they took it) or stops that. A class teacher (or any teacher with a class) sees
their own classes and types their sizes. A roster's import opens the classes it names, with
the sizes it gives (`roster_classes`). Every change is audited as "class.*"."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.classes import (
    LabelProblem,
    class_label,
    class_size,
    class_sort_key,
    grade_and_letter,
)
from bot.rules.coverage import Coverage, class_coverage
from bot.services.invites import school_of
from bot.services.plans import school_year_now
from bot.vocab import Role
from storage.models import Person, School
from storage.repo import chats as chats_repo
from storage.repo import classes as repo
from storage.repo import people

AWAITING_PREFIX = "classes:"
AWAITING_LABEL = AWAITING_PREFIX + "new"  # the administrator types a new class's label
AWAITING_SIZE = AWAITING_PREFIX + "size:"  # + class id: its number of students
TEACHER_ROLES = (Role.ADMIN, Role.TEACHER, Role.CLASS_TEACHER)  # who can take a class


class Outcome(StrEnum):
    SHOWN = "shown"
    ASK_LABEL = "ask_label"  # waiting for the new class's label
    ASK_SIZE = "ask_size"  # waiting for the focused class's size
    ADDED = "added"
    EXISTS = "exists"  # the school has an open class with this label: nothing added
    BAD_LABEL = "bad_label"  # `problem`: nothing added, the bot still waits
    SAVED = "saved"  # the size
    BAD_SIZE = "bad_size"  # nothing changed, the bot still waits
    PICK = "pick"  # choose whom to make the class teacher
    ASSIGNED = "assigned"
    REMOVED = "removed"
    ASK_CLOSE = "ask_close"  # confirm closing the focused class
    PARENTS_TEXT = "parents_text"  # the text to forward to the focused class's parents
    HOWTO = "howto"  # how to add the bot to a class chat and make it an administrator
    CLOSED = "closed"
    STALE = "stale"  # the class is closed or not the caller's, or the teacher changed already
    NOT_ALLOWED = "not_allowed"  # only the administrator adds classes and assigns teachers


@dataclass(frozen=True)
class ClassRow:
    id: int
    label: str
    size: int | None
    teachers: tuple[tuple[int, str], ...]  # (person id, name)
    chats: tuple[Coverage, ...] = ()  # its students' / parents' chats the bot is in


@dataclass(frozen=True)
class ClassesView:
    outcome: Outcome
    school_year: str = ""
    manage: bool = False  # the administrator: add classes, assign teachers; others: sizes
    classes: list[ClassRow] = field(default_factory=list)
    declared_students: int | None = None
    focus: ClassRow | None = None
    candidates: list[tuple[int, str]] = field(default_factory=list)  # PICK: (person id, name)
    problem: LabelProblem | None = None  # BAD_LABEL
    typed: str = ""  # BAD_LABEL, EXISTS: what was typed; ADDED: the label as stored
    suggestion: str = ""  # BAD_LABEL: what was probably meant


def _manages(caller: Person) -> bool:
    return caller.role == Role.ADMIN


async def roster_classes(
    session: AsyncSession, school: School, sizes: dict[str, int | None], now: datetime,
    by_person_id: int | None,
) -> None:  # fmt: skip
    """The classes a roster names (label -> its size, None: not given): each is open at the
    school (added if missing), with the size the file gives."""
    for label, size in sizes.items():
        klass = await repo.open_class_labelled(session, school.id, label)
        if klass is None:
            grade, letter = grade_and_letter(label)
            klass = await repo.add_class(
                session, school_id=school.id, label=label, grade=grade, letter=letter,
                school_year=school_year_now(school, now), now=now,
            )  # fmt: skip
            people.audit(
                session, "class.add", at=now, actor=people.actor_of(by_person_id),
                person_id=by_person_id, class_id=klass.id, label=label, source="roster",
            )  # fmt: skip
        if size is not None and klass.size != size:
            people.audit(
                session, "class.size", at=now, actor=people.actor_of(by_person_id),
                person_id=by_person_id, class_id=klass.id, old=klass.size, new=size,
                source="roster",
            )  # fmt: skip
            klass.size = size


async def _rows(session: AsyncSession, caller: Person) -> list[ClassRow]:
    """The classes the caller may see: all the school's (administrator) or those they teach."""
    school_id = school_of(caller).id
    counts = (await chats_repo.class_chat_counts(session, [school_id])).get(school_id, [])
    rows = [
        ClassRow(
            c.id,
            c.label,
            c.size,
            tuple(teachers),
            tuple(class_coverage([n for n in counts if n.class_id == c.id])),
        )
        for c, teachers in await repo.open_classes(session, school_id)
        if _manages(caller) or any(pid == caller.id for pid, _ in teachers)
    ]
    return sorted(rows, key=lambda r: (class_sort_key(r.label), r.id))


async def _view(
    session: AsyncSession, caller: Person, now: datetime, outcome: Outcome, **extra: object
) -> ClassesView:
    school = school_of(caller)
    rows = await _rows(session, caller)
    focus_id = extra.pop("focus_id", None)
    focus = next((r for r in rows if r.id == focus_id), None)
    return ClassesView(
        outcome, school_year_now(school, now), _manages(caller), rows, school.declared_students,
        focus, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _stop_waiting(caller: Person) -> None:
    if (caller.awaiting or "").startswith(AWAITING_PREFIX):
        caller.awaiting = None


async def show(session: AsyncSession, caller: Person, now: datetime) -> ClassesView:
    """The list (a typed answer the bot waited for is not awaited any more)."""
    _stop_waiting(caller)
    return await _view(session, caller, now, Outcome.SHOWN)


async def focus(session: AsyncSession, caller: Person, class_id: int, now: datetime) -> ClassesView:
    """One class's card."""
    _stop_waiting(caller)
    view = await _view(session, caller, now, Outcome.SHOWN, focus_id=class_id)
    return view if view.focus is not None else ClassesView(Outcome.STALE)


async def guide(
    session: AsyncSession, caller: Person, class_id: int, now: datetime, outcome: Outcome
) -> ClassesView:
    """The class's card with a guide: the text for its parents, or how to connect a chat."""
    view = await focus(session, caller, class_id, now)
    return view if view.focus is None else replace(view, outcome=outcome)


async def ask_label(session: AsyncSession, caller: Person, now: datetime) -> ClassesView:
    if not _manages(caller):
        return ClassesView(Outcome.NOT_ALLOWED)
    caller.awaiting = AWAITING_LABEL
    return await _view(session, caller, now, Outcome.ASK_LABEL)


async def ask_size(
    session: AsyncSession, caller: Person, class_id: int, now: datetime
) -> ClassesView:
    view = await focus(session, caller, class_id, now)
    if view.focus is None:
        return view
    caller.awaiting = f"{AWAITING_SIZE}{class_id}"
    return await _view(session, caller, now, Outcome.ASK_SIZE, focus_id=class_id)


def waiting(caller: Person) -> bool:
    return (caller.awaiting or "").startswith(AWAITING_PREFIX)


async def typed(session: AsyncSession, caller: Person, text: str, now: datetime) -> ClassesView:
    """What the caller typed when the bot waited for a class's label or size."""
    awaiting = caller.awaiting or ""
    if awaiting == AWAITING_LABEL:
        return await _add(session, caller, text, now)
    if awaiting.startswith(AWAITING_SIZE):
        class_id = awaiting.removeprefix(AWAITING_SIZE)
        return await _set_size(
            session, caller, int(class_id) if class_id.isdigit() else 0, text, now
        )
    _stop_waiting(caller)
    return ClassesView(Outcome.STALE)


async def _add(session: AsyncSession, admin: Person, text: str, now: datetime) -> ClassesView:
    if not _manages(admin):
        _stop_waiting(admin)
        return ClassesView(Outcome.NOT_ALLOWED)
    label, problem = class_label(text)
    shown = " ".join(text.split())
    if problem is not None:
        return await _view(
            session, admin, now, Outcome.BAD_LABEL, problem=problem, typed=shown, suggestion=label
        )
    school = school_of(admin)
    if await repo.open_class_labelled(session, school.id, label) is not None:
        return await _view(session, admin, now, Outcome.EXISTS, typed=label)
    grade, letter = grade_and_letter(label)
    klass = await repo.add_class(
        session, school_id=school.id, label=label, grade=grade, letter=letter,
        school_year=school_year_now(school, now), now=now,
    )  # fmt: skip
    admin.awaiting = None
    people.audit(session, "class.add", at=now, person_id=admin.id, class_id=klass.id, label=label)
    return await _view(session, admin, now, Outcome.ADDED, focus_id=klass.id, typed=label)


async def _set_size(
    session: AsyncSession, caller: Person, class_id: int, text: str, now: datetime
) -> ClassesView:
    klass = await repo.open_class(session, school_of(caller).id, class_id)
    if klass is None or not (_manages(caller) or await repo.teaches(session, class_id, caller.id)):
        _stop_waiting(caller)
        return ClassesView(Outcome.STALE)
    size = class_size(text)
    if size is None:
        return await _view(session, caller, now, Outcome.BAD_SIZE, focus_id=class_id)
    old, klass.size, caller.awaiting = klass.size, size, None
    people.audit(
        session, "class.size", at=now, person_id=caller.id, class_id=class_id, old=old, new=size
    )
    return await _view(session, caller, now, Outcome.SAVED, focus_id=class_id)


async def pick_teacher(
    session: AsyncSession, admin: Person, class_id: int, now: datetime
) -> ClassesView:
    """Whom the administrator may make the class's teacher: the school's staff who do not
    teach it yet, by name."""
    if not _manages(admin):
        return ClassesView(Outcome.NOT_ALLOWED)
    view = await focus(session, admin, class_id, now)
    if view.focus is None:
        return view
    current = {pid for pid, _ in view.focus.teachers}
    candidates = [
        (p.id, p.name)
        for p in await people.members_of(session, school_of(admin).id)
        if p.role in TEACHER_ROLES and p.id not in current
    ]
    return await _view(session, admin, now, Outcome.PICK, focus_id=class_id, candidates=candidates)


async def assign(
    session: AsyncSession, admin: Person, class_id: int, person_id: int, now: datetime
) -> ClassesView:
    """Make `person_id` a teacher of the class (from now); a second press changes nothing."""
    if not _manages(admin):
        return ClassesView(Outcome.NOT_ALLOWED)
    school = school_of(admin)
    klass = await repo.open_class(session, school.id, class_id)
    member = next(
        (p for p in await people.members_of(session, school.id) if p.id == person_id), None
    )
    if klass is None or member is None or member.role not in TEACHER_ROLES:
        return ClassesView(Outcome.STALE)
    if not await repo.start_teaching(session, class_id, person_id, now):
        return ClassesView(Outcome.STALE)
    people.audit(
        session, "class.teacher_add", at=now, person_id=admin.id, class_id=class_id,
        teacher_id=person_id,
    )  # fmt: skip
    return await _view(session, admin, now, Outcome.ASSIGNED, focus_id=class_id)


async def unassign(
    session: AsyncSession, admin: Person, class_id: int, person_id: int, now: datetime
) -> ClassesView:
    """`person_id` stops teaching the class (from now; their answers stay)."""
    if not _manages(admin):
        return ClassesView(Outcome.NOT_ALLOWED)
    klass = await repo.open_class(session, school_of(admin).id, class_id)
    if klass is None or not await repo.end_teaching(session, class_id, person_id, now):
        return ClassesView(Outcome.STALE)
    people.audit(
        session, "class.teacher_remove", at=now, person_id=admin.id, class_id=class_id,
        teacher_id=person_id,
    )  # fmt: skip
    return await _view(session, admin, now, Outcome.REMOVED, focus_id=class_id)


async def ask_close(
    session: AsyncSession, admin: Person, class_id: int, now: datetime
) -> ClassesView:
    """Closing a class (added by mistake, disbanded) asks for a confirmation first."""
    if not _manages(admin):
        return ClassesView(Outcome.NOT_ALLOWED)
    view = await focus(session, admin, class_id, now)
    if view.focus is None:
        return view
    return await _view(session, admin, now, Outcome.ASK_CLOSE, focus_id=class_id)


async def close(session: AsyncSession, admin: Person, class_id: int, now: datetime) -> ClassesView:
    """The class closes (from now): its teachers stop teaching it, its answers stay as
    history; a second press changes nothing."""
    if not _manages(admin):
        return ClassesView(Outcome.NOT_ALLOWED)
    klass = await repo.open_class(session, school_of(admin).id, class_id)
    if klass is None:
        return ClassesView(Outcome.STALE)
    await repo.close_class(session, klass, now)
    people.audit(
        session, "class.close", at=now, person_id=admin.id, class_id=class_id, label=klass.label
    )
    return await _view(session, admin, now, Outcome.CLOSED, typed=klass.label)
