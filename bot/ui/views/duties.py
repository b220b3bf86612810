"""Views: duties — the authority's own checklist: the list, a duty's card (a per-school duty
with its schools, a page at a time), the answer to a press."""

from __future__ import annotations

import math

from bot.rules.duties import DutyState
from bot.services.duties import DutiesView, DutyOutcome, DutyResult
from bot.ui.keyboards import duties as kb
from bot.ui.keyboards.common import next_steps
from bot.ui.texts import duties as t
from bot.ui.views import Answer, Rendered


def _ordered(view: DutiesView) -> list[DutyState]:
    """Overdue first, then the other open ones, then the closed, each in plan order."""
    rank = {id(s): (0 if s.overdue(view.today) else 1 if not s.closed else 2) for s in view.states}
    return sorted(view.states, key=lambda s: rank[id(s)])


def overview_message(view: DutiesView, person_id: int) -> Rendered:
    if not view.states:
        return t.NO_DUTIES, next_steps(person_id, checklist=False, authority=True)
    buttons = [(s.duty.code, t.button_label(s, view.today)) for s in _ordered(view)]
    text = t.overview(view.authority.name, view.states, view.today)
    return text, kb.list_keyboard(person_id, buttons)


def page_of(view: DutiesView, school_id: int) -> int:
    ids = [s.id for s in view.schools]
    return ids.index(school_id) // kb.SCHOOLS_PAGE if school_id in ids else 0


def duty_message(view: DutiesView, state: DutyState, person_id: int, page: int = 0) -> Rendered:
    if not state.duty.per_school:
        return t.card(state, view.today), kb.duty_keyboard(person_id, state.duty.code,
                                                           state.status, state.period)  # fmt: skip
    ticked = view.ticked(state)
    pages = max(1, math.ceil(len(ticked) / kb.SCHOOLS_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = ticked[page * kb.SCHOOLS_PAGE : (page + 1) * kb.SCHOOLS_PAGE]
    rows = kb.schools_keyboard(
        person_id,
        state.duty.code,
        [(s.id, s.name, done) for s, done in shown],
        page,
        pages,
        state.period,
    )
    return t.card(state, view.today, page, pages), rows


def press_answer(result: DutyResult, person_id: int, page: int = 0) -> Answer:
    """The toast and the card as it is now, after a press on a duty's buttons."""
    toast = {
        DutyOutcome.RECORDED: "✅",
        DutyOutcome.STALE: t.DUTY_STALE,
        DutyOutcome.FORBIDDEN: t.DUTY_FORBIDDEN,
    }.get(result.outcome)
    if result.state is None:
        return t.DUTY_UNKNOWN, *overview_message(result.view, person_id)
    return toast, *duty_message(result.view, result.state, person_id, page)
