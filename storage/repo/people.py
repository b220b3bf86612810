"""People, their answers and the audit log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.progress import merge_class_answers
from bot.vocab import Role, Verification
from storage.models import Answer, Audit, ClassTeacher, Person, SchoolAnswer, SchoolClass
from storage.repo import answer_key, statuses_by_owner

STILL_HERE = Person.__table__.c.left_at.is_(None)
"""The one filter for "still works at the school": a person marked as gone (`left_at`) is
out of every list, count and figure of the school, and the bot writes to them no more."""


async def by_max_user(
    session: AsyncSession, max_user_id: int, *, lock: bool = False
) -> Person | None:
    """The person with this MAX id; `lock`: and hold their row until the transaction ends
    (PostgreSQL: one handling of a person's updates at a time across processes; SQLite's
    one writer already is that)."""
    query = _BY_MAX_USER_LOCKED if lock else _BY_MAX_USER
    return await session.scalar(query, {"max_user_id": max_user_id})


# Statements of every update's path, built once (a statement built per call costs more CPU
# than the query itself on SQLite): the values are bound at execution.
_BY_MAX_USER = select(Person).where(Person.max_user_id == bindparam("max_user_id"))
_BY_MAX_USER_LOCKED = _BY_MAX_USER.with_for_update(of=Person)


async def registered_among(session: AsyncSession, max_user_ids: Collection[int]) -> set[int]:
    """Which of these MAX users are registered and still at their school (or authority)."""
    if not max_user_ids:
        return set()
    rows = await session.scalars(
        select(Person.max_user_id).where(Person.max_user_id.in_(list(max_user_ids)), STILL_HERE)
    )
    return set(rows)


async def members_of(session: AsyncSession, school_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person)
        .where(Person.school_id == school_id, STILL_HERE)
        .order_by(Person.name, Person.id)
    )
    return list(rows)


async def recipients_of_schools(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, list[Row]]:
    """school id -> its people as light rows (ordered as `members_of`), for bulk planning:
    id, name, role, school_id, max_user_id, chat_id, paused_until, unreachable_at,
    joined_at."""
    c = Person.__table__.c  # a Core query: plain rows, no ORM loading
    rows = await session.execute(
        select(c.id, c.name, c.role, c.school_id, c.max_user_id, c.chat_id, c.paused_until,
               c.unreachable_at, c.joined_at)
        .where(c.school_id.in_(list(school_ids)), STILL_HERE)
        .order_by(c.school_id, c.name, c.id)
    )  # fmt: skip
    out: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        out[row.school_id].append(row)
    return out


async def left_of(session: AsyncSession, school_id: int) -> list[Person]:
    """The school's people marked as no longer working there, most recent first."""
    rows = await session.scalars(
        select(Person)
        .where(Person.school_id == school_id, Person.left_at.is_not(None))
        .order_by(Person.left_at.desc(), Person.id)
    )
    return list(rows)


async def answers_of(session: AsyncSession, person_id: int) -> dict[str, str]:
    """{answer key -> status} of a person (keys: bot.rules.calendar.answer_key)."""
    rows = await session.execute(
        select(answer_key(Answer.item_code, Answer.period), Answer.status).where(
            Answer.person_id == person_id
        )
    )
    return {key: status for key, status in rows}


_ANSWERS_OF_PERSON = select(
    answer_key(Answer.item_code, Answer.period), Answer.status, Answer.verification
).where(Answer.person_id == bindparam("person_id"))


async def answers_and_verifications(
    session: AsyncSession, person_id: int
) -> tuple[dict[str, str], dict[str, str | None]]:
    """`answers_of` and `verify.verifications_of` of a person in one query (the checklist's
    view, loaded on every press)."""
    statuses: dict[str, str] = {}
    verifications: dict[str, str | None] = {}
    for key, status, verification in await session.execute(
        _ANSWERS_OF_PERSON, {"person_id": person_id}
    ):
        statuses[key], verifications[key] = status, verification
    return statuses, verifications


_TEACHING_OF_PERSON = (
    select(ClassTeacher.class_id, SchoolClass.label, ClassTeacher.since)
    .join(SchoolClass, SchoolClass.id == ClassTeacher.class_id)
    .where(
        SchoolClass.school_id == bindparam("school_id"),
        ClassTeacher.person_id == bindparam("person_id"),
        SchoolClass.closed_at.is_(None),
        ClassTeacher.until.is_(None),
    )
    .order_by(SchoolClass.label, SchoolClass.id)
)


