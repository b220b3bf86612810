"""A person's checklist: what they see, and recording their answers."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    states_for,
    summarize,
)
from bot.rules.schedule import Policy
from bot.services import help
from bot.services.plans import plan_for
from bot.vocab import Role, Scope, Status
from storage.models import Person, School
from storage.repo import people


@dataclass(frozen=True)
class ChecklistView:
    """Everything needed to show a person their checklist, as of one moment."""

    person: Person
    school: School
    plan: Plan
    states: list[ItemState]
    today: date

    @property
    def summary(self) -> Summary:
        return summarize(self.states, self.today)

    def state(self, code: str) -> ItemState | None:
        return next((s for s in self.states if s.item.code == code), None)

    def position(self, code: str) -> int:
        return next(i for i, s in enumerate(self.states, 1) if s.item.code == code)

    def first_open(self) -> ItemState | None:
        return first_open(self.states)

    def with_status(self, code: str, status: str) -> ChecklistView:
        """The view after item `code` was answered `status` (as reloading it would show)."""
        states = [ItemState(s.item, status) if s.item.code == code else s for s in self.states]
        return replace(self, states=states)


def has_checklist(person: Person | None) -> TypeGuard[Person]:
    """Whether `person` works at a school, so has a checklist (the authority's people don't)."""
    return person is not None and person.school is not None


async def load_view(session: AsyncSession, person: Person, now: datetime) -> ChecklistView:
    school = person.school
    assert school is not None, "only school staff have a checklist"
    plan = plan_for(school.authority)
    answers = await people.answers_of(session, person.id)
    school_answers = {}
    if person.role == Role.ADMIN:
        school_answers = await people.school_answers(session, school.id)
    states = states_for(plan, person.role, school.kind, answers, school_answers)
    return ChecklistView(person, school, plan, states, local_today(now, school.tz))


class AnswerOutcome(StrEnum):
    RECORDED = "recorded"
    STALE = "stale"  # the button was shown for an earlier state of the item
    NOT_APPLICABLE = "not_applicable"  # the item is not (or no longer) on this person's list


@dataclass(frozen=True)
class AnswerResult:
    outcome: AnswerOutcome
    view: ChecklistView
    item: Item | None
    next: ItemState | None  # where the walk goes on
    help_keys: list[str] | None = None  # a new help request: outbox keys of the notices


async def answer_item(
    session: AsyncSession,
    person: Person,
    *,
    code: str,
    status: str,
    seen_status: str | None,
    now: datetime,
    policy: Policy,
) -> AnswerResult:
    """Record `status` for item `code`, if the button pressed still shows the current state."""
    if status not in tuple(Status):
        raise ValueError(f"unknown status {status!r}")
    view = await load_view(session, person, now)
    state = view.state(code)
    if state is None:
        return AnswerResult(AnswerOutcome.NOT_APPLICABLE, view, None, view.first_open())
    if state.status != seen_status:
        return AnswerResult(AnswerOutcome.STALE, view, state.item, view.first_open())
    if state.item.scope == Scope.SCHOOL:
        await people.set_school_answer(session, view.school.id, code, status, now, person.id)
    else:
        await people.record_answer(session, person.id, code, status, now)
    people.audit(session, "answer", at=now, person_id=person.id, item=code, status=status)
    help_keys = None
    person.awaiting = None
    if status == Status.HELP and state.status != Status.HELP:
        help_keys = await help.open_request(session, person, code, now, policy)
    view = view.with_status(code, status)  # the same transaction would read just that back
    next_state = next_unanswered(view.states, code)
    return AnswerResult(AnswerOutcome.RECORDED, view, state.item, next_state, help_keys)
