"""Help requests, a conversation: «Нужна помощь» reaches the school's administrators (an
administrator's own: the other administrators, else the authority), with the person's comment
in the same message; a helper answers in the bot (the typed text goes to the person), passes
the request on to the authority, or marks it handled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.schedule import Policy
from bot.rules.text import visible
from bot.services.outbox import first_allowed_moment, queue
from bot.services.plans import plan_for
from bot.ui import texts
from bot.ui.keyboards import Rows
from bot.ui.keyboards.help import answered_keyboard, for_person_keyboard, help_request_keyboard
from bot.ui.texts import help as t
from bot.vocab import Role
from storage.models import HelpRequest, Person, School
from storage.repo import people, schedule

AWAITING_PREFIX = "help:"  # the person's comment to request N
ANSWER_PREFIX = "help-answer:"  # a helper's answer to request N
MAX_COMMENT = 1000
MAX_ANSWER = 3000
# The notices wait this long for the person's comment (or «Пропустить»), so that the comment
# is part of the request; then they go without it.
COMMENT_WAIT = timedelta(minutes=5)


def _school(person: Person) -> School:
    """The school of a member of staff (help requests exist only within a school)."""
    assert person.school is not None
    return person.school


def _title(school: School, code: str) -> str:
    item = plan_for(school.authority).item(code.split(".")[0], school.kind)
    return item.title if item else code


async def _helpers(session: AsyncSession, person: Person) -> tuple[list[Person], bool]:
    """Who gets the person's request, and whether that is the authority: the school's
    administrators; for an administrator, the other ones, else the authority's staff."""
    school = _school(person)
    members = await people.members_of(session, school.id)
    admins = [m for m in members if m.role == Role.ADMIN and m.id != person.id]
    if admins or person.role != Role.ADMIN:
        return admins, False
    return await people.authority_staff(session, school.authority_id), True


def _request_text(
    person: Person, school: School, code: str, comment: str | None, to_authority: bool,
    passed_by: str | None = None,
) -> str:  # fmt: skip
    return t.help_request(
        person.name, texts.role_title(person.role, school.kind), _title(school, code), comment,
        school.name if to_authority else None, passed_by,
    )  # fmt: skip


async def open_request(
    session: AsyncSession, person: Person, code: str, now: datetime, policy: Policy
) -> list[str]:
    """Record a help request and queue a notice to each helper, held for the person's comment
    (`COMMENT_WAIT`, and after quiet hours if need be). Returns the outbox keys; empty when
    there is nobody to tell. A request on the item still open is the one asked again (a
    second tap notifies nobody twice)."""
    request = await schedule.open_help_request(session, person.id, code)
    if request is not None:
        person.awaiting = f"{AWAITING_PREFIX}{request.id}"
        return []
    request = await schedule.add_help_request(
        session, person_id=person.id, school_id=person.school_id, item_code=code, created_at=now
    )
    person.awaiting = f"{AWAITING_PREFIX}{request.id}"
    school = _school(person)
    helpers, to_authority = await _helpers(session, person)
    text = _request_text(person, school, code, None, to_authority)
    when = max(first_allowed_moment(now, school.tz, policy), now + COMMENT_WAIT)
    keys = []
    for helper in helpers:
        key = f"help:{request.id}:{helper.id}"
        rows = help_request_keyboard(request.id, can_pass=helper.role == Role.ADMIN)
        await queue(session, key=key, kind="help", to=helper, text=text, not_before=when, rows=rows)
        keys.append(key)
    people.audit(session, "help.open", at=now, person_id=person.id, item=code,
                 to="authority" if to_authority else "admins")  # fmt: skip
    return keys


async def _release(
    session: AsyncSession, person: Person, request: HelpRequest, comment: str | None,
    now: datetime, policy: Policy,
) -> list[str]:  # fmt: skip
    """Send the request's held notices now, the comment in them; a notice already sent gets
    the comment as a follow-up (to the same helpers). Returns the outbox keys."""
    school = _school(person)
    when = first_allowed_moment(now, school.tz, policy)
    held = await schedule.held_messages(session, f"help:{request.id}:")
    helpers, to_authority = await _helpers(session, person)
    keys = []
    for row in held:
        if comment:
            row.text = _request_text(person, school, request.item_code, comment, to_authority)
        row.next_attempt_at = min(row.next_attempt_at, when)
        keys.append(row.key)
    if held or not comment:
        return keys
    text = t.help_comment(person.name, _title(school, request.item_code), comment)
    for helper in helpers:
        key = f"help-comment:{request.id}:{helper.id}"
        rows = help_request_keyboard(request.id, can_pass=helper.role == Role.ADMIN)
        await queue(session, key=key, kind="help", to=helper, text=text, not_before=when, rows=rows)
        keys.append(key)
    return keys


