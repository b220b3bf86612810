"""A person's checklist: what they see, and recording their answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TypeGuard

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plan import Item, Plan
from bot.rules.checklist import (
    ItemState,
    Summary,
    first_open,
    local_today,
    next_unanswered,
    slot_states,
    slots_for,
    summarize,
    who_of,
)
from bot.rules.schedule import Policy
from bot.rules.verify import screenshot_needed
from bot.services import help
from bot.services.plans import plan_for
from bot.vocab import Role, Scope, Status
from storage.models import Person, School
from storage.repo import people
from storage.repo import verify as checks


@dataclass(frozen=True)
class ChecklistView:
    """Everything needed to show a person their checklist, as of one moment."""

    person: Person
    school: School
    plan: Plan
    states: list[ItemState]
    today: date
    returned: Mapping[str, str] = field(default_factory=dict)  # key -> why it was returned

    def returned_reason(self, state: ItemState) -> str | None:
        """Why the screenshot of this open item was returned (None: it was not)."""
        return self.returned.get(state.key) if not state.closed else None

    @property
    def summary(self) -> Summary:
        return summarize(self.states, self.today)

    def state(self, ref: str) -> ItemState | None:
        """The item a button names (`ItemState.ref`: its code, with ".<class id>" for a
        class item)."""
        return next((s for s in self.states if s.ref == ref), None)

    def position(self, ref: str) -> int:
        return next(i for i, s in enumerate(self.states, 1) if s.ref == ref)

    def first_open(self) -> ItemState | None:
        return first_open(self.states)

    def with_status(self, ref: str, status: str) -> ChecklistView:
        """The view after item `ref` was answered `status` (as reloading it would show)."""
        states = [
            s
            if s.ref != ref or s.status == status
            else replace(s, status=status, verification=None)
            for s in self.states
        ]  # a new status drops the confirmation, which was of the previous answer
        return replace(self, states=states)


def has_checklist(person: Person | None) -> TypeGuard[Person]:
    """Whether `person` works at a school, so has a checklist (the authority's people don't)."""
    return person is not None and person.school is not None


def person_states(
    school: School,
    role: str,
    joined_at: datetime,
    today: date,
    answers: Mapping[str, str],
    school_answers: Mapping[str, str],
    teaching: Sequence[tuple[int, str, datetime]] = (),
    class_answers: Mapping[str, str] | None = None,
    verifications: Mapping[str, str | None] | None = None,
    class_verifications: Mapping[str, str] | None = None,
    school_verifications: Mapping[str, str] | None = None,
) -> list[ItemState]:
    """A person's items as of `today` (their school's local date): the one rule the
    checklist, /staff and the daily reminders share. `school_answers` count for an
    administrator only; `teaching`: (class id, label, since) of their classes;
    `verifications`: of their answers, by the same keys (`bot.rules.verify`)."""
    plan = plan_for(school.authority)
    who = who_of(role, joined_at, school.tz, teaching)
    slots = slots_for(
        plan, school.kind, who, today, local_today(school.created_at, school.tz),
        school.school_year,
    )  # fmt: skip
    return slot_states(
        slots, answers, school_answers if role == Role.ADMIN else {}, class_answers,
        verifications, class_verifications, school_verifications,
    )  # fmt: skip


async def load_view(session: AsyncSession, person: Person, now: datetime) -> ChecklistView:
    school = person.school
    assert school is not None, "only school staff have a checklist"
    today = local_today(now, school.tz)
    teaching = await people.teaching_of(session, school.id, person.id)
    answers, verifications = await people.answers_and_verifications(session, person.id)
    school_answers: dict[str, str] = {}
    school_checks: dict[str, str] = {}
    if person.role == Role.ADMIN:
        school_answers = await people.school_answers(session, school.id)
        school_checks = await people.school_verifications(session, school.id)
    class_ids = [c for c, _, _ in teaching]
    class_answers = await people.class_answers(session, class_ids)
    states = person_states(
        school, person.role, person.joined_at, today, answers, school_answers, teaching,
        class_answers, verifications, await checks.class_verifications(session, class_ids),
        school_checks,
    )  # fmt: skip
    returned = await checks.returned_reasons(session, person.id)
    return ChecklistView(person, school, plan_for(school.authority), states, today, returned)


class AnswerOutcome(StrEnum):
    RECORDED = "recorded"
    STALE = "stale"  # the button was shown for an earlier state of the item
    NOT_APPLICABLE = "not_applicable"  # the item is not (or no longer) on this person's list
    SCREENSHOT_NEEDED = "screenshot_needed"  # «Готово» on a screenshot item: nothing recorded


@dataclass(frozen=True)
class AnswerResult:
    outcome: AnswerOutcome
    view: ChecklistView
    item: Item | None
    next: ItemState | None  # where the walk goes on
    help_keys: list[str] | None = None  # a new help request: outbox keys of the notices
    state: ItemState | None = None  # SCREENSHOT_NEEDED: the item, as it is


async def answer_item(
    session: AsyncSession,
    person: Person,
    *,
    ref: str,
    status: str,
    seen_status: str | None,
    now: datetime,
    policy: Policy,
) -> AnswerResult:
    """Record `status` for item `ref` (an item code, ".<class id>" for a class item) in its
    current period, if the button pressed still shows the current state."""
    if status not in tuple(Status):
        raise ValueError(f"unknown status {status!r}")
    view = await load_view(session, person, now)
    state = view.state(ref)
    if state is None:
        return AnswerResult(AnswerOutcome.NOT_APPLICABLE, view, None, view.first_open())
    if state.status != seen_status:
        return AnswerResult(AnswerOutcome.STALE, view, state.item, view.first_open())
    if status == Status.DONE and screenshot_needed(state.item.evidence, state.mark):
        after = next_unanswered(view.states, ref)  # where «Следующий пункт» leads
        following = after if after is not None and after.ref != ref else None
        return AnswerResult(
            AnswerOutcome.SCREENSHOT_NEEDED, view, state.item, following, state=state
        )
    code, slot = state.item.code, state.slot
    period = slot.period if slot is not None else ""
    class_id = slot.class_id if slot is not None else None
    if state.item.scope == Scope.SCHOOL:
        await people.set_school_answer(
            session, view.school.id, code, status, now, person.id, period
        )
    else:
        await people.record_answer(session, person.id, code, status, now, period, class_id)
    people.audit(
        session, "answer", at=now, person_id=person.id, item=code, status=status,
        **({"period": period} if period else {}),
    )  # fmt: skip
    help_keys = None
    person.awaiting = None
    if status == Status.HELP and state.status != Status.HELP:
        help_keys = await help.open_request(session, person, code, now, policy)
    view = view.with_status(ref, status)  # the same transaction would read just that back
    next_state = next_unanswered(view.states, ref)
    return AnswerResult(AnswerOutcome.RECORDED, view, state.item, next_state, help_keys)
