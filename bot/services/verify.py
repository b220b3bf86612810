"""Screenshots that confirm checklist items (`item.evidence == "screenshot"`).

A person sends a photo in the dialog → it is attached to their first item waiting for a
screenshot, the item is marked done with verification "pending", and every other administrator
of the school gets the photo with «Подтвердить» / «Вернуть с комментарием» (through the outbox,
after quiet hours). Approving sets the answer's verification to "verified"; returning (with one
of the ready reasons) deletes the answer, so the item is open again, and asks for a new photo.

The photo is forwarded as bytes: the outbox stores `image` and the sender uploads it again.
They are downloaded from the attachment's `payload.url` by `bot.max.files.download` (time
limit, size limit `MAX_IMAGE_BYTES`), which sends the bot's token only to the Bot API's own
host (as in the fake API); MAX's CDN links need none, and the token must not leak there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import vocab
from bot.max import files
from bot.plan import Item
from bot.rules.checklist import ItemState
from bot.rules.schedule import Policy
from bot.services.checklist import ChecklistView, load_view
from bot.services.outbox import first_allowed_moment, queue
from bot.services.plans import plan_for
from bot.ui.keyboards import verify as kb
from bot.ui.texts import verify as t
from bot.vocab import Review, Role, Status, Verification
from storage.models import Evidence, Person
from storage.repo import people
from storage.repo import verify as repo

MAX_IMAGE_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 15

Fetch = Callable[[str], Awaitable[bytes | None]]


# --- pure rules ----------------------------------------------------------------------------


def image_attachment(attachments: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The first photo among a message's attachments (as plain dicts), if any."""
    return next((dict(a) for a in attachments if a.get("type") == "image"), None)


def awaits_screenshot(state: ItemState, verification: str | None) -> bool:
    """A screenshot item that is open, or done but not yet confirmed."""
    if state.item.evidence != vocab.Evidence.SCREENSHOT or state.status == Status.NA:
        return False
    return not (state.status == Status.DONE and verification == Verification.VERIFIED)


def pick_evidence_item(
    states: Sequence[ItemState], verifications: Mapping[str, str | None]
) -> Item | None:
    """Which item a photo confirms: the first (plan order) screenshot item that waits for one;
    failing that, the first whose screenshot is still under review (the new photo replaces it)."""
    waiting = [s for s in states if awaits_screenshot(s, verifications.get(s.key))]
    fresh = [s for s in waiting if verifications.get(s.key) != Verification.PENDING]
    chosen = fresh or waiting
    return chosen[0].item if chosen else None


# --- downloading the photo -----------------------------------------------------------------


def image_fetcher(
    api_url: str,
    headers: Mapping[str, str],
    *,
    limit: int = MAX_IMAGE_BYTES,
    timeout: float = FETCH_TIMEOUT_SECONDS,
) -> Fetch:
    """An async `fetch(url) -> bytes | None`: None when the download fails, times out or is
    larger than `limit` bytes."""

    async def fetch(url: str) -> bytes | None:
        try:
            return await files.download(url, api_url, headers, limit=limit, seconds=timeout) or None
        except files.DownloadError:
            return None

    return fetch


# --- submitting ----------------------------------------------------------------------------


class SubmitOutcome(StrEnum):
    SENT = "sent"  # queued to the administrators
    NO_REVIEWER = "no_reviewer"  # saved, item done, nobody to review it
    NOT_EXPECTED = "not_expected"  # the person has no item waiting for a screenshot
    FETCH_FAILED = "fetch_failed"  # the photo could not be downloaded (or is too big)


@dataclass(frozen=True)
class SubmitResult:
    outcome: SubmitOutcome
    title: str | None = None  # the item's title
    keys: list[str] = field(default_factory=list)  # outbox keys of the notices
    view: ChecklistView | None = None  # the person's checklist after the photo (SENT/NO_REVIEWER)


async def submit_screenshot(
    session: AsyncSession,
    person: Person,
    attachment: dict[str, Any],
    now: datetime,
    policy: Policy,
    fetch: Fetch,
) -> SubmitResult:
    """A staff member's photo: attach it to their item waiting for a screenshot and send it to
    the school's other administrators for review."""
    school = person.school
    assert school is not None  # a member of staff
    view = await load_view(session, person, now)
    item = pick_evidence_item(view.states, await repo.verifications_of(session, person.id))
    if item is None:
        return SubmitResult(SubmitOutcome.NOT_EXPECTED)
    url = (attachment.get("payload") or {}).get("url")
    image = await fetch(url) if isinstance(url, str) else None
    if image is None:
        return SubmitResult(SubmitOutcome.FETCH_FAILED, item.title)
    for older in await repo.pending_evidence(session, person.id, item.code):
        older.status = Review.REPLACED
    evidence = await repo.add_evidence(
        session, person_id=person.id, school_id=school.id, item_code=item.code,
        attachment=attachment, created_at=now,
    )  # fmt: skip
    await people.set_answer(session, person.id, item.code, Status.DONE, now)
    people.audit(
        session, "evidence.submit", at=now, person_id=person.id, item=item.code,
        evidence=evidence.id,
    )  # fmt: skip
    admins = [a for a in await repo.admins_of(session, school.id) if a.id != person.id]
    if not admins:
        await repo.set_verification(session, person.id, item.code, None)
        view = await load_view(session, person, now)
        return SubmitResult(SubmitOutcome.NO_REVIEWER, item.title, view=view)
    await repo.set_verification(session, person.id, item.code, Verification.PENDING)
    when = first_allowed_moment(now, school.tz, policy)
    classes = (await people.class_labels_of(session, school.id)).get(person.id, [])
    text = t.evidence_for_admin(person.name, item.title, ", ".join(classes) or None)
    keys = []
    for admin in admins:
        keys.append(f"evidence:{evidence.id}:{admin.id}")
        await queue(
            session, key=keys[-1], kind="evidence", to=admin, text=text, not_before=when,
            rows=kb.review_keyboard(evidence.id), image=image,
        )  # fmt: skip
    return SubmitResult(SubmitOutcome.SENT, item.title, keys, await load_view(session, person, now))