class CommentOutcome(StrEnum):
    SENT = "sent"
    TOO_LONG = "too_long"
    NOT_WAITING = "not_waiting"


@dataclass(frozen=True)
class CommentResult:
    outcome: CommentOutcome
    keys: list[str] = field(default_factory=list)  # outbox keys of the notices


async def _waited_request(session: AsyncSession, person: Person) -> HelpRequest | None:
    awaiting = person.awaiting or ""
    if not awaiting.startswith(AWAITING_PREFIX):
        return None
    request = await schedule.get_help_request(session, int(awaiting.removeprefix(AWAITING_PREFIX)))
    if request is None or request.person_id != person.id:
        return None
    return request


async def add_comment(
    session: AsyncSession, person: Person, comment: str, now: datetime, policy: Policy
) -> CommentResult:
    """The typed comment to the person's latest help request: it goes in the request's notice
    (sent now)."""
    if not (person.awaiting or "").startswith(AWAITING_PREFIX):
        return CommentResult(CommentOutcome.NOT_WAITING)
    comment = visible(comment).strip()
    if len(comment) > MAX_COMMENT:
        return CommentResult(CommentOutcome.TOO_LONG)
    request = await _waited_request(session, person)
    person.awaiting = None
    if request is None:
        return CommentResult(CommentOutcome.NOT_WAITING)
    request.comment = comment
    keys = await _release(session, person, request, comment, now, policy)
    return CommentResult(CommentOutcome.SENT, keys)


async def skip_comment(
    session: AsyncSession, person: Person, now: datetime, policy: Policy
) -> list[str]:
    """«Пропустить» instead of a comment: the held notices go now, without one."""
    request = await _waited_request(session, person)
    if request is None:
        return []
    return await _release(session, person, request, None, now, policy)


class HandleOutcome(StrEnum):
    HANDLED = "handled"
    ASKED = "asked"  # the helper is asked to type the answer
    PASSED = "passed"
    NOT_NOW = "not_now"
    ALREADY = "already"
    ALREADY_PASSED = "already_passed"
    NOBODY = "nobody"  # nobody in the authority to pass it to
    OWN = "own"  # the helper's own request
    FORBIDDEN = "forbidden"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class HandleResult:
    outcome: HandleOutcome
    text: str | None = None  # the new text of the helper's message
    keys: list[str] = field(default_factory=list)
    rows: Rows | None = None
    count: int = 0


async def _request_for(
    session: AsyncSession, helper: Person, request_id: int, now: datetime
) -> tuple[HelpRequest | None, HandleOutcome | None]:
    """The request a helper may act on: an administrator of its school (not the person who
    asked) or the school's authority; else why not (a foreign one is audited)."""
    if helper.role not in (Role.ADMIN, Role.AUTHORITY):
        return None, HandleOutcome.FORBIDDEN
    request: HelpRequest | None = await schedule.get_help_request(session, request_id)
    if request is None:
        return None, HandleOutcome.UNKNOWN
    school = await session.get(School, request.school_id)
    assert school is not None  # a cascading foreign key
    if helper.role == Role.ADMIN:
        allowed = request.school_id == helper.school_id
    else:
        allowed = helper.authority_id is not None and school.authority_id == helper.authority_id
    if not allowed:
        people.audit(session, "help.forbidden", at=now, person_id=helper.id, request=request_id)
        return None, HandleOutcome.FORBIDDEN
    if request.person_id == helper.id:
        return None, HandleOutcome.OWN
    if request.handled_at is not None:
        return None, HandleOutcome.ALREADY
    return request, None


async def _asker(session: AsyncSession, request: HelpRequest) -> tuple[Person, School]:
    person = await session.get(Person, request.person_id)
    school = await session.get(School, request.school_id)
    assert person is not None and school is not None  # non-null, cascading foreign keys
    return person, school


async def mark_handled(
    session: AsyncSession, helper: Person, request_id: int, now: datetime, policy: Policy
) -> HandleResult:
    """A helper marks a help request handled; the person is told (with their item)."""
    request, refused = await _request_for(session, helper, request_id, now)
    if request is None:
        return HandleResult(refused or HandleOutcome.UNKNOWN)
    request.handled_at, request.handled_by = now, helper.id
    if helper.awaiting == f"{ANSWER_PREFIX}{request.id}":
        helper.awaiting = None
    person, school = await _asker(session, request)
    title = _title(school, request.item_code)
    key = f"help-handled:{request.id}"
    await queue(
        session, key=key, kind="help", to=person,
        text=t.help_handled_for_person(title),
        not_before=first_allowed_moment(now, school.tz, policy),
        rows=for_person_keyboard(person.id, request.item_code),
    )  # fmt: skip
    people.audit(session, "help.handled", at=now, person_id=helper.id, request=request_id)
    return HandleResult(HandleOutcome.HANDLED, t.help_handled_for_admin(person.name, title), [key])


