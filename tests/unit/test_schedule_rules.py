"""Schedule rules (bot.rules.schedule): quiet hours, Sundays, time zones, milestones, digests.

Every moment is a fixed aware UTC instant turned into school-local time with `to_local`,
the way the services do it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.plan import Item
from bot.rules.checklist import ItemState, local_today
from bot.rules.schedule import (
    OVERDUE,
    T1,
    T3,
    T7,
    DueReminder,
    Policy,
    current_milestone,
    digest_open,
    due_escalations,
    due_reminders,
    is_paused,
    is_quiet,
    may_message,
    next_allowed,
    reminders_open,
    to_local,
    week_key,
)
from bot.vocab import Status

DEFAULT = Policy()
MSK = "Europe/Moscow"
ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Asia/Yekaterinburg",
    "Asia/Vladivostok",
    "Asia/Kamchatka",
)
# Fixed offsets from UTC (hours); Russia has no DST.
OFFSETS = {
    "Europe/Kaliningrad": 2,
    "Europe/Moscow": 3,
    "Asia/Yekaterinburg": 5,
    "Asia/Vladivostok": 10,
    "Asia/Kamchatka": 12,
}

# Deadline on Wednesday 10 Dec 2025: T-7 = Wed 3 Dec, T-3 = Sun 7 Dec, T-1 = Tue 9 Dec,
# overdue from Thu 11 Dec.
DEADLINE = date(2025, 12, 10)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, us, tzinfo=UTC)


def local(tz: str, y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    """The school-local moment with this wall-clock time, obtained via UTC and `to_local`."""
    instant = utc(y, mo, d, h, mi, s) - timedelta(hours=OFFSETS[tz])
    moment = to_local(instant, tz)
    assert moment.replace(tzinfo=None) == datetime(y, mo, d, h, mi, s)
    return moment


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return local(MSK, y, mo, d, h, mi, s)


def item(code: str = "a1", deadline: date | None = DEADLINE) -> Item:
    return Item(
        code=code,
        ref="п. 1",
        title=f"Пункт {code}",
        howto="Сделайте это.",
        roles=frozenset({"teacher"}),
        kinds=frozenset({"school"}),
        deadline=deadline,
        scope="personal",
    )


def state(
    code: str = "a1", deadline: date | None = DEADLINE, status: str | None = None
) -> ItemState:
    return ItemState(item(code, deadline), status)


def kinds(due: list[DueReminder]) -> list[tuple[str, str]]:
    return [(d.state.item.code, d.kind) for d in due]


def days(offset: int) -> date:
    return DEADLINE + timedelta(days=offset)


# --- time zones ---------------------------------------------------------------------------


@pytest.mark.parametrize("tz", ZONES)
def test_school_zones_have_fixed_offsets_all_year(tz):
    winter = to_local(utc(2025, 1, 15, 12), tz)
    summer = to_local(utc(2025, 7, 15, 12), tz)
    assert winter.utcoffset() == timedelta(hours=OFFSETS[tz])
    assert summer.utcoffset() == timedelta(hours=OFFSETS[tz])
    assert str(winter.tzinfo) == tz


def test_to_local_keeps_the_instant():
    now = utc(2025, 12, 1, 6, 0)
    moment = to_local(now, "Asia/Vladivostok")
    assert moment == now
    assert (moment.date(), moment.hour) == (date(2025, 12, 1), 16)


# --- milestones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (days(-30), None),
        (days(-8), None),
        (days(-7), T7),
        (days(-6), T7),
        (days(-5), T7),
        (days(-4), T7),
        (days(-3), T3),
        (days(-2), T3),
        (days(-1), T1),
        (days(0), T1),  # the deadline day itself is not overdue yet
        (days(1), OVERDUE),
        (days(2), OVERDUE),
        (days(7), OVERDUE),
        # without weekly nudges the overdue reminder is current for a week, then no more
        (days(8), None),
        (days(60), None),
    ],
)
def test_current_milestone_on_and_between_milestone_days(today, expected):
    assert current_milestone(DEADLINE, today) == expected


@pytest.mark.parametrize(
    ("today", "sent", "expected"),
    [
        (days(-8), set(), []),
        (days(-7), set(), [T7]),
        (days(-7), {("a1", T7)}, []),
        (days(-5), set(), [T7]),  # T-5: the t7 reminder was missed, it is still due
        (days(-5), {("a1", T7)}, []),  # T-5 and t7 went out: nothing
        (days(-4), {("a1", T7)}, []),
        (days(-3), {("a1", T7)}, [T3]),
        (days(-3), set(), [T3]),  # a missed t7 is superseded by t3
        (days(-3), {("a1", T3)}, []),
        (days(-2), {("a1", T7)}, [T3]),
        (days(-2), {("a1", T7), ("a1", T3)}, []),
        (days(-1), {("a1", T7), ("a1", T3)}, [T1]),
        (days(-1), set(), [T1]),
        (days(-1), {("a1", T1)}, []),
        (days(0), {("a1", T3)}, [T1]),
        (days(0), {("a1", T1)}, []),
        (days(1), {("a1", T1)}, [OVERDUE]),
        (days(1), set(), [OVERDUE]),
        (days(1), {("a1", OVERDUE)}, []),
        (days(7), {("a1", T7), ("a1", T3), ("a1", T1)}, [OVERDUE]),
        (days(7), {("a1", OVERDUE)}, []),
        (days(9), {("a1", T7), ("a1", T3), ("a1", T1)}, []),  # a week late: no more
        # what was sent for another item (or another kind) does not count for this one
        (days(-7), {("b2", T7)}, [T7]),
        (days(1), {("b2", OVERDUE), ("a1", T1)}, [OVERDUE]),
    ],
)
def test_due_reminders_respects_what_was_sent(today, sent, expected):
    st = state()
    due = due_reminders([st], today, sent)
    assert [d.kind for d in due] == expected
    assert all(d.state is st for d in due)


def test_due_reminders_accepts_any_iterable_of_sent_pairs():
    sent = iter([("a1", T7)])
    assert due_reminders([state()], days(-5), sent) == []
    assert due_reminders([state()], days(-5), [("a1", T3)]) == [DueReminder(state(), T7)]


def _run_days(start: date, end: date, *, allowed=lambda day: True) -> list[tuple[date, str]]:
    """Simulate the daily job: each allowed day, send what is due and remember it."""
    sent: set[tuple[str, str]] = set()
    log = []
    day = start
    while day <= end:
        if allowed(day):
            for d in due_reminders([state()], day, sent):
                sent.add((d.state.item.code, d.kind))
                log.append((day, d.kind))
        day += timedelta(days=1)
    return log


def test_each_milestone_goes_out_once_over_a_run_of_days():
    assert _run_days(days(-20), days(20)) == [
        (date(2025, 12, 3), T7),
        (date(2025, 12, 7), T3),
        (date(2025, 12, 9), T1),
        (date(2025, 12, 11), OVERDUE),
    ]


def test_a_milestone_on_sunday_goes_out_on_monday():
    # T-3 is Sunday 7 Dec: the t3 reminder goes out on Monday 8 Dec instead
    assert date(2025, 12, 7).isoweekday() == 7
    log = _run_days(days(-20), days(20), allowed=lambda day: day.isoweekday() != 7)
    assert log == [
        (date(2025, 12, 3), T7),
        (date(2025, 12, 8), T3),
        (date(2025, 12, 9), T1),
        (date(2025, 12, 11), OVERDUE),
    ]


def test_after_a_pause_only_the_newest_milestone_goes_out():
    paused_until = date(2025, 12, 9)  # the whole T-7..T-1 stretch paused, inclusive
    log = _run_days(days(-20), days(20), allowed=lambda day: not is_paused(paused_until, day))
    assert log == [(date(2025, 12, 10), T1), (date(2025, 12, 11), OVERDUE)]


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        (None, days(-7), [T7]),
        (Status.HELP, days(-7), [T7]),
        (Status.HELP, days(1), [OVERDUE]),
        (Status.DONE, days(-7), []),
        (Status.DONE, days(1), []),
        (Status.NA, days(-3), []),
        (Status.NA, days(5), []),
    ],
)
def test_closed_items_are_never_due_help_items_are(status, today, expected):
    assert [d.kind for d in due_reminders([state(status=status)], today, set())] == expected


@pytest.mark.parametrize("offset", [-30, -7, -3, -1, 0, 1, 3, 365])
def test_items_without_deadline_are_never_due(offset):
    st = state(deadline=None)
    assert due_reminders([st], days(offset), set()) == []
    assert due_escalations([st], days(offset), 1, set()) == []


def test_due_reminders_lists_only_open_items_in_plan_order():
    states = [
        state("a1", days(7)),  # t7 today
        state("b2", days(3), Status.DONE),
        state("c3", None),
        state("d4", days(1), Status.HELP),  # t1 today
        state("e5", days(-1)),  # overdue
        state("f6", days(-2), Status.NA),
        state("g7", days(20)),  # nothing yet
        state("h8", days(2)),  # t3, but already sent
    ]
    due = due_reminders(states, DEADLINE, {("h8", T3), ("a1", T3)})
    assert kinds(due) == [("a1", T7), ("d4", T1), ("e5", OVERDUE)]


def test_a_finished_person_gets_nothing():
    states = [
        state("a1", days(-7), Status.DONE),
        state("b2", days(5), Status.NA),
        state("c3", None, Status.DONE),
    ]
    assert due_reminders(states, DEADLINE, set()) == []
    assert due_escalations(states, days(30), 1, set()) == []


def test_no_items_nothing_due():
    assert due_reminders([], DEADLINE, set()) == []
    assert due_escalations([], DEADLINE, 3, set()) == []


# --- quiet hours and Sundays --------------------------------------------------------------

NIGHT = Policy(quiet_start=time(22, 0), quiet_end=time(6, 0))  # spans midnight
MIDDAY = Policy(quiet_start=time(13, 0), quiet_end=time(15, 0), remind_at=time(10, 0))
NEVER_QUIET = Policy(quiet_start=time(20, 0), quiet_end=time(20, 0))


@pytest.mark.parametrize(
    ("policy", "t", "expected"),
    [
        (DEFAULT, time(7, 59, 59), True),
        (DEFAULT, time(8, 0), False),
        (DEFAULT, time(12, 0), False),
        (DEFAULT, time(19, 59, 59), False),
        (DEFAULT, time(20, 0), True),
        (DEFAULT, time(23, 59), True),
        (DEFAULT, time(0, 0), True),
        (NIGHT, time(21, 59), False),
        (NIGHT, time(22, 0), True),
        (NIGHT, time(0, 0), True),
        (NIGHT, time(5, 59), True),
        (NIGHT, time(6, 0), False),
        (NIGHT, time(12, 0), False),
        (MIDDAY, time(0, 0), False),
        (MIDDAY, time(12, 59), False),
        (MIDDAY, time(13, 0), True),
        (MIDDAY, time(14, 59), True),
        (MIDDAY, time(15, 0), False),
        (MIDDAY, time(23, 0), False),
        (NEVER_QUIET, time(0, 0), False),
        (NEVER_QUIET, time(8, 0), False),
        (NEVER_QUIET, time(20, 0), False),
        (NEVER_QUIET, time(23, 59), False),
    ],
)
def test_is_quiet(policy, t, expected):
    assert is_quiet(t, policy) is expected


@pytest.mark.parametrize(
    ("policy", "moment", "expected"),
    [
        # Monday 1 Dec 2025 .. Sunday 7 Dec 2025, Moscow
        (DEFAULT, msk(2025, 12, 1, 0, 0), False),
        (DEFAULT, msk(2025, 12, 1, 7, 59), False),
        (DEFAULT, msk(2025, 12, 1, 7, 59, 59), False),
        (DEFAULT, msk(2025, 12, 1, 8, 0), True),
        (DEFAULT, msk(2025, 12, 1, 12, 0), True),
        (DEFAULT, msk(2025, 12, 1, 19, 59, 59), True),
        (DEFAULT, msk(2025, 12, 1, 20, 0), False),
        (DEFAULT, msk(2025, 12, 1, 23, 59), False),
        (DEFAULT, msk(2025, 12, 6, 12, 0), True),  # Saturday
        (DEFAULT, msk(2025, 12, 6, 20, 0), False),
        (DEFAULT, msk(2025, 12, 7, 8, 0), False),  # Sunday
        (DEFAULT, msk(2025, 12, 7, 12, 0), False),
        (DEFAULT, msk(2025, 12, 7, 19, 59), False),
        (NIGHT, msk(2025, 12, 1, 21, 0), True),
        (NIGHT, msk(2025, 12, 1, 22, 0), False),
        (NIGHT, msk(2025, 12, 2, 5, 59), False),
        (NIGHT, msk(2025, 12, 2, 6, 0), True),
        (MIDDAY, msk(2025, 12, 1, 21, 0), True),
        (MIDDAY, msk(2025, 12, 1, 13, 30), False),
        (MIDDAY, msk(2025, 12, 1, 15, 0), True),
        (NEVER_QUIET, msk(2025, 12, 1, 3, 0), True),
        (NEVER_QUIET, msk(2025, 12, 7, 3, 0), False),  # still no Sundays
        (NEVER_QUIET, msk(2025, 12, 7, 12, 0), False),
    ],
)
def test_may_message(policy, moment, expected):
    assert may_message(moment, policy) is expected


@pytest.mark.parametrize(
    ("policy", "moment", "expected"),
    [
        (DEFAULT, msk(2025, 12, 1, 7, 0), False),
        (DEFAULT, msk(2025, 12, 1, 8, 0), False),  # messaging allowed, but before 10:00
        (DEFAULT, msk(2025, 12, 1, 9, 59, 59), False),
        (DEFAULT, msk(2025, 12, 1, 10, 0), True),
        (DEFAULT, msk(2025, 12, 1, 15, 0), True),
        (DEFAULT, msk(2025, 12, 1, 19, 59), True),
        (DEFAULT, msk(2025, 12, 1, 20, 0), False),
        (DEFAULT, msk(2025, 12, 1, 23, 0), False),
        (DEFAULT, msk(2025, 12, 6, 10, 0), True),  # Saturday
        (DEFAULT, msk(2025, 12, 6, 21, 0), False),
        (DEFAULT, msk(2025, 12, 7, 10, 0), False),  # Sunday
        (DEFAULT, msk(2025, 12, 7, 15, 0), False),
        (Policy(remind_at=time(8, 0)), msk(2025, 12, 1, 7, 59), False),
        (Policy(remind_at=time(8, 0)), msk(2025, 12, 1, 8, 0), True),
        (Policy(remind_at=time(17, 30)), msk(2025, 12, 1, 17, 29), False),
        (Policy(remind_at=time(17, 30)), msk(2025, 12, 1, 17, 30), True),
        (MIDDAY, msk(2025, 12, 1, 10, 0), True),
        (MIDDAY, msk(2025, 12, 1, 13, 0), False),
        (MIDDAY, msk(2025, 12, 1, 15, 0), True),
        (NIGHT, msk(2025, 12, 1, 21, 0), True),
        (NIGHT, msk(2025, 12, 1, 22, 0), False),
    ],
)
def test_reminders_open(policy, moment, expected):
    assert reminders_open(moment, policy) is expected


# --- next_allowed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "moment", "expected"),
    [
        (DEFAULT, msk(2025, 12, 6, 21, 0), msk(2025, 12, 8, 8, 0)),  # Sat 21:00 -> Mon 08:00
        (DEFAULT, msk(2025, 12, 6, 20, 0), msk(2025, 12, 8, 8, 0)),
        (DEFAULT, msk(2025, 12, 6, 23, 59, 59), msk(2025, 12, 8, 8, 0)),
        (DEFAULT, msk(2025, 12, 7, 0, 0), msk(2025, 12, 8, 8, 0)),  # Sunday midnight
        (DEFAULT, msk(2025, 12, 7, 12, 0), msk(2025, 12, 8, 8, 0)),  # Sunday noon
        (DEFAULT, msk(2025, 12, 7, 19, 59), msk(2025, 12, 8, 8, 0)),
        (DEFAULT, msk(2025, 12, 1, 7, 59), msk(2025, 12, 1, 8, 0)),
        (DEFAULT, msk(2025, 12, 1, 7, 59, 30), msk(2025, 12, 1, 8, 0)),
        (DEFAULT, msk(2025, 12, 1, 0, 0), msk(2025, 12, 1, 8, 0)),
        (DEFAULT, msk(2025, 12, 2, 21, 37, 12), msk(2025, 12, 3, 8, 0)),  # Tue -> Wed
        (DEFAULT, msk(2025, 12, 5, 20, 0), msk(2025, 12, 6, 8, 0)),  # Fri -> Sat
        # already allowed: unchanged, to the second
        (DEFAULT, msk(2025, 12, 1, 8, 0), msk(2025, 12, 1, 8, 0)),
        (DEFAULT, msk(2025, 12, 1, 10, 17, 23), msk(2025, 12, 1, 10, 17, 23)),
        (DEFAULT, msk(2025, 12, 6, 19, 59, 59), msk(2025, 12, 6, 19, 59, 59)),
        (NIGHT, msk(2025, 12, 1, 23, 0), msk(2025, 12, 2, 6, 0)),
        (NIGHT, msk(2025, 12, 6, 22, 0), msk(2025, 12, 8, 6, 0)),
        (MIDDAY, msk(2025, 12, 1, 13, 10), msk(2025, 12, 1, 15, 0)),
        (MIDDAY, msk(2025, 12, 1, 12, 59), msk(2025, 12, 1, 12, 59)),
        (NEVER_QUIET, msk(2025, 12, 7, 12, 0), msk(2025, 12, 8, 0, 0)),
    ],
)
def test_next_allowed(policy, moment, expected):
    result = next_allowed(moment, policy)
    assert result == expected
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)  # same wall clock
    assert result.tzinfo == moment.tzinfo
    assert may_message(result, policy)


@pytest.mark.parametrize(
    ("tz", "now", "expected_utc"),
    [
        # Saturday 21:00 local -> Monday 08:00 local, in each zone
        ("Europe/Kaliningrad", utc(2025, 12, 6, 19, 0), utc(2025, 12, 8, 6, 0)),
        ("Europe/Moscow", utc(2025, 12, 6, 18, 0), utc(2025, 12, 8, 5, 0)),
        ("Asia/Yekaterinburg", utc(2025, 12, 6, 16, 0), utc(2025, 12, 8, 3, 0)),
        ("Asia/Vladivostok", utc(2025, 12, 6, 11, 0), utc(2025, 12, 7, 22, 0)),
        ("Asia/Kamchatka", utc(2025, 12, 6, 9, 0), utc(2025, 12, 7, 20, 0)),
    ],
)
def test_next_allowed_in_each_zone(tz, now, expected_utc):
    result = next_allowed(to_local(now, tz), DEFAULT)
    assert result == expected_utc
    assert (result.isoweekday(), result.time()) == (1, time(8, 0))


def test_next_allowed_is_the_first_allowed_moment_over_a_week():
    start = msk(2025, 12, 1, 0, 0)
    for step in range(0, 7 * 24 * 60, 7):  # every 7 minutes, Monday to Sunday
        moment = start + timedelta(minutes=step)
        result = next_allowed(moment, DEFAULT)
        assert result >= moment
        assert may_message(result, DEFAULT)
        if result != moment:
            assert not may_message(moment, DEFAULT)
            assert not may_message(result - timedelta(minutes=1), DEFAULT)
            assert result.time() == time(8, 0)


OFF_GRID = [
    # quiet hours ending at 08:10: the first allowed moment is 08:10, not 08:15
    (Policy(quiet_end=time(8, 10)), msk(2025, 12, 1, 7, 59), msk(2025, 12, 1, 8, 10)),
    (Policy(quiet_end=time(7, 50)), msk(2025, 12, 1, 7, 0), msk(2025, 12, 1, 7, 50)),
    # quiet 08:05 -> 08:01 (spans midnight): allowed only 08:01-08:05, between grid points
    (
        Policy(
            quiet_start=time(8, 5),
            quiet_end=time(8, 1),
            remind_at=time(8, 2),
            digest_at=time(8, 3),
            report_at=time(8, 4),
        ),
        msk(2025, 12, 1, 7, 0),
        msk(2025, 12, 1, 8, 1),
    ),
]


@pytest.mark.parametrize(("policy", "moment", "expected"), OFF_GRID)
def test_off_quarter_hour_policies_are_accepted(policy, moment, expected):
    assert policy.problems() == []
    assert not may_message(moment, policy)
    assert may_message(expected, policy)
    assert not may_message(expected - timedelta(minutes=1), policy)


@pytest.mark.parametrize(("policy", "moment", "expected"), OFF_GRID)
def test_next_allowed_with_quiet_end_off_the_quarter_hour(policy, moment, expected):
    assert next_allowed(moment, policy) == expected


# --- per-school time zones ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "tz", "local_day", "hour", "allowed", "reminders"),
    [
        # Monday 1 Dec 06:00 UTC
        (utc(2025, 12, 1, 6), "Europe/Kaliningrad", date(2025, 12, 1), 8, True, False),
        (utc(2025, 12, 1, 6), "Europe/Moscow", date(2025, 12, 1), 9, True, False),
        (utc(2025, 12, 1, 6), "Asia/Yekaterinburg", date(2025, 12, 1), 11, True, True),
        (utc(2025, 12, 1, 6), "Asia/Vladivostok", date(2025, 12, 1), 16, True, True),
        (utc(2025, 12, 1, 6), "Asia/Kamchatka", date(2025, 12, 1), 18, True, True),
        # Sunday 30 Nov 22:00 UTC: already Monday everywhere, but quiet in the west
        (utc(2025, 11, 30, 22), "Europe/Kaliningrad", date(2025, 12, 1), 0, False, False),
        (utc(2025, 11, 30, 22), "Europe/Moscow", date(2025, 12, 1), 1, False, False),
        (utc(2025, 11, 30, 22), "Asia/Yekaterinburg", date(2025, 12, 1), 3, False, False),
        (utc(2025, 11, 30, 22), "Asia/Vladivostok", date(2025, 12, 1), 8, True, False),
        (utc(2025, 11, 30, 22), "Asia/Kamchatka", date(2025, 12, 1), 10, True, True),
        # Sunday 30 Nov 20:30 UTC: still Sunday in the west, Monday morning in the east
        (utc(2025, 11, 30, 20, 30), "Europe/Kaliningrad", date(2025, 11, 30), 22, False, False),
        (utc(2025, 11, 30, 20, 30), "Europe/Moscow", date(2025, 11, 30), 23, False, False),
        (utc(2025, 11, 30, 20, 30), "Asia/Yekaterinburg", date(2025, 12, 1), 1, False, False),
        (utc(2025, 11, 30, 20, 30), "Asia/Vladivostok", date(2025, 12, 1), 6, False, False),
        (utc(2025, 11, 30, 20, 30), "Asia/Kamchatka", date(2025, 12, 1), 8, True, False),
        # Saturday 29 Nov 13:00 UTC: afternoon in the west, night / Sunday in the east
        (utc(2025, 11, 29, 13), "Europe/Kaliningrad", date(2025, 11, 29), 15, True, True),
        (utc(2025, 11, 29, 13), "Europe/Moscow", date(2025, 11, 29), 16, True, True),
        (utc(2025, 11, 29, 13), "Asia/Yekaterinburg", date(2025, 11, 29), 18, True, True),
        (utc(2025, 11, 29, 13), "Asia/Vladivostok", date(2025, 11, 29), 23, False, False),
        (utc(2025, 11, 29, 13), "Asia/Kamchatka", date(2025, 11, 30), 1, False, False),
        # Monday 1 Dec 07:00 UTC: reminders open in the west at 10:00 Moscow
        (utc(2025, 12, 1, 7), "Europe/Kaliningrad", date(2025, 12, 1), 9, True, False),
        (utc(2025, 12, 1, 7), "Europe/Moscow", date(2025, 12, 1), 10, True, True),
        (utc(2025, 12, 1, 7), "Asia/Kamchatka", date(2025, 12, 1), 19, True, True),
        (utc(2025, 12, 1, 8), "Asia/Kamchatka", date(2025, 12, 1), 20, False, False),
    ],
)
def test_same_instant_differs_by_school_zone(now, tz, local_day, hour, allowed, reminders):
    moment = to_local(now, tz)
    assert moment.date() == local_day == local_today(now, tz)
    assert moment.hour == hour
    assert may_message(moment, DEFAULT) is allowed
    assert reminders_open(moment, DEFAULT) is reminders


def _reminders_at(now: datetime, tz: str, states: list[ItemState], sent=()) -> list[str]:
    """What the daily job would send at `now` for a school in `tz`."""
    moment = to_local(now, tz)
    if not reminders_open(moment, DEFAULT):
        return []
    return [d.kind for d in due_reminders(states, moment.date(), sent)]


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Europe/Kaliningrad", []),  # 08:00, before remind_at
        ("Europe/Moscow", []),  # 09:00
        ("Asia/Yekaterinburg", [OVERDUE]),
        ("Asia/Vladivostok", [OVERDUE]),
        ("Asia/Kamchatka", [OVERDUE]),
    ],
)
def test_reminders_go_out_in_some_zones_and_not_others(tz, expected):
    states = [state("a1", date(2025, 11, 30)), state("b2", date(2025, 11, 30), Status.DONE)]
    assert _reminders_at(utc(2025, 12, 1, 6), tz, states, {("a1", T1)}) == expected


@pytest.mark.parametrize(
    ("now", "tz", "milestone", "overdue"),
    [
        # deadline 30 Nov: 23:30 local on 30 Nov is still not overdue
        (utc(2025, 11, 30, 20, 30), "Europe/Moscow", T1, False),
        (utc(2025, 11, 30, 20, 59, 59), "Europe/Moscow", T1, False),
        # 1 Dec 00:00 local is overdue
        (utc(2025, 11, 30, 21, 0), "Europe/Moscow", OVERDUE, True),
        # the same instant is 30 Nov 23:00 in Kaliningrad
        (utc(2025, 11, 30, 21, 0), "Europe/Kaliningrad", T1, False),
        (utc(2025, 11, 30, 22, 0), "Europe/Kaliningrad", OVERDUE, True),
        (utc(2025, 11, 30, 18, 59), "Asia/Yekaterinburg", T1, False),
        (utc(2025, 11, 30, 19, 0), "Asia/Yekaterinburg", OVERDUE, True),
        (utc(2025, 11, 30, 13, 59), "Asia/Vladivostok", T1, False),
        (utc(2025, 11, 30, 14, 0), "Asia/Vladivostok", OVERDUE, True),
        (utc(2025, 11, 30, 11, 59), "Asia/Kamchatka", T1, False),
        (utc(2025, 11, 30, 12, 0), "Asia/Kamchatka", OVERDUE, True),
    ],
)
def test_deadline_day_boundary_is_the_local_date(now, tz, milestone, overdue):
    deadline = date(2025, 11, 30)
    st = state("a1", deadline)
    today = to_local(now, tz).date()
    assert today == local_today(now, tz)
    assert current_milestone(deadline, today) == milestone
    assert st.overdue(today) is overdue
    expected = [] if milestone == T1 else [OVERDUE]
    assert [d.kind for d in due_reminders([st], today, {("a1", T1)})] == expected


# --- escalations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "threshold", "escalated", "expected"),
    [
        (date(2025, 11, 29), 3, set(), []),
        (date(2025, 11, 30), 3, set(), []),  # deadline day
        (date(2025, 12, 1), 3, set(), []),  # overdue by 1 day
        (date(2025, 12, 2), 3, set(), []),  # by 2
        (date(2025, 12, 3), 3, set(), ["a1"]),  # by 3
        (date(2025, 12, 20), 3, set(), ["a1"]),
        (date(2025, 12, 3), 3, {"a1"}, []),  # reported once
        (date(2025, 12, 20), 3, {"a1"}, []),
        (date(2025, 12, 3), 3, {"b2"}, ["a1"]),
        (date(2025, 11, 30), 1, set(), []),
        (date(2025, 12, 1), 1, set(), ["a1"]),
        (date(2025, 12, 4), 5, set(), []),
        (date(2025, 12, 5), 5, set(), ["a1"]),
    ],
)
def test_due_escalations_threshold_and_reported_set(today, threshold, escalated, expected):
    states = [state("a1", date(2025, 11, 30))]
    out = due_escalations(states, today, threshold, escalated)
    assert [s.item.code for s in out] == expected
    assert all(s is states[0] for s in out)


def test_due_escalations_skips_closed_and_undated_items():
    states = [
        state("a1", date(2025, 11, 1)),
        state("b2", date(2025, 11, 1), Status.DONE),
        state("c3", date(2025, 11, 1), Status.HELP),
        state("d4", date(2025, 11, 1), Status.NA),
        state("e5", None),
        state("f6", date(2025, 11, 29)),  # overdue by 2 only
        state("g7", date(2025, 11, 28)),  # overdue by 3
        state("h8", date(2025, 11, 2)),  # already reported
    ]
    out = due_escalations(states, date(2025, 12, 1), 3, iter(["h8"]))
    assert [s.item.code for s in out] == ["a1", "c3", "g7"]


# --- weekly digest ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "moment", "expected"),
    [
        (DEFAULT, msk(2025, 12, 1, 8, 59), False),  # Monday, before 09:00
        (DEFAULT, msk(2025, 12, 1, 9, 0), True),
        (DEFAULT, msk(2025, 12, 1, 15, 0), True),
        (DEFAULT, msk(2025, 12, 1, 19, 59), True),
        (DEFAULT, msk(2025, 12, 1, 20, 0), False),  # quiet hours
        (DEFAULT, msk(2025, 12, 1, 23, 0), False),
        (DEFAULT, msk(2025, 12, 2, 9, 0), False),  # Tuesday
        (DEFAULT, msk(2025, 12, 6, 9, 0), False),  # Saturday
        (DEFAULT, msk(2025, 12, 7, 9, 0), False),  # Sunday
        (DEFAULT, msk(2025, 12, 8, 9, 0), True),  # next Monday
        (Policy(digest_weekday=5, digest_at=time(18, 0)), msk(2025, 12, 5, 17, 59), False),
        (Policy(digest_weekday=5, digest_at=time(18, 0)), msk(2025, 12, 5, 18, 0), True),
        (Policy(digest_weekday=5, digest_at=time(18, 0)), msk(2025, 12, 1, 18, 0), False),
        (Policy(digest_weekday=6, digest_at=time(8, 0)), msk(2025, 12, 6, 8, 0), True),
        (Policy(digest_weekday=6, digest_at=time(8, 0)), msk(2025, 12, 6, 7, 59), False),
        # a digest time inside quiet hours waits for them to end
        (Policy(digest_at=time(7, 0)), msk(2025, 12, 1, 7, 30), False),
        (Policy(digest_at=time(7, 0)), msk(2025, 12, 1, 8, 0), True),
        # a Sunday digest is never open
        (Policy(digest_weekday=7), msk(2025, 12, 7, 12, 0), False),
        (
            Policy(quiet_start=time(22, 0), quiet_end=time(6, 0), digest_at=time(21, 0)),
            msk(2025, 12, 1, 21, 30),
            True,
        ),
        (
            Policy(quiet_start=time(22, 0), quiet_end=time(6, 0), digest_at=time(21, 0)),
            msk(2025, 12, 1, 22, 0),
            False,
        ),
    ],
)
def test_digest_open(policy, moment, expected):
    assert digest_open(moment, policy) is expected


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        (utc(2025, 12, 1, 6), "Europe/Kaliningrad", False),  # Mon 08:00
        (utc(2025, 12, 1, 6), "Europe/Moscow", True),  # Mon 09:00
        (utc(2025, 12, 1, 6), "Asia/Yekaterinburg", True),
        (utc(2025, 12, 1, 6), "Asia/Kamchatka", True),  # Mon 18:00
        (utc(2025, 11, 30, 23), "Asia/Vladivostok", True),  # Mon 09:00 there
        (utc(2025, 11, 30, 23), "Europe/Moscow", False),  # Mon 02:00
        (utc(2025, 11, 30, 23), "Asia/Kamchatka", True),  # Mon 11:00
        (utc(2025, 12, 1, 8), "Asia/Kamchatka", False),  # Mon 20:00, quiet
        (utc(2025, 12, 1, 15), "Asia/Vladivostok", False),  # Tue 01:00
    ],
)
def test_digest_open_by_school_zone(now, tz, expected):
    assert digest_open(to_local(now, tz), DEFAULT) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 1), "2025-W49"),
        (date(2025, 12, 28), "2025-W52"),  # Sunday
        (date(2025, 12, 29), "2026-W01"),  # Monday of ISO week 1 of 2026
        (date(2025, 12, 31), "2026-W01"),
        (date(2026, 1, 1), "2026-W01"),
        (date(2026, 1, 4), "2026-W01"),
        (date(2026, 1, 5), "2026-W02"),
        (date(2024, 12, 30), "2025-W01"),
        (date(2021, 1, 3), "2020-W53"),
        (date(2027, 1, 1), "2026-W53"),
        (date(2026, 12, 31), "2026-W53"),
        (date(2025, 3, 3), "2025-W10"),
    ],
)
def test_week_key_uses_iso_weeks(day, expected):
    assert week_key(day) == expected


def test_week_key_follows_the_local_date():
    now = utc(2025, 12, 28, 21, 30)  # Sunday 28 Dec in Kaliningrad, Monday 29 Dec in Moscow
    assert week_key(to_local(now, "Europe/Kaliningrad").date()) == "2025-W52"
    assert week_key(to_local(now, "Europe/Moscow").date()) == "2026-W01"


# --- policy validation --------------------------------------------------------------------

REMIND_QUIET = "the reminder time falls in quiet hours"
DIGEST_QUIET = "the digest time falls in quiet hours"
DIGEST_DAY = "the digest weekday must be 1..6 (Monday..Saturday)"
ESCALATION = "escalation days must be at least 1"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (Policy(), []),
        (Policy(remind_at=time(8, 0)), []),
        (Policy(remind_at=time(19, 59)), []),
        (Policy(remind_at=time(7, 59)), [REMIND_QUIET]),
        (Policy(remind_at=time(20, 0)), [REMIND_QUIET]),
        (Policy(remind_at=time(21, 0)), [REMIND_QUIET]),
        (Policy(remind_at=time(0, 0)), [REMIND_QUIET]),
        (
            Policy(remind_at=time(14, 0), quiet_start=time(13, 0), quiet_end=time(15, 0)),
            [REMIND_QUIET],
        ),
        (Policy(remind_at=time(3, 0), quiet_start=time(20, 0), quiet_end=time(20, 0)), []),
        (Policy(digest_at=time(7, 0)), [DIGEST_QUIET]),
        (Policy(digest_at=time(22, 0)), [DIGEST_QUIET]),
        (Policy(digest_weekday=7), [DIGEST_DAY]),
        (Policy(digest_weekday=0), [DIGEST_DAY]),
        (Policy(digest_weekday=8), [DIGEST_DAY]),
        (Policy(digest_weekday=6), []),
        (Policy(escalation_days=0), [ESCALATION]),
        (Policy(escalation_days=-1), [ESCALATION]),
        (Policy(escalation_days=1), []),
        (
            Policy(
                remind_at=time(21, 0),
                digest_at=time(6, 0),
                digest_weekday=7,
                escalation_days=0,
            ),
            [REMIND_QUIET, DIGEST_QUIET, DIGEST_DAY, ESCALATION],
        ),
    ],
)
def test_policy_problems(policy, expected):
    assert policy.problems() == expected


def test_policy_defaults():
    p = Policy()
    assert (p.remind_at, p.quiet_start, p.quiet_end) == (time(10), time(20), time(8))
    assert (p.digest_weekday, p.digest_at, p.escalation_days) == (1, time(9), 3)


# --- pause --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paused_until", "today", "expected"),
    [
        (None, date(2025, 12, 5), False),
        (date(2025, 12, 5), date(2025, 11, 1), True),
        (date(2025, 12, 5), date(2025, 12, 4), True),
        (date(2025, 12, 5), date(2025, 12, 5), True),  # inclusive end date
        (date(2025, 12, 5), date(2025, 12, 6), False),
        (date(2025, 12, 5), date(2026, 1, 1), False),
    ],
)
def test_is_paused_inclusive_end(paused_until, today, expected):
    assert is_paused(paused_until, today) is expected


def test_pause_ends_by_the_local_date():
    # paused until 30 Nov: at 21:30 UTC that day Moscow is already on 1 Dec, Kaliningrad is not
    now = utc(2025, 11, 30, 21, 30)
    assert is_paused(date(2025, 11, 30), local_today(now, "Europe/Kaliningrad")) is True
    assert is_paused(date(2025, 11, 30), local_today(now, "Europe/Moscow")) is False


def test_due_today_agrees_with_due_reminders_and_due_escalations():
    """The daily tick's one-pass rule gives exactly what the two reference rules give, over
    random items (personal and school-level, with and without deadlines), answers, sent
    reminders, escalations, days and pauses."""
    import random

    from bot.rules.schedule import due_today

    rnd = random.Random(7)
    items = tuple(
        Item(
            code=f"i{n}", ref=f"п. {n}", title=f"Пункт {n}", howto="Сделайте.",
            roles=frozenset({"admin"}), kinds=frozenset({"school"}),
            scope="school" if n % 5 == 0 else "personal",
            deadline=None if n % 7 == 0 else DEADLINE + timedelta(days=rnd.randint(-20, 20)),
        )
        for n in range(1, 25)
    )  # fmt: skip
    kinds = (T7, T3, T1, OVERDUE)
    for case in range(400):
        today = DEADLINE + timedelta(days=rnd.randint(-30, 30))

        def pick() -> dict[str, Status]:
            return {i.code: rnd.choice(tuple(Status)) for i in rnd.sample(items, 8)}

        answers, school_answers = pick(), pick() if case % 2 else {}
        sent = {(i.code, rnd.choice(kinds)) for i in rnd.sample(items, rnd.randint(0, 12))}
        escalated = {i.code for i in rnd.sample(items, rnd.randint(0, 6))}
        days_ = rnd.randint(1, 5)
        remind, escalate = rnd.random() < 0.8, rnd.random() < 0.8
        states = [
            ItemState(i, (school_answers if i.scope == "school" else answers).get(i.code))
            for i in items
        ]
        expected = (
            due_reminders(states, today, sent) if remind else [],
            due_escalations(states, today, days_, escalated) if escalate else [],
        )
        by_kind = {k: {code for code, kind in sent if kind == k} for k in kinds}
        got = due_today(states, today, by_kind, escalated, days_, remind=remind, escalate=escalate)
        assert got == expected, case


def test_report_day_is_the_first_working_day_unless_set():
    from bot.rules.schedule import report_day

    assert report_day(2026, 2, 0) == date(2026, 2, 2)  # 1 February 2026 is a Sunday
    assert report_day(2026, 8, 0) == date(2026, 8, 3)  # a Saturday, then Sunday
    assert report_day(2026, 9, 0) == date(2026, 9, 1)  # a Tuesday
    assert report_day(2026, 2, 5) == date(2026, 2, 5)  # a set day of the month
    assert report_day(2026, 2, 31) == date(2026, 2, 28)  # never past the month's end


def test_report_opens_at_its_time_outside_quiet_hours_for_two_days():
    from zoneinfo import ZoneInfo

    from bot.rules.schedule import Policy, report_open, reported_month

    tz = ZoneInfo("Europe/Moscow")
    policy = Policy()
    assert not report_open(datetime(2026, 2, 2, 8, 59, tzinfo=tz), policy)
    assert report_open(datetime(2026, 2, 2, 9, 0, tzinfo=tz), policy)
    assert not report_open(datetime(2026, 2, 2, 21, 0, tzinfo=tz), policy)  # quiet hours
    assert report_open(datetime(2026, 2, 4, 12, 0, tzinfo=tz), policy)
    assert not report_open(datetime(2026, 2, 5, 12, 0, tzinfo=tz), policy)
    assert not report_open(datetime(2026, 1, 31, 12, 0, tzinfo=tz), policy)
    assert reported_month(date(2026, 1, 12)) == date(2025, 12, 1)
    assert Policy(report_at=time(21, 0)).problems()
