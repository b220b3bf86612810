"""The time model: deadlines of three kinds, grace for late joiners, periods, milestones."""

from __future__ import annotations

from datetime import date

import pytest

from bot.plan import PlanError, parse_plan
from bot.rules.calendar import (
    Teaching,
    answer_key,
    month_due,
    school_year_of,
    slot_of,
    year_bounds,
)
from bot.rules.checklist import Who, slots_for
from bot.rules.schedule import current_milestone, milestones

HEAD = 'name = "План"\nsource = "тест"\n'


def item(extra: str, code: str = "aa", roles: str = '["teacher"]', scope: str = "personal"):
    return (
        f'[[items]]\ncode = "{code}"\nref = "п. 1"\ntitle = "Пункт"\nhowto = "Сделайте."\n'
        f'roles = {roles}\nkinds = ["school"]\nscope = "{scope}"\n{extra}\n'
    )


def plan_of(*items: str, head: str = HEAD):
    return parse_plan(head + "".join(items))


def problems(text: str) -> list[str]:
    with pytest.raises(PlanError) as err:
        parse_plan(HEAD + text)
    return err.value.problems


# --- the plan file --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('every = "fortnight"\nday = 1', 'every "fortnight" is not a period we know'),
        ("due_days = -3", "due_days -3 is negative"),
        ("due_days = 0", "due_days 0 is out of range"),
        ('every = "week"', 'every = "week" needs day: a weekday: monday'),
        ('every = "month"', 'every = "month" needs day: a day of the month, 1..31'),
        ('every = "year"', 'every = "year" needs day: a day of the school year, "MM-DD"'),
        ('every = "week"\nday = "sunday"', "nobody is written to on Sundays"),
        ('every = "week"\nday = "пятница"', 'day "пятница" is not a weekday'),
        ('every = "month"\nday = 32', "day 32 is not a day of the month"),
        ('every = "year"\nday = "02-29"', 'day "02-29" is not a day of the school year'),
        ("day = 5", "day is only used with every"),
        ("deadline = 2026-10-01\ndue_days = 7", "give only one of deadline, due_days"),
        ('evidence = "kpi"\ndue_days = 7', 'evidence "kpi" (the week\'s figures entered with'),
    ],
)
def test_bad_deadline_fields_are_named_in_plain_words(extra, message):
    found = problems(item(extra))
    assert len(found) == 1 and found[0].startswith('plan.toml: item "aa": '), found
    assert message in found[0], found


def test_class_items_need_the_class_teacher_and_a_yearly_period():
    assert (
        'scope "class" is for items done by a class\'s teacher'
        in problems(item("", scope="class"))[0]
    )
    found = problems(item('every = "month"\nday = 5', roles='["class_teacher"]', scope="class"))
    assert 'a class item is answered once a school year, so every must be "year"' in found[0]


def test_plan_level_grace_and_year_start():
    plan = plan_of(item("due_days = 7"), head=HEAD + 'grace_days = 10\nyear_starts = "09-01"\n')
    assert (plan.grace_days, plan.year_starts) == (10, "09-01")
    assert plan_of(item("due_days = 7")).grace_days == 14  # the default
    with pytest.raises(PlanError) as err:
        plan_of(item("due_days = 7"), head=HEAD + "grace_days = -1\n")
    assert "grace_days -1 is negative" in err.value.problems[0]
    with pytest.raises(PlanError) as err:
        plan_of(item("due_days = 7"), head=HEAD + 'year_starts = "13-01"\n')
    assert 'year_starts "13-01" is not a day of the year' in err.value.problems[0]


def test_an_old_format_plan_loads_unchanged():
    plan = plan_of(item("deadline = 2025-11-30"), item("", code="bb"))
    first, second = plan.items
    assert first.deadline == date(2025, 11, 30) and first.every is None
    assert first.due_days is None and second.timed is False


# --- the calendar ---------------------------------------------------------------------------


def test_school_years():
    assert school_year_of(date(2026, 12, 1)) == "2026/27"
    assert school_year_of(date(2026, 8, 31)) == "2025/26"
    assert school_year_of(date(2026, 9, 1)) == "2026/27"
    assert school_year_of(date(2099, 9, 1)) == "2099/00"
    assert year_bounds("2026/27") == (date(2026, 9, 1), date(2027, 9, 1))


@pytest.mark.parametrize(
    ("year", "month", "day", "due"),
    [
        (2026, 12, 5, date(2026, 12, 4)),  # Saturday -> Friday
        (2027, 1, 5, date(2027, 1, 5)),  # Tuesday stays
        (2027, 2, 31, date(2027, 2, 26)),  # past the end: 28 Feb is a Sunday -> Friday 26th
        (2026, 4, 31, date(2026, 4, 30)),  # past the end: Thursday 30 April
        (2026, 11, 1, date(2026, 10, 30)),  # Sunday 1 Nov -> Friday 30 Oct
    ],
)
def test_a_monthly_due_day_is_clamped_and_kept_off_weekends(year, month, day, due):
    assert month_due(year, month, day) == due


