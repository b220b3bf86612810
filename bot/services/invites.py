"""The administrator's invite links: the `/invite` wizard, the `/invites` list, revoking.

Every function acts on the administrator's own school only; a request naming another
school's invite is refused, changes nothing and is audited as "forbidden".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.checklist import local_today
from bot.rules.invites import deep_link, invite_problem
from bot.rules.staff import Page, page_of
from bot.services import setup
from bot.services.joining import ATTEMPT_LIMIT, ATTEMPT_WINDOW
from bot.vocab import Role
from storage.models import Invite, Person, School
from storage.repo import attempts
from storage.repo import invites as repo
from storage.repo.people import audit

# What the wizard offers (a payload naming anything else is refused).
ROLES = (Role.TEACHER, Role.CLASS_TEACHER, Role.STAFF, Role.ADMIN)
"""The roles an administrator can invite, in the order the wizard offers them."""
DAYS = (7, 30, 90)
USES = (1, 30, 0)  # 0 = no limit
GRADES = tuple(range(1, 12))
LETTERS = ("А", "Б", "В", "Г", "Д")
GRID_RE = re.compile(r"(?:[1-9]|1[01])[АБВГД]")
PAYLOAD_SEPARATOR = "|"  # a class label containing it cannot travel in a button
LABEL_MAX = 16
INVITES_PAGE = 10
ATTEMPTS_PERIOD = timedelta(days=1)  # the wrong-code figures shown under /invites


class WizardError(ValueError):
    """A wizard choice the buttons never offered (a stale or forged payload)."""


def school_of(admin: Person) -> School:
    """The administrator's school (only administrators with a school reach these services)."""
    if admin.school is None:
        raise ValueError(f"person {admin.id} has no school")
    return admin.school


def class_sort_key(label: str) -> tuple[int, str]:
    """5А < 5Б < 10А; labels without a leading number (ДОУ groups) after the numbered ones."""
    match = re.match(r"\d+", label)
    return (int(match.group()) if match else 10**6, label[match.end() if match else 0 :])


async def known_classes(session: AsyncSession, admin: Person) -> list[str]:
    """Class (group) labels of the administrator's school that can be offered as buttons."""
    labels = await repo.class_labels(session, school_of(admin).id)
    usable = {x for x in labels if PAYLOAD_SEPARATOR not in x and len(x) <= LABEL_MAX}
    return sorted(usable, key=class_sort_key)


@dataclass(frozen=True)
class CreatedLink:
    link: str
    role: str
    kind: str  # the school's kind, for role titles
    class_label: str | None
    expires: date  # local date in the school's zone
    max_uses: int | None


def check_choice(
    role: str, class_label: str | None, days: int, uses: int, known: list[str]
) -> None:
    """Raise WizardError unless these are values the wizard's buttons offer."""
    if role not in ROLES:
        raise WizardError(f"role {role!r}")
    if class_label is not None and (
        role != Role.CLASS_TEACHER
        or (not GRID_RE.fullmatch(class_label) and class_label not in known)
    ):
        raise WizardError(f"class {class_label!r}")
    if days not in DAYS:
        raise WizardError(f"days {days!r}")
    if uses not in USES:
        raise WizardError(f"uses {uses!r}")


async def create_link(
    session: AsyncSession,
    admin: Person,
    *,
    role: str,
    class_label: str | None,
    days: int,
    uses: int,
    now: datetime,
    bot_username: str,
) -> CreatedLink:
    """Create an invite to the administrator's school (audited as "invite.create") and return
    its deep link. `uses` 0 means no limit. Raises WizardError for choices never offered."""
    check_choice(role, class_label, days, uses, await known_classes(session, admin))
    school = school_of(admin)
    invite = await setup.create_invite(
        session,
        role=role,
        now=now,
        school_id=school.id,
        class_label=class_label,
        uses=uses or None,
        days=days,
        created_by=admin.id,
    )
    return CreatedLink(
        link=deep_link(bot_username, invite.code),
        role=role,
        kind=school.kind,
        class_label=class_label,
        expires=local_today(invite.expires_at, school.tz),
        max_uses=invite.max_uses,
    )


@dataclass(frozen=True)
class InviteRow:
    id: int
    number: int  # the link's stable label («№17»): its id, kept when the list changes
    role: str
    class_label: str | None
    label: str | None  # who a personal (roster) link is for
    uses: int
    max_uses: int | None
    expires: date  # local date in the school's zone


@dataclass(frozen=True)
class AttemptStats:
    """Wrong invite codes tried across the whole bot (a wrong code names no school)."""

    attempts: int  # within ATTEMPTS_PERIOD
    users: int  # distinct people who tried them
    blocked: int  # people refused right now (ATTEMPT_LIMIT wrong codes within ATTEMPT_WINDOW)


