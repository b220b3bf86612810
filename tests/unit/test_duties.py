"""The authority's own checklist: the plan's [[duties]], their due dates and reminders."""

from __future__ import annotations

from datetime import date

import pytest

from bot.plan import PlanError, builtin_plan, parse_plan
from bot.rules import duties as rules
from bot.vocab import Status

PLAN = builtin_plan("2026-27")
SINCE = date(2026, 11, 9)  # the authority was set up
SCHOOLS = [1, 2, 3]


def state(code: str, today: date, answers=None) -> rules.DutyState:
    found = rules.states(PLAN, today, SINCE, answers or {}, SCHOOLS)
    return next(s for s in found if s.duty.code == code)


def test_the_built_in_plan_has_the_authoritys_duties():
    codes = [d.code for d in PLAN.duties]
    assert codes[:2] == ["duty_seminars", "duty_letters"] and len(codes) == 8
    assert {d.code for d in PLAN.duties if d.per_school} == {
        "duty_training", "duty_consultations",
    }  # fmt: skip
    assert not {d.code for d in PLAN.duties} & {i.code for i in PLAN.items}


def test_due_dates_count_from_the_set_up_and_recur():
    assert state("duty_seminars", date(2026, 12, 2)).due == date(2026, 12, 9)  # 30 days
    weekly = state("duty_staff_weekly", date(2026, 12, 2))
    assert (weekly.period, weekly.due) == ("2026-W49", date(2026, 12, 4))
    monthly = state("duty_population", date(2026, 12, 2))
    assert (monthly.period, monthly.due) == ("2026-12", date(2026, 12, 25))


def test_a_per_school_duty_is_done_when_every_school_is():
    code, today = "duty_consultations", date(2026, 12, 2)
    two = {(code, "", 1): Status.DONE, (code, "", 2): Status.DONE}
    s = state(code, today, two)
    assert (s.schools_done, s.schools, s.closed) == (2, 3, False)
    s = state(code, today, {**two, (code, "", 3): Status.DONE})
    assert (s.schools_done, s.closed) == (3, True)
    # A whole-authority answer does not tick the schools of a per-school duty.
    assert not state(code, today, {(code, "", rules.WHOLE): Status.DONE}).closed


def test_reminders_come_in_windows_before_the_date_and_weekly_when_late():
    s = state("duty_seminars", date(2026, 12, 2))  # due 9 December
    windows = {d: rules.milestone(s, date(2026, 12, d)) for d in range(1, 32)}
    assert windows[1] is None  # 8 days before
    assert {windows[d] for d in range(2, 6)} == {"d7"}  # 7 to 4 days before
    assert {windows[d] for d in (6, 7)} == {"d3"} and {windows[d] for d in (8, 9)} == {"d1"}
    assert {windows[d] for d in range(10, 17)} == {"late1"}  # a Sunday in it is no loss
    assert windows[17] == "late2" and windows[24] == "late3" and windows[31] == "late4"
    assert rules.milestone(s, date(2027, 1, 7)) is None  # 3 nudges after the first, then quiet
    done = state("duty_seminars", date(2026, 12, 10), {("duty_seminars", "", 0): Status.DONE})
    assert rules.milestone(done, date(2026, 12, 10)) is None


@pytest.mark.parametrize(
    ("duty", "problem"),
    [
        ('code = "order_read"\nref = "x"\ntitle = "x"\nhowto = "x"', "already used by items"),
        (
            'code = "d_one"\nref = "x"\ntitle = "x"\nhowto = "x"\nper_school = "yes"',
            "per_school must be true or false",
        ),
        ('code = "d_two"\nref = "x"\ntitle = "x"\nhowto = "x"\nwhen = 3', "when"),
    ],
)
def test_a_bad_duty_is_named(duty: str, problem: str):
    text = (
        'name = "p"\nsource = "s"\n[[items]]\ncode = "order_read"\nref = "r"\ntitle = "t"\n'
        'howto = "h"\nroles = ["teacher"]\nkinds = ["school"]\nscope = "personal"\n'
        f"[[duties]]\n{duty}\n"
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(text)
    assert any(problem in p for p in caught.value.problems), caught.value.problems
