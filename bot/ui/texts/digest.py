"""Russian texts: digest (part of the one catalogue, `bot.ui.texts`): the weekly digests of a
school and of an authority."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.rules.verify import Tally
from bot.ui.texts import fmt_date, n_people
from bot.ui.texts.verify import checked_line, marks_of_item


def change(now: float, before: float | None) -> str:
    if before is None:
        return "первая сводка"
    delta = now - before
    return f"{'+' if delta >= 0 else '−'}{abs(delta):.0f} п.п. за неделю"


def school_digest(
    *,
    school: str,
    today: date,
    percent: float,
    previous: float | None,
    people: int,
    declared_staff: int | None,
    finished: int,
    items: list[tuple[str, bool, int, int, Tally | None]],
    overdue: list[tuple[str, list[str]]],
    help_requests: list[tuple[str, str, str | None]],
    paused: list[tuple[str, date]],
    class_chats: list[str] | None = None,
    checked: Tally | None = None,
) -> str:
    """items: (title, school_level, done, counted, marks of an item that can be confirmed);
    help: (name, title, comment); class_chats: the «Чаты классов» section
    (`texts.chats.class_table`); checked: the marks of all items that can be confirmed."""
    declared = f" из {declared_staff} по штату" if declared_staff else ""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(school)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{percent:.0f} %</b> ({change(percent, previous)})",
        f"Зарегистрировано: {people}{declared} · прошли чек-лист: {finished}",
    ]
    if checked is not None and checked.counted:
        lines.append(checked_line(checked))
    lines += ["", "<b>Пункты</b> (сделали / к кому относится):"]
    for title, school_level, done, counted, marks in items:
        figure = ("✅" if done else "⬜") if school_level else f"{done}/{counted}"
        figure += marks_of_item(marks)
        lines.append(f"• {escape(title)}: {figure}")
    lines.append("")
    lines.append(f"<b>Просрочено</b>: {n_people(len(overdue))}" if overdue else "Просрочек нет 👍")
    lines += [f"• {escape(name)}: {escape('; '.join(titles))}" for name, titles in overdue[:20]]
    if len(overdue) > 20:
        lines.append(f"…и ещё {len(overdue) - 20}")
    if help_requests:
        lines += ["", f"<b>Открытые просьбы о помощи</b>: {len(help_requests)}"]
        for name, title, comment in help_requests[:20]:
            note = f" — «{escape(comment)}»" if comment else ""
            lines.append(f"• {escape(name)}: {escape(title)}{note}")
    if paused:
        lines += ["", "<b>На паузе</b>:"]
        lines += [f"• {escape(name)} — до {fmt_date(until)}" for name, until in paused]
    if class_chats:
        lines += ["", *class_chats]
    return "\n".join(lines)


def authority_digest(
    authority: str,
    today: date,
    ranking: list[tuple[str, float, int]],
    most_overdue: list[tuple[str, int]],
) -> str:
    """ranking: (school, percent, people) best first; most_overdue: (school, overdue people)."""
    lines = [f"📊 <b>Еженедельная сводка: {escape(authority)}</b> — {fmt_date(today)}", ""]
    lines.append("<b>Рейтинг школ по выполнению</b>:")
    for n, (name, percent, people) in enumerate(ranking, 1):
        lines.append(f"{n}. {escape(name)} — {percent:.0f} % (зарегистрировано {people})")
    if not ranking:
        lines.append("Школ пока нет.")
    if most_overdue:
        lines += ["", "<b>Больше всего просрочек</b>:"]
        lines += [f"• {escape(name)} — {n_people(count)}" for name, count in most_overdue]
    return "\n".join(lines)


DIGEST_REFUSED = "Сводка доступна ответственному администратору школы и управлению образования."
CHART_TITLE = "Выполнение по пунктам, %"