async def teaching_of(
    session: AsyncSession, school_id: int, person_id: int
) -> list[tuple[int, str, datetime]]:
    """`teaching_in_schools` of one person: the open classes they teach now, by label."""
    rows = await session.execute(
        _TEACHING_OF_PERSON, {"school_id": school_id, "person_id": person_id}
    )
    return [(class_id, label, since) for class_id, label, since in rows]


async def teaching_in_schools(
    session: AsyncSession, school_ids: Collection[int], person_id: int | None = None
) -> dict[int, list[tuple[int, str, datetime]]]:
    """person id -> the open classes they teach now: (class id, label, since), by label
    (only `person_id`'s when given)."""
    t, k = ClassTeacher.__table__.c, SchoolClass.__table__.c
    query = (
        select(t.person_id, k.id, k.label, t.since)
        .join(SchoolClass.__table__, k.id == t.class_id)
        .where(k.school_id.in_(list(school_ids)), k.closed_at.is_(None), t.until.is_(None))
        .order_by(t.person_id, k.label, k.id)
    )
    if person_id is not None:
        query = query.where(t.person_id == person_id)
    rows = await session.execute(query)
    out: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    for person_id, class_id, label, since in rows:
        out[person_id].append((class_id, label, since))
    return out


async def class_labels_of(session: AsyncSession, school_id: int | None) -> dict[int, list[str]]:
    """person id -> the labels of the open classes they teach now (people still working at
    the school), by label."""
    if school_id is None:
        return {}
    teaching = await teaching_in_schools(session, [school_id])
    here = set(
        await session.scalars(select(Person.id).where(Person.school_id == school_id, STILL_HERE))
    )
    return {pid: [label for _, label, _ in rows] for pid, rows in teaching.items() if pid in here}


async def class_answers(session: AsyncSession, class_ids: Collection[int]) -> dict[str, str]:
    """{answer key -> status} of class items for these classes, by any of their teachers
    (the better news when two answered)."""
    if not class_ids:
        return {}
    rows = await session.execute(
        select(answer_key(Answer.item_code, Answer.period), Answer.status).where(
            Answer.class_id.in_(list(class_ids))
        )
    )
    return merge_class_answers([{key: status} for key, status in rows])


async def answers_in_school(session: AsyncSession, school_id: int) -> dict[int, dict[str, str]]:
    """person id -> {item code -> status} for everyone in the school, in one query."""
    return await answers_in_schools(session, [school_id])


async def answers_in_schools(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, dict[str, str]]:
    """person id -> {answer key -> status} for everyone in these schools, in one query."""
    a, p = Answer.__table__.c, Person.__table__.c  # Core: plain rows
    # One row a person ("key status,key status,…"; keys hold no spaces nor commas, see
    # CODE_RE and the periods): a region has a few hundred thousand answers, and a row costs
    # far more than a split.
    rows = await session.execute(
        select(
            a.person_id,
            func.aggregate_strings(answer_key(a.item_code, a.period) + " " + a.status, ","),
        )
        .join(Person.__table__, p.id == a.person_id)
        .where(p.school_id.in_(list(school_ids)), STILL_HERE)
        .group_by(a.person_id)
    )
    out: dict[int, dict[str, str]] = {}
    for person_id, joined in rows:
        pairs = (pair.partition(" ") for pair in joined.split(","))
        out[person_id] = {code: status for code, _, status in pairs}
    return out


async def school_answers_of_schools(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, dict[str, str]]:
    """school id -> {answer key -> status} of school-level items, for many schools."""
    c = SchoolAnswer.__table__.c  # Core: plain rows
    rows = await session.execute(
        select(c.school_id, answer_key(c.item_code, c.period), c.status).where(
            c.school_id.in_(list(school_ids))
        )
    )
    return statuses_by_owner(rows)


async def school_answers(session: AsyncSession, school_id: int) -> dict[str, str]:
    rows = await session.execute(
        select(answer_key(SchoolAnswer.item_code, SchoolAnswer.period), SchoolAnswer.status).where(
            SchoolAnswer.school_id == school_id
        )
    )
    return {key: status for key, status in rows}