async def attempt_stats(session: AsyncSession, now: datetime) -> AttemptStats:
    figures = await attempts.summary_since(
        session, now - ATTEMPTS_PERIOD, blocked_since=now - ATTEMPT_WINDOW, limit=ATTEMPT_LIMIT
    )
    return AttemptStats(*figures)


@dataclass(frozen=True)
class InviteList:
    rows: list[InviteRow]  # this page
    page: Page
    unused: int  # active links nobody has used (what «revoke all unused» would revoke)
    kind: str
    attempts: AttemptStats | None = None
    used: int = 0  # one-time (limited) links used up: shown as used, not in the list


async def list_invites(
    session: AsyncSession, admin: Person, now: datetime, page: int = 1
) -> InviteList:
    """The school's active (not revoked, not expired) invites, newest first, one page."""
    school = school_of(admin)
    active = await repo.active_of_school(session, school.id, now)
    pg = page_of(len(active), page, INVITES_PAGE)
    rows = [
        InviteRow(
            id=inv.id,
            number=inv.id,
            role=inv.role,
            class_label=inv.class_label,
            label=inv.label,
            uses=inv.uses,
            max_uses=inv.max_uses,
            expires=local_today(inv.expires_at, school.tz),
        )
        for inv in active[pg.start : pg.stop]
    ]
    return InviteList(
        rows,
        pg,
        sum(inv.uses == 0 for inv in active),
        school.kind,
        await attempt_stats(session, now),
        await repo.used_up_of_school(session, school.id),
    )


class RevokeOutcome(StrEnum):
    REVOKED = "revoked"
    INACTIVE = "inactive"  # already revoked or expired
    FORBIDDEN = "forbidden"  # another school's (or an authority's) invite
    UNKNOWN = "unknown"


async def _revocable(
    session: AsyncSession, admin: Person, invite_id: int, now: datetime
) -> tuple[RevokeOutcome, Invite | None]:
    """The admin's school's active invite `invite_id` (REVOKED: it can be revoked), or why not."""
    invite = await repo.get_invite(session, invite_id)
    if invite is None:
        return RevokeOutcome.UNKNOWN, None
    if invite.school_id is None or invite.school_id != admin.school_id:
        audit(session, "forbidden", at=now, person_id=admin.id, what=f"invite.revoke:{invite_id}")
        return RevokeOutcome.FORBIDDEN, None
    problem = invite_problem(
        now=now, expires_at=invite.expires_at, revoked_at=invite.revoked_at, uses=0, max_uses=None
    )
    if problem is not None:
        return RevokeOutcome.INACTIVE, None
    return RevokeOutcome.REVOKED, invite


async def ask_revoke(
    session: AsyncSession, admin: Person, invite_id: int, now: datetime
) -> tuple[RevokeOutcome, InviteRow | None]:
    """Before revoking: the link to name in «Точно отозвать?» (outcome REVOKED), or why it
    cannot be revoked (already revoked, expired, another school's)."""
    outcome, invite = await _revocable(session, admin, invite_id, now)
    if invite is None:
        return outcome, None
    school = school_of(admin)
    row = InviteRow(
        id=invite.id, number=invite.id, role=invite.role, class_label=invite.class_label,
        label=invite.label, uses=invite.uses, max_uses=invite.max_uses,
        expires=local_today(invite.expires_at, school.tz),
    )  # fmt: skip
    return outcome, row


async def revoke(
    session: AsyncSession, admin: Person, invite_id: int, now: datetime
) -> RevokeOutcome:
    """Revoke the school's invite `invite_id` (after the confirmation); a second press finds
    it inactive and changes nothing."""
    outcome, invite = await _revocable(session, admin, invite_id, now)
    if invite is None:
        return outcome
    invite.revoked_at = now
    audit(session, "invite.revoke", at=now, person_id=admin.id, invite_id=invite.id)
    return RevokeOutcome.REVOKED


async def revoke_unused(session: AsyncSession, admin: Person, now: datetime) -> int:
    """Revoke every active invite of the school that nobody has used; returns how many."""
    ids = await repo.revoke_unused(session, school_of(admin).id, now)
    if ids:
        audit(
            session, "invite.revoke_unused", at=now, person_id=admin.id,
            school_id=admin.school_id, invite_ids=ids,
        )  # fmt: skip
    return len(ids)


async def unused_count(session: AsyncSession, admin: Person, now: datetime) -> int:
    """How many active invites of the school nobody has used (for the confirmation)."""
    active = await repo.active_of_school(session, school_of(admin).id, now)
    return sum(inv.uses == 0 for inv in active)
