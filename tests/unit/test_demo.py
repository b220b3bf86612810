"""The demo, the pure parts: the web chat's HTML, the replayed moments, the clock offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from bot import clock
from bot.demo.render import sanitise
from bot.demo.server import demo_start, tick_moments
from bot.rules.schedule import Policy, may_message
from tests.support.demo import DEMO_START

MSK = ZoneInfo("Europe/Moscow")


def test_bot_html_is_reduced_to_bold_italic_and_https_links():
    raw = (
        "<b>Жирный</b> & <i>курсив</i>\n<script>alert(1)</script><u>u</u>"
        '<a href="javascript:alert(1)">js</a> <a href="https://max.ru/x?a=1&b=2" onclick="x">ok</a>'
        '<b onmouseover="x">open'
    )
    assert sanitise(raw) == (
        "<b>Жирный</b> &amp; <i>курсив</i><br>alert(1)u"
        'js <a href="https://max.ru/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">ok</a>'
        "<b>open</b>"
    )
    assert sanitise("a &lt;b&gt; c") == "a &lt;b&gt; c"
    assert sanitise(None) == ""


def test_bare_https_addresses_become_links_and_nothing_else_does():
    link = '<a href="{0}" target="_blank" rel="noopener noreferrer">{0}</a>'.format
    assert sanitise("Бот (https://max.ru/sferum_help), почта info@sferum.ru.") == (
        f"Бот ({link('https://max.ru/sferum_help')}), почта info@sferum.ru."
    )
    assert sanitise("См. https://sferum.ru/help.\nДальше") == (
        f"См. {link('https://sferum.ru/help')}.<br>Дальше"
    )
    # Not http://, not javascript:, not inside a link already, not an address in an attribute.
    assert sanitise("http://x.ru javascript:alert(1)") == "http://x.ru javascript:alert(1)"
    assert sanitise('<a href="https://a.ru">https://a.ru</a>').count("<a ") == 1
    assert sanitise('https://a.ru/"onmouseover=x') == f'{link("https://a.ru/")}"onmouseover=x'


def test_tick_moments_replay_each_local_day():
    start = DEMO_START
    moments = tick_moments(start, start + timedelta(days=7), ["Europe/Moscow"], Policy())
    local = [m.astimezone(MSK) for m in moments]
    # 08:01, 09:01 and 10:01 of every day after the start (Sunday noon) up to the next Sunday
    # noon: Monday..Saturday and the last Sunday's morning.
    assert len(local) == 7 * 3
    assert (local[0].day, local[0].hour, local[0].minute) == (12, 8, 1)
    assert all(start < m < start + timedelta(days=7) for m in moments)
    both = tick_moments(
        start, start + timedelta(days=1), ["Europe/Moscow", "Asia/Yekaterinburg"], Policy()
    )
    # Moscow 08:01, 09:01, 10:01 and Yekaterinburg 08:01, 09:01, 10:01 on Monday; 10:01 in
    # Yekaterinburg is 08:01 in Moscow: one tick serves both.
    assert len(both) == 5 and both == sorted(both)


def test_clock_offset_moves_utcnow_and_keeps_time_machine_working():
    with time_machine.travel(DEMO_START, tick=False):
        assert clock.utcnow() == DEMO_START
        clock.set_offset(timedelta(days=7))
        try:
            assert clock.utcnow() == DEMO_START + timedelta(days=7)
            assert clock.offset() == timedelta(days=7)
        finally:
            clock.set_offset(timedelta(0))
        assert clock.utcnow() == DEMO_START


def test_the_demo_clock_starts_in_a_school_day_in_moscow():
    def utc(y, mo, d, h, mi=0):
        return datetime(y, mo, d, h, mi, tzinfo=MSK).astimezone(UTC)

    # Friday 4 December 2026: in school hours the wall clock is kept.
    assert demo_start(utc(2026, 12, 4, 12, 30)) == utc(2026, 12, 4, 12, 30)
    # Before 9:00 on a school day: that morning; in the evening: the next school day's morning.
    assert demo_start(utc(2026, 12, 3, 6, 15)) == utc(2026, 12, 3, 9)
    assert demo_start(utc(2026, 12, 3, 22, 17)) == utc(2026, 12, 4, 9)
    # Friday evening, Saturday and Sunday: Monday morning.
    for moment in (utc(2026, 12, 4, 22, 17), utc(2026, 12, 5, 12), utc(2026, 12, 6, 23, 59)):
        assert demo_start(moment) == utc(2026, 12, 7, 9)
    # Whatever the wall clock, the demo may message at once (no quiet hours, no Sunday).
    policy = Policy()
    for hour in range(0, 24, 1):
        start = demo_start(utc(2026, 12, 6, hour)).astimezone(MSK)
        assert may_message(start, policy) and start.isoweekday() <= 5
