"""Russian texts: digest (part of the one catalogue, `bot.ui.texts`): the weekly digests of a
school and of an authority."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.rules.standing import Standing
from bot.rules.verify import Tally
from bot.ui.texts import fmt_date, n_people, plural
from bot.ui.texts.progress import RANKING_RULE, in_bot, of_staff
from bot.ui.texts.verify import checked_line


def change(now: float, before: float | None) -> str:
    if before is None:
        return "первая сводка"
    delta = now - before
    return f"{'+' if delta >= 0 else '−'}{abs(delta):.0f} п.п. за неделю"


BEHIND = 3  # items (or schools) named in a digest's summary as furthest behind


def school_digest(
    *,
    school: str,
    today: date,
    percent: float,
    previous: float | None,
    people: int,
    declared_staff: int | None,
    finished: int,
    share: float | None = None,
    behind: list[tuple[str, int, int]],
    overdue: int,
    help_requests: int,
    paused: int,
    checked: Tally | None = None,
) -> str:
    """The summary that fits a phone's screen: completion and its change, the items furthest
    behind (title, done, counted), and how many help requests are open, how many people are
    overdue and paused; the details are behind the buttons (`keyboards.progress`)."""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(school)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{of_staff(share)}</b> · {in_bot(people, declared_staff, percent)} "
        f"({change(percent, previous)})",
        f"Прошли чек-лист: {finished}",
    ]
    if checked is not None and checked.counted:
        lines.append(checked_line(checked))
    if behind:
        lines += ["", "<b>Больше всего отстают</b>:"]
        for n, (title, done, counted) in enumerate(behind, 1):
            share = 100 * done / counted if counted else 0
            lines.append(f"{n}. {escape(title)} — {share:.0f} % ({done} из {counted})")
    lines.append("")
    lines.append(
        f"🆘 Открытые просьбы о помощи: {help_requests}" if help_requests
        else "🆘 Открытых просьб о помощи нет"
    )  # fmt: skip
    lines.append(f"⏰ Просрочено: {n_people(overdue)}" if overdue else "⏰ Просрочек нет 👍")
    if paused:
        lines.append(f"⏸ На паузе: {n_people(paused)}")
    return "\n".join(lines)


def authority_digest(
    authority: str,
    today: date,
    percent: float,
    share: float | None,
    schools: int,
    people: int,
    behind: list[tuple[str, Standing]],
    overdue_people: int,
    overdue_schools: int,
) -> str:
    """The authority's summary: its whole figure (of the declared staff, and of the people who
    joined), the schools furthest behind (`bot.rules.standing`), how many people are overdue
    and in how many schools; the details (the rating, the overdue list) are behind the
    buttons."""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(authority)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{of_staff(share)}</b> · в боте {people}, у них {percent:.0f} %",
        f"{schools} {plural(schools, 'школа', 'школы', 'школ')}",
    ]
    if not schools:
        lines.append("Школ пока нет.")
    if behind:
        lines += ["", "<b>Больше всего отстают</b>:"]
        for n, (name, st) in enumerate(behind, 1):
            lines.append(
                f"{n}. {escape(name)} — {of_staff(st.share)} · "
                f"{in_bot(st.joined, st.declared, st.joined_percent)}"
            )
        lines.append(RANKING_RULE)
    lines.append("")
    if overdue_people:
        where = plural(overdue_schools, "школе", "школах", "школах")
        lines.append(f"⏰ Просрочено: {n_people(overdue_people)} в {overdue_schools} {where}")
    else:
        lines.append("⏰ Просрочек нет 👍")
    return "\n".join(lines)


DIGEST_REFUSED = "Сводка доступна ответственному администратору школы и управлению образования."
CHART_LEGEND = ("≥ 75 %", "30–74 %", "< 30 %")  # green, yellow, red
CHART_TARGET = "цель 75 %"
CHART_ZERO = "0 %"


def chart_title(name: str, today: date) -> str:
    return f"{name} — {fmt_date(today)}"


CHART_SUBTITLE = "Отстающие пункты, % выполнения"
CHART_SCHOOLS = "Отстающие школы, % выполнения"
