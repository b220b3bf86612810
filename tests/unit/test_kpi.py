"""KPI: the pure rules (typed percentages, indicators, stages, weeks)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.plan import KpiStage, builtin_plan
from bot.rules import kpi as rules
from bot.ui.texts import kpi as t


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("37", 37.0),
        ("37,5 %", 37.5),
        ("37.5%", 37.5),
        (" 0 ", 0.0),
        ("100", 100.0),
        ("12,25", 12.2),  # one decimal is kept (banker's rounding of 12.25 gives 12.2)
        ("5\u00a0%", 5.0),
    ],
)
def test_parse_percent_accepts(typed, value):
    assert rules.parse_percent(typed) == value


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", rules.EMPTY),
        (" % ", rules.EMPTY),
        ("abc", rules.NOT_A_NUMBER),
        ("3 7", rules.NOT_A_NUMBER),
        ("1e2", rules.NOT_A_NUMBER),
        ("nan", rules.NOT_A_NUMBER),
        ("37,5,1", rules.NOT_A_NUMBER),
        ("101", rules.OUT_OF_RANGE),
        ("-1", rules.OUT_OF_RANGE),
        ("100,1", rules.OUT_OF_RANGE),
    ],
)
def test_parse_percent_refuses(typed, reason):
    with pytest.raises(rules.PercentError) as caught:
        rules.parse_percent(typed)
    assert caught.value.reason == reason


def test_check_percent_and_keypad():
    assert rules.check_percent(99.96) == 100.0
    for bad in (float("inf"), float("nan"), -0.1, 100.01):
        with pytest.raises(rules.PercentError):
            rules.check_percent(bad)
    assert rules.keypad_value(30, 7) == 37
    assert rules.keypad_value(100, 0) == 100
    for tens, units in ((100, 1), (35, 0), (-10, 0), (30, 10), (110, 0)):
        with pytest.raises(ValueError):
            rules.keypad_value(tens, units)


def test_indicator_words():
    assert rules.indicator_of("Staff") == rules.STAFF_WEEKLY
    assert rules.indicator_of("родители") == rules.STUDENTS_PARENTS_WEEKLY
    assert rules.indicator_of("parents") == rules.STUDENTS_PARENTS_WEEKLY
    assert rules.indicator_of("registered") is None  # computed, never typed


def test_registration_share():
    assert rules.registration_share(30, 40) == 75.0
    assert rules.registration_share(1, 3) == 33.3
    assert rules.registration_share(5, None) is None
    assert rules.registration_share(5, 0) is None
    assert rules.registration_share(45, 40) == 112.5  # more joined than declared: kept


def test_stage_in_force_status_and_trend():
    plan = builtin_plan("2025")
    staff = plan.kpi_for(rules.STAFF_WEEKLY)
    assert staff is not None
    by = {s.by: s.percent for s in staff.stages}
    assert by == {date(2025, 11, 30): 15, date(2025, 12, 30): 75, date(2026, 5, 31): 100}
    assert rules.stage_in_force(plan, rules.STAFF_WEEKLY, date(2025, 11, 30)).percent == 15
    assert rules.stage_in_force(plan, rules.STAFF_WEEKLY, date(2025, 12, 1)).percent == 75
    # After the last date the last stage stays in force.
    assert rules.stage_in_force(plan, rules.STAFF_WEEKLY, date(2027, 1, 1)).percent == 100
    assert rules.stage_in_force(plan, rules.REGISTERED, date(2026, 3, 1)).percent == 75

    stage = KpiStage(by=date(2025, 12, 30), percent=75)
    assert rules.status(80, stage, date(2025, 12, 1)) == rules.MET
    assert rules.status(75, stage, date(2025, 12, 31)) == rules.MET
    assert rules.status(40, stage, date(2025, 12, 30)) == rules.BELOW
    assert rules.status(40, stage, date(2025, 12, 31)) == rules.MISSED
    assert rules.status(None, stage, date(2025, 12, 1)) == rules.NO_DATA
    assert rules.status(40, None, date(2025, 12, 1)) == rules.NO_TARGET

    assert rules.trend(45, 37) == rules.UP
    assert rules.trend(10, 12) == rules.DOWN
    assert rules.trend(12, 12) == rules.SAME
    assert rules.trend(12, None) is None and rules.trend(None, 3) is None


def test_weeks():
    assert rules.recent_weeks(date(2026, 1, 7), 3) == ["2026-W02", "2026-W01", "2025-W52"]
    assert rules.week_end("2025-W47") == date(2025, 11, 23)
    assert rules.previous_week("2026-W01") == "2025-W52"
    assert t.week_label("2025-W47") == "17.11–23.11.2025"
    assert t.fmt_pct(37.0) == "37 %" and t.fmt_pct(12.5) == "12,5 %" and t.fmt_pct(None) == "—"
    assert t.fmt_pct(100.0) == "100 %" and t.fmt_pct(0.0) == "0 %"