async def ask_answer(
    session: AsyncSession, helper: Person, request_id: int, now: datetime
) -> HandleResult:
    """«✍️ Ответить»: the helper's next typed text is the answer to the request."""
    request, refused = await _request_for(session, helper, request_id, now)
    if request is None:
        return HandleResult(refused or HandleOutcome.UNKNOWN)
    person, school = await _asker(session, request)
    helper.awaiting = f"{ANSWER_PREFIX}{request.id}"
    return HandleResult(
        HandleOutcome.ASKED, t.help_ask_answer(person.name, _title(school, request.item_code))
    )


def not_now(helper: Person, request_id: int) -> HandleResult:
    """«Не отвечать»: stop waiting for the answer."""
    if helper.awaiting == f"{ANSWER_PREFIX}{request_id}":
        helper.awaiting = None
    return HandleResult(HandleOutcome.NOT_NOW, t.HELP_ANSWER_NOT_NOW)


class AnswerOutcome(StrEnum):
    SENT = "sent"
    TOO_LONG = "too_long"
    EMPTY = "empty"
    REFUSED = "refused"  # handled meanwhile, or no longer theirs


@dataclass(frozen=True)
class AnswerResult:
    outcome: AnswerOutcome
    text: str = ""  # for the helper
    rows: Rows = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    refused: HandleOutcome | None = None


def waiting_answer(helper: Person) -> bool:
    return (helper.awaiting or "").startswith(ANSWER_PREFIX)


async def send_answer(
    session: AsyncSession, helper: Person, typed: str, now: datetime, policy: Policy
) -> AnswerResult:
    """The helper's typed answer goes to the person, with the item it concerns; the request
    shows as answered."""
    answer = visible(typed).strip()
    if not answer:
        return AnswerResult(AnswerOutcome.EMPTY, t.HELP_ANSWER_EMPTY)
    if len(answer) > MAX_ANSWER:
        return AnswerResult(AnswerOutcome.TOO_LONG, t.HELP_ANSWER_TOO_LONG)
    request_id = int((helper.awaiting or "").removeprefix(ANSWER_PREFIX))
    helper.awaiting = None
    request, refused = await _request_for(session, helper, request_id, now)
    if request is None:
        return AnswerResult(AnswerOutcome.REFUSED, refused=refused or HandleOutcome.UNKNOWN)
    person, school = await _asker(session, request)
    title = _title(school, request.item_code)
    helper_school = helper.school.kind if helper.school else None
    key = f"help-answer:{request.id}:{helper.id}:{int(now.timestamp() * 1_000_000)}"
    await queue(
        session, key=key, kind="help", to=person,
        text=t.help_answer_for_person(
            title, helper.name, texts.role_title(helper.role, helper_school), answer
        ),
        not_before=now, rows=for_person_keyboard(person.id, request.item_code),
    )  # fmt: skip
    request.answered_at, request.answered_by = now, helper.id
    people.audit(session, "help.answer", at=now, person_id=helper.id, request=request.id)
    return AnswerResult(
        AnswerOutcome.SENT, t.help_answer_sent(person.name, title), answered_keyboard(request.id),
        [key],
    )  # fmt: skip


async def pass_on(
    session: AsyncSession, admin: Person, request_id: int, now: datetime, policy: Policy
) -> HandleResult:
    """«Передать в управление»: the authority's staff get the request (and can answer it)."""
    if admin.role != Role.ADMIN:
        return HandleResult(HandleOutcome.FORBIDDEN)
    request, refused = await _request_for(session, admin, request_id, now)
    if request is None:
        return HandleResult(refused or HandleOutcome.UNKNOWN)
    if request.passed_at is not None:
        return HandleResult(HandleOutcome.ALREADY_PASSED)
    person, school = await _asker(session, request)
    staff = await people.authority_staff(session, school.authority_id)
    if not staff:
        return HandleResult(HandleOutcome.NOBODY)
    text = _request_text(person, school, request.item_code, request.comment, True, admin.name)
    keys = []
    for member in staff:
        key = f"help-pass:{request.id}:{member.id}"
        await queue(session, key=key, kind="help", to=member, text=text,
                    not_before=first_allowed_moment(now, school.tz, policy),
                    rows=help_request_keyboard(request.id))  # fmt: skip
        keys.append(key)
    request.passed_at = now
    people.audit(session, "help.pass", at=now, person_id=admin.id, request=request.id)
    return HandleResult(HandleOutcome.PASSED, keys=keys, count=len(staff))
