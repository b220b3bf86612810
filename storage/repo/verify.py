"""Verification of checklist items: screenshots (evidence) and the answers' verification
marks."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.verify import merge_class_verifications
from bot.vocab import Review, Role
from storage.models import Answer, Evidence, Person, School
from storage.repo import answer_key, inserted, statuses_by_owner
from storage.repo.people import STILL_HERE

# --- answers' verification ------------------------------------------------------------------


async def answer(
    session: AsyncSession, person_id: int, code: str, period: str = ""
) -> Answer | None:
    return await session.scalar(
        select(Answer).where(
            Answer.person_id == person_id, Answer.item_code == code, Answer.period == period
        )
    )


async def verifications_of(session: AsyncSession, person_id: int) -> dict[str, str | None]:
    """answer key -> the answer's verification (None = self-reported) for the person's
    answers (keys as `storage.repo.answer_key`: the item code for a one-off item)."""
    rows = await session.execute(
        select(answer_key(Answer.item_code, Answer.period), Answer.verification).where(
            Answer.person_id == person_id
        )
    )
    return {key: verification for key, verification in rows}


async def class_verifications(session: AsyncSession, class_ids: Collection[int]) -> dict[str, str]:
    """{answer key -> verification} of class items for these classes, by any of their
    teachers (that of the better answer, as `people.class_answers` picks the status)."""
    if not class_ids:
        return {}
    a = Answer.__table__.c
    rows = await session.execute(
        select(answer_key(a.item_code, a.period), a.status, a.verification).where(
            a.class_id.in_(list(class_ids))
        )
    )
    pairs = [({key: status}, {key: v} if v else {}) for key, status, v in rows]
    return merge_class_verifications(pairs)


async def verifications_in_schools(
    session: AsyncSession, school_ids: Collection[int]
) -> dict[int, dict[str, str]]:
    """person id -> {answer key -> verification} of the answers that have one, for everyone
    in these schools (few rows: only checked or pending answers)."""
    a, p = Answer.__table__.c, Person.__table__.c  # Core: plain rows
    rows = await session.execute(
        select(a.person_id, answer_key(a.item_code, a.period), a.verification)
        .join(Person.__table__, p.id == a.person_id)
        .where(p.school_id.in_(list(school_ids)), STILL_HERE, a.verification.is_not(None))
    )
    return statuses_by_owner(rows)


async def verifications_of_authority(
    session: AsyncSession, authority_id: int
) -> dict[int, dict[str, str]]:
    """`verifications_in_schools` for every school of the authority."""
    a, p, s = Answer.__table__.c, Person.__table__.c, School.__table__.c
    rows = await session.execute(
        select(a.person_id, answer_key(a.item_code, a.period), a.verification)
        .join(Person.__table__, p.id == a.person_id)
        .join(School.__table__, s.id == p.school_id)
        .where(s.authority_id == authority_id, STILL_HERE, a.verification.is_not(None))
    )
    return statuses_by_owner(rows)


async def set_verification(
    session: AsyncSession,
    person_id: int,
    code: str,
    verification: str | None,
    *,
    at: datetime | None = None,
    by: int | None = None,
    period: str = "",
) -> bool:
    """Set the verification of an existing answer (call `people.set_answer` first);
    False when the person has no answer to the item (in that period)."""
    row = await answer(session, person_id, code, period)  # autoflush: sees a row just added
    if row is None:
        return False
    row.verification, row.verified_at, row.verified_by = verification, at, by
    return True


async def delete_answer(session: AsyncSession, person_id: int, code: str) -> None:
    """Forget the answer (and its verification): the item is open again."""
    row = await answer(session, person_id, code)
    if row is not None:
        await session.delete(row)


# --- evidence ------------------------------------------------------------------------------


async def add_evidence(
    session: AsyncSession,
    *,
    person_id: int,
    school_id: int,
    item_code: str,
    attachment: dict[str, Any] | None,
    created_at: datetime,
) -> Evidence:
    evidence = Evidence(
        person_id=person_id,
        school_id=school_id,
        item_code=item_code,
        attachment=attachment,
        status=Review.PENDING,
        created_at=created_at,
    )
    return await inserted(session, evidence)


async def get_evidence(session: AsyncSession, evidence_id: int) -> Evidence | None:
    return await session.get(Evidence, evidence_id)


_EVIDENCE_OF_PERSON = (
    select(answer_key(Evidence.item_code, Evidence.period), Evidence.status, Evidence.comment)
    .where(Evidence.person_id == bindparam("person_id"))
    .order_by(Evidence.id)
)  # built once: `returned_reasons` is read on every press


async def returned_reasons(session: AsyncSession, person_id: int) -> dict[str, str]:
    """answer key -> the reason, for the person's items whose latest screenshot was returned
    (the item is open again and waits for a new one)."""
    rows = await session.execute(_EVIDENCE_OF_PERSON, {"person_id": person_id})
    latest = {key: (status, comment) for key, status, comment in rows}
    return {
        key: comment or "" for key, (status, comment) in latest.items() if status == Review.RETURNED
    }


async def pending_evidence(session: AsyncSession, person_id: int, code: str) -> list[Evidence]:
    rows = await session.scalars(
        select(Evidence).where(
            Evidence.person_id == person_id,
            Evidence.item_code == code,
            Evidence.status == Review.PENDING,
        )
    )
    return list(rows)


async def admins_of(session: AsyncSession, school_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person)
        .where(Person.school_id == school_id, Person.role == Role.ADMIN, STILL_HERE)
        .order_by(Person.id)
    )
    return list(rows)