# --- reviewing -----------------------------------------------------------------------------


class ReviewOutcome(StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    ASK_REASON = "ask_reason"  # «Вернуть с комментарием»: offer the ready reasons
    ALREADY_APPROVED = "already_approved"
    ALREADY_RETURNED = "already_returned"
    REPLACED = "replaced"  # a newer screenshot superseded this one
    OWN = "own"  # an administrator may not review their own screenshot
    FORBIDDEN = "forbidden"  # not an administrator of the evidence's school
    UNKNOWN = "unknown"  # no such evidence or action


@dataclass(frozen=True)
class ReviewResult:
    outcome: ReviewOutcome
    evidence_id: int | None = None
    name: str | None = None  # who sent the screenshot
    title: str | None = None  # the item's title
    reason: str | None = None  # the reason it was returned with
    keys: list[str] = field(default_factory=list)  # outbox keys of the person's notice


_ALREADY: dict[str, ReviewOutcome] = {
    Review.APPROVED: ReviewOutcome.ALREADY_APPROVED,
    Review.RETURNED: ReviewOutcome.ALREADY_RETURNED,
    Review.REPLACED: ReviewOutcome.REPLACED,
}


async def review(
    session: AsyncSession,
    admin: Person,
    evidence_id: int,
    act: str,
    now: datetime,
    policy: Policy,
) -> ReviewResult:
    """An administrator's button on a screenshot: approve, ask for a reason, or return it with
    a reason (`act` = a key of texts.verify.RETURN_REASONS). Scope: the admin's own school."""
    if admin.role != Role.ADMIN or admin.school is None:
        return ReviewResult(ReviewOutcome.FORBIDDEN)
    if act not in (kb.APPROVE, kb.RETURN, *t.RETURN_REASONS):
        return ReviewResult(ReviewOutcome.UNKNOWN)
    evidence: Evidence | None = await repo.get_evidence(session, evidence_id)
    if evidence is None:
        return ReviewResult(ReviewOutcome.UNKNOWN)
    if evidence.school_id != admin.school_id:
        people.audit(
            session, "forbidden", at=now, person_id=admin.id, what="evidence",
            evidence=evidence_id, act=act,
        )  # fmt: skip
        return ReviewResult(ReviewOutcome.FORBIDDEN)
    if evidence.person_id == admin.id:
        return ReviewResult(ReviewOutcome.OWN)
    if evidence.status in _ALREADY:
        return ReviewResult(_ALREADY[evidence.status], evidence_id)
    person = await session.get(Person, evidence.person_id)
    if person is None:
        return ReviewResult(ReviewOutcome.UNKNOWN)
    item = plan_for(admin.school.authority).item(evidence.item_code, admin.school.kind)
    title = item.title if item else evidence.item_code
    if act == kb.RETURN:
        return ReviewResult(ReviewOutcome.ASK_REASON, evidence_id, person.name, title)
    evidence.reviewed_at, evidence.reviewed_by = now, admin.id
    when = first_allowed_moment(now, admin.school.tz, policy)
    answer = await repo.answer(session, person.id, evidence.item_code)
    if act == kb.APPROVE:
        evidence.status = Review.APPROVED
        if answer is None or answer.status != Status.DONE:
            await people.set_answer(session, person.id, evidence.item_code, Status.DONE, now)
        await repo.set_verification(
            session, person.id, evidence.item_code, Verification.VERIFIED, at=now, by=admin.id
        )
        key = f"evidence-approved:{evidence.id}"
        await queue(
            session, key=key, kind="evidence", to=person, not_before=when,
            text=t.evidence_approved_for_person(title),
        )  # fmt: skip
        people.audit(session, "evidence.approve", at=now, person_id=admin.id, evidence=evidence.id)
        return ReviewResult(ReviewOutcome.APPROVED, evidence_id, person.name, title, keys=[key])
    reason = t.RETURN_REASONS[act]
    evidence.status, evidence.comment = Review.RETURNED, reason
    if answer is not None and answer.verification != Verification.VERIFIED:
        await repo.delete_answer(session, person.id, evidence.item_code)
    key = f"evidence-returned:{evidence.id}"
    await queue(
        session, key=key, kind="evidence", to=person, not_before=when,
        text=t.evidence_returned_for_person(title, reason),
        rows=kb.open_item_keyboard(person.id, evidence.item_code),
    )  # fmt: skip
    people.audit(
        session, "evidence.return", at=now, person_id=admin.id, evidence=evidence.id,
        reason=reason,
    )  # fmt: skip
    return ReviewResult(ReviewOutcome.RETURNED, evidence_id, person.name, title, reason, [key])
