"""Roster entries (expected people from an imported list) and who joined through their links."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Audit, Invite, Person, RosterEntry

JOIN_ACTIONS = ("join.joined", "join.updated")


async def entries_of(session: AsyncSession, school_id: int) -> list[RosterEntry]:
    rows = await session.scalars(
        select(RosterEntry)
        .where(RosterEntry.school_id == school_id)
        .order_by(RosterEntry.full_name, RosterEntry.id)
    )
    return list(rows)


async def entry_of_invite(session: AsyncSession, invite_id: int) -> RosterEntry | None:
    """The roster row whose personal link this invite is (None: not a roster link)."""
    return await session.scalar(select(RosterEntry).where(RosterEntry.invite_id == invite_id))


def add_entry(session: AsyncSession, entry: RosterEntry) -> RosterEntry:
    session.add(entry)
    return entry


async def invites_by_id(session: AsyncSession, ids: Collection[int]) -> dict[int, Invite]:
    if not ids:
        return {}
    found: dict[int, Invite] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):  # stay below SQLite's bound-parameter limit
        rows = await session.scalars(select(Invite).where(Invite.id.in_(ids[start : start + 500])))
        found.update({invite.id: invite for invite in rows})
    return found


async def invites_by_hash(session: AsyncSession, hashes: Collection[str]) -> dict[str, Invite]:
    found: dict[str, Invite] = {}
    hashes = list(hashes)
    for start in range(0, len(hashes), 500):  # stay below SQLite's bound-parameter limit
        rows = await session.scalars(
            select(Invite).where(Invite.code_hash.in_(hashes[start : start + 500]))
        )
        found.update({invite.code_hash: invite for invite in rows})
    return found


async def joined_through(session: AsyncSession, invite_ids: Collection[int]) -> dict[int, int]:
    """invite id → id of the (still existing) person who joined through it.

    joining.py records every successful join in the audit log ("join.joined" or
    "join.updated", details.invite_id, actor_person_id); only invites that were used count.
    The latest join wins (a personal invite is single-use, so there is at most one).
    """
    if not invite_ids:
        return {}
    used = select(Invite.id).where(Invite.id.in_(list(invite_ids)), Invite.uses >= 1)
    invite_id = Audit.details["invite_id"].as_integer()
    rows = await session.execute(
        select(invite_id, Audit.actor_person_id)
        .join(Person, Person.id == Audit.actor_person_id)
        .where(Audit.action.in_(JOIN_ACTIONS), invite_id.in_(used))
        .order_by(Audit.at, Audit.id)
    )
    return {inv: person for inv, person in rows}