def test_a_late_joiner_gets_the_grace_and_a_newcomer_a_relative_deadline():
    plan = plan_of(item("deadline = 2025-11-30"), item("due_days = 7", code="bb"))
    dated, relative = plan.items
    joined = date(2026, 12, 1)
    assert slot_of(dated, joined, joined, plan).due == date(2026, 12, 15)
    assert slot_of(relative, joined, joined, plan).due == date(2026, 12, 8)
    # someone who joined long before the date keeps the plan's date
    assert slot_of(dated, joined, date(2025, 9, 1), plan).due == date(2025, 11, 30)


def test_weekly_items_have_a_period_each_week_and_start_with_the_newcomer():
    plan = plan_of(item('every = "week"\nday = "friday"'))
    (weekly,) = plan.items
    tuesday = date(2026, 12, 1)
    slot = slot_of(weekly, tuesday, date(2026, 9, 1), plan)
    assert (slot.period, slot.due, slot.starts) == (
        "2026-W49",
        date(2026, 12, 4),
        date(2026, 11, 30),
    )
    assert slot.key == "aa@2026-W49" == answer_key("aa", "2026-W49")
    # joined on Saturday, after this week's Friday: their first is next week's
    saturday = date(2026, 12, 5)
    slot = slot_of(weekly, saturday, saturday, plan)
    assert (slot.period, slot.due) == ("2026-W50", date(2026, 12, 11))


def test_yearly_and_class_items_belong_to_the_school_year():
    plan = plan_of(
        item('every = "year"\nday = "09-15"', code="meeting", roles='["class_teacher"]',
             scope="class"),
        item("due_days = 14", code="chats", roles='["class_teacher"]', scope="class"),
    )  # fmt: skip
    meeting, chats = plan.items
    teaching = Teaching(12, "6А", date(2026, 8, 30))
    slot = slot_of(meeting, date(2026, 12, 1), date(2025, 9, 1), plan, teaching)
    assert (slot.period, slot.due, slot.ref) == ("2026/27#12", date(2026, 9, 15), "meeting.12")
    slot = slot_of(chats, date(2026, 12, 1), date(2025, 9, 1), plan, teaching)
    # counted from the school year's first day (later than they took the class)
    assert (slot.period, slot.due) == ("2026/27#12", date(2026, 9, 15))
    # the school has not rolled over yet: the old year's slot is still the one asked for
    assert slot_of(chats, date(2026, 9, 5), date(2025, 9, 1), plan, teaching, "2025/26").period == (
        "2025/26#12"
    )


def test_class_items_once_per_class_and_for_a_second_role():
    plan = plan_of(
        item("due_days = 7", code="order", roles='["admin", "teacher", "class_teacher"]'),
        item("due_days = 14", code="chats", roles='["class_teacher"]', scope="class"),
    )
    today = date(2026, 12, 1)
    classes = (Teaching(1, "5А", today), Teaching(2, "7Б", today))
    # an administrator who is also the class teacher of two classes
    slots = slots_for(plan, "school", Who("admin", today, classes), today, today)
    assert [s.ref for s in slots] == ["order", "chats.1", "chats.2"]
    # a plain teacher has no class items
    assert [s.ref for s in slots_for(plan, "school", Who("teacher", today), today, today)] == [
        "order"
    ]


def test_overdue_items_are_nudged_weekly_a_few_times_then_left_to_the_digest():
    due = date(2026, 12, 15)
    assert [k for k, _ in milestones(3)] == ["t7", "t3", "t1", "overdue", "late1", "late2", "late3"]
    seen = [current_milestone(due, date(2026, 12, d), None, 3) for d in (8, 12, 14, 16, 23, 30)]
    assert seen == ["t7", "t3", "t1", "overdue", "late1", "late2"]
    assert current_milestone(due, date(2027, 1, 6), None, 3) == "late3"
    assert current_milestone(due, date(2027, 1, 13), None, 3) is None  # a week after the last
    # nothing from before the person joined: a newcomer is not told "in 7 days" late
    assert current_milestone(due, date(2026, 12, 10), date(2026, 12, 9), 3) is None


def test_kpi_evidence_is_for_a_weekly_school_item() -> None:
    weekly = item('every = "week"\nday = "friday"\nevidence = "kpi"', roles='["admin"]',
                  scope="school")  # fmt: skip
    assert plan_of(weekly).items[0].evidence == "kpi"
    monthly = item('every = "month"\nday = 5\nevidence = "kpi"', roles='["admin"]',
                   scope="school")  # fmt: skip
    assert any('needs scope = "school" and every = "week"' in p for p in problems(monthly))