async def set_answer(
    session: AsyncSession,
    person_id: int,
    code: str,
    status: str,
    at: datetime,
    period: str = "",
    class_id: int | None = None,
) -> None:
    row = await session.scalar(
        select(Answer).where(
            Answer.person_id == person_id, Answer.item_code == code, Answer.period == period
        )
    )
    if row is None:
        session.add(
            Answer(
                person_id=person_id, item_code=code, status=status, answered_at=at,
                period=period, class_id=class_id,
            )
        )  # fmt: skip
    elif row.status != status:  # a confirmation was of the previous answer
        row.status, row.answered_at = status, at
        row.verification = row.verified_at = row.verified_by = None


_UPSERT_ANSWER: dict[str, Any] = {}  # dialect name -> the statement (built once: it is costly)


def _upsert_answer(dialect: str) -> Any:
    statement = _UPSERT_ANSWER.get(dialect)
    if statement is None:
        table = Answer.__table__
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
        statement = _UPSERT_ANSWER[dialect] = insert.on_conflict_do_update(
            index_elements=[table.c.person_id, table.c.item_code, table.c.period],
            # a new status drops the confirmation, which was of the previous answer
            set_=dict(status=insert.excluded.status, answered_at=insert.excluded.answered_at,
                      verification=None, verified_at=None, verified_by=None),
            where=table.c.status != insert.excluded.status,
        )  # fmt: skip
    return statement


async def record_answer(
    session: AsyncSession,
    person_id: int,
    code: str,
    status: str,
    at: datetime,
    period: str = "",
    class_id: int | None = None,
) -> None:
    """`set_answer` in one statement (an upsert), for callers that hold no Answer object of
    this person in the session (it would not see the change)."""
    await session.execute(
        _upsert_answer(session.get_bind().dialect.name),
        {"person_id": person_id, "item_code": code, "status": status, "answered_at": at,
         "period": period, "class_id": class_id},
    )  # fmt: skip


async def set_school_answer(
    session: AsyncSession,
    school_id: int,
    code: str,
    status: str,
    at: datetime,
    person_id: int,
    period: str = "",
) -> None:
    row = await session.scalar(
        select(SchoolAnswer).where(
            SchoolAnswer.school_id == school_id,
            SchoolAnswer.item_code == code,
            SchoolAnswer.period == period,
        )
    )
    if row is None:
        session.add(
            SchoolAnswer(
                school_id=school_id,
                item_code=code,
                status=status,
                answered_at=at,
                person_id=person_id,
                period=period,
            )
        )
    elif row.status != status:  # a confirmation was of the previous answer
        row.status, row.answered_at, row.person_id = status, at, person_id
        row.verification = row.verified_at = None
    else:
        row.answered_at, row.person_id = at, person_id


async def verify_school_answer(
    session: AsyncSession, school_id: int, code: str, at: datetime, period: str = ""
) -> None:
    """Mark the school's answer (call `set_school_answer` first) as confirmed by the bot."""
    await session.flush()
    await session.execute(
        update(SchoolAnswer)
        .where(
            SchoolAnswer.school_id == school_id,
            SchoolAnswer.item_code == code,
            SchoolAnswer.period == period,
        )
        .values(verification=Verification.VERIFIED, verified_at=at)
    )


async def school_verifications_of_schools(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, dict[str, str]]:
    """school id -> {answer key -> verification} of the school-level answers that have one."""
    c = SchoolAnswer.__table__.c
    rows = await session.execute(
        select(c.school_id, answer_key(c.item_code, c.period), c.verification).where(
            c.school_id.in_(list(school_ids)), c.verification.is_not(None)
        )
    )
    return statuses_by_owner(rows)


async def school_verifications(session: AsyncSession, school_id: int) -> dict[str, str]:
    return (await school_verifications_of_schools(session, [school_id])).get(school_id, {})


def actor_of(person_id: int | None) -> str:
    """The audit actor of a change made by a person, or from the command line (no person)."""
    return "cli" if person_id is None else "person"


def audit(
    session: AsyncSession,
    action: str,
    *,
    at: datetime,
    actor: str = "person",
    person_id: int | None = None,
    **details: Any,
) -> None:
    session.add(
        Audit(at=at, actor=actor, actor_person_id=person_id, action=action, details=details)
    )


async def authority_staff(session: AsyncSession, authority_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person).where(
            Person.authority_id == authority_id, Person.role == Role.AUTHORITY, STILL_HERE
        )
    )
    return list(rows)


def mark_unreachable(session: AsyncSession, person: Person, now: datetime) -> None:
    """No messages to this person until they write to the bot again."""
    if person.unreachable_at is None:
        person.unreachable_at = now
        audit(session, "person.unreachable", at=now, actor="system", person_id=person.id)
