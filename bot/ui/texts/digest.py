"""Russian texts: digest (part of the one catalogue, `bot.ui.texts`): the weekly digests of a
school and of an authority."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.rules.verify import Tally
from bot.ui.texts import fmt_date, n_people, plural
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
    behind: list[tuple[str, int, int]],
    overdue: int,
    help_requests: int,
    paused: int,
    checked: Tally | None = None,
) -> str:
    """The summary that fits a phone's screen: completion and its change, the items furthest
    behind (title, done, counted), and how many help requests are open, how many people are
    overdue and paused; the details are behind the buttons (`keyboards.progress`)."""
    declared = f" из {declared_staff} по штату" if declared_staff else ""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(school)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{percent:.0f} %</b> ({change(percent, previous)})",
        f"Зарегистрировано: {people}{declared} · прошли чек-лист: {finished}",
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
    schools: int,
    people: int,
    behind: list[tuple[str, float, int]],
    overdue_people: int,
    overdue_schools: int,
) -> str:
    """The authority's summary: its whole figure, the schools furthest behind (school, percent,
    people), how many people are overdue and in how many schools; the details (the rating,
    the overdue list) are behind the buttons."""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(authority)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{percent:.0f} %</b> · "
        f"{schools} {plural(schools, 'школа', 'школы', 'школ')} · зарегистрировано: {people}",
    ]
    if not schools:
        lines.append("Школ пока нет.")
    if behind:
        lines += ["", "<b>Больше всего отстают</b>:"]
        for n, (name, share, registered) in enumerate(behind, 1):
            lines.append(f"{n}. {escape(name)} — {share:.0f} % (зарегистрировано {registered})")
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
