"""The KPI figures of a week (school and authority) and what is brought to the authority."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.plan import builtin_plan
from bot.rules import kpi as rules
from bot.rules.attention import Concern, SchoolFacts, concerns, needing_attention
from bot.rules.schedule import Policy

PLAN = builtin_plan("2026-27")
DAY = date(2026, 12, 7)  # staff weekly: 100 % by 30.12; students and parents: 30 %
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
POLICY = Policy(stale_help_days=3, idle_admin_days=14, kpi_margin=15)


def week(joined=30, declared=40, this=None, before=None, registered_before=None):
    return rules.SchoolWeek(joined, declared, this or {}, before or {}, registered_before)


def test_a_school_week_is_judged_with_trends():
    w = rules.school_week(
        PLAN,
        week(30, 40, {rules.STAFF_WEEKLY: 80.0}, {rules.STAFF_WEEKLY: 70.0}, [20, 40]),
        DAY,
    )
    assert w.registered.value == 75.0 and w.registered.status == rules.MET
    assert w.registered.trend == rules.UP  # 50 % at the last digest
    staff = w.entered[rules.STAFF_WEEKLY]
    assert (staff.value, staff.trend, staff.status) == (80.0, rules.UP, rules.BELOW)
    assert staff.stage is not None and staff.stage.percent == 100
    parents = w.entered[rules.STUDENTS_PARENTS_WEEKLY]
    assert parents.value is None and parents.status == rules.NO_DATA
    assert w.missing  # the parents' figure is not in
    assert [f.indicator for f in w.all] == [rules.REGISTERED, *rules.ENTERED]


def test_a_school_without_declared_staff_has_no_registration_share():
    w = rules.school_week(PLAN, week(5, None, registered_before=[3, None]), DAY)
    assert w.registered.value is None and w.registered.status == rules.NO_DATA
    assert w.registered.trend is None


def test_a_school_with_both_figures_is_not_missing():
    both = {rules.STAFF_WEEKLY: 100.0, rules.STUDENTS_PARENTS_WEEKLY: 31.0}
    w = rules.school_week(PLAN, week(this=both), DAY)
    assert not w.missing
    assert all(f.status == rules.MET for f in w.entered.values())


def test_the_authority_pools_registration_and_averages_what_schools_entered():
    schools = [
        week(30, 40, {rules.STAFF_WEEKLY: 90.0}, {rules.STAFF_WEEKLY: 95.0}, [30, 40]),
        week(1, 40, {rules.STAFF_WEEKLY: 50.0}, {}, [0, 40]),
        week(7, None, {rules.STUDENTS_PARENTS_WEEKLY: 12.0}),  # no declared staff
    ]
    w = rules.authority_week(PLAN, schools, DAY)
    # 31 of the 80 declared (the third school's 7 are outside the pooled share), 30 of 80 before
    assert w.registered.value == 38.8 and w.registered.trend == rules.UP
    staff = w.entered[rules.STAFF_WEEKLY]
    assert staff.value == 70.0  # (90 + 50) / 2: a school that entered nothing is not a zero
    assert staff.trend == rules.DOWN  # 95 the week before (only one school had entered it)
    assert w.entered[rules.STUDENTS_PARENTS_WEEKLY].value == 12.0
    assert rules.authority_week(PLAN, [], DAY).registered.value is None


def test_far_below_is_judged_against_a_target_already_due():
    stage = rules.stage_in_force(PLAN, rules.STAFF_WEEKLY, DAY)
    assert stage is not None and stage.percent == 100  # in force: 100 % by 30.12
    # Due already: 75 % by 30.09; 15 points under it is the margin.
    assert rules.far_below(rules.judge(PLAN, rules.STAFF_WEEKLY, 59.0, None, DAY), 15)
    assert not rules.far_below(rules.judge(PLAN, rules.STAFF_WEEKLY, 60.0, None, DAY), 15)
    # 80 % in December is behind no target that has come: 100 % is still ahead.
    assert not rules.far_below(rules.judge(PLAN, rules.STAFF_WEEKLY, 80.0, None, DAY), 15)
    assert not rules.far_below(rules.judge(PLAN, rules.STAFF_WEEKLY, None, None, DAY), 15)
    # Before the first stage's date nothing is due yet.
    september = date(2026, 9, 15)
    assert not rules.far_below(rules.judge(PLAN, rules.STAFF_WEEKLY, 1.0, None, september), 15)


def facts(name="Школа №1", admins=(NOW,), help_opened=(), figures=(), overdue=0, school_id=1):
    return SchoolFacts(school_id, name, list(admins), list(help_opened), list(figures), overdue)


def test_a_quiet_school_needs_nothing():
    assert concerns(facts(), NOW, POLICY) == []


def test_every_concern_is_found_at_its_threshold():
    low = rules.judge(PLAN, rules.STAFF_WEEKLY, 50.0, None, DAY)  # 75 (due 30.09) − 15 > 50
    fine = rules.judge(PLAN, rules.STUDENTS_PARENTS_WEEKLY, 10.0, None, DAY)  # 5 was due
    found = concerns(
        facts(
            admins=[NOW - timedelta(days=14), NOW - timedelta(days=13, hours=23), None],
            help_opened=[NOW - timedelta(days=3), NOW - timedelta(days=2, hours=23)],
            figures=[low, fine],
            overdue=2,
        ),
        NOW,
        POLICY,
    )
    assert [(f.concern, f.count) for f in found] == [
        (Concern.STALE_HELP, 1),  # 3 days exactly; the other is 23 hours younger
        (Concern.IDLE_ADMIN, 2),  # 14 days exactly, and one never seen
        (Concern.KPI_BELOW, 1),
        (Concern.OVERDUE_ITEMS, 2),
    ]
    assert found[2].indicators == (rules.STAFF_WEEKLY,)


def test_the_most_concerns_first_then_by_name():
    schools = [
        facts("Школа №2", help_opened=[NOW - timedelta(days=5)], overdue=1, school_id=2),
        facts("Школа №1", admins=[], school_id=1),
        facts("Школа №3", school_id=3),
        facts("Детский сад №4", help_opened=[NOW - timedelta(days=9)], school_id=4),
    ]
    found = needing_attention(schools, NOW, POLICY)
    assert [a.name for a in found] == ["Школа №2", "Детский сад №4", "Школа №1"]
    assert [a.has_admin for a in found] == [True, True, False]  # nobody to write to in №1
    # The settings move the thresholds.
    lenient = Policy(stale_help_days=10, idle_admin_days=14, kpi_margin=15)
    assert [a.name for a in needing_attention(schools, NOW, lenient)] == ["Школа №1", "Школа №2"]
