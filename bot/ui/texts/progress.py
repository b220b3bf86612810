"""Russian texts: progress (part of the one catalogue, `bot.ui.texts`): `/progress` for a
school."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.rules.verify import Tally
from bot.ui.texts import fmt_date
from bot.ui.texts.verify import checked_line, marks_of_item


def school_progress(
    school: str,
    people: int,
    finished: int,
    percent: float,
    items: list[tuple[str, bool, int, int, int, Tally | None]],
    overdue: list[tuple[str, list[str]]],
    paused: list[tuple[str, date]],
    today: date,
    checked: Tally | None = None,
) -> str:
    """items: (title, school_level, done, counted, help, marks of an item that can be
    confirmed); checked: the marks of all such items."""
    lines = [
        f"<b>{escape(school)}</b> — прогресс на {fmt_date(today)}",
        f"Зарегистрировано: {people} · прошли чек-лист: {finished} · выполнено: {percent:.0f} %",
    ]
    if checked is not None and checked.counted:
        lines.append(checked_line(checked))
    lines += ["", "<b>Пункты</b> (сделали / к кому относится):"]
    for title, school_level, done, counted, help_, marks in items:
        figure = (
            ("✅ сделано" if done else "⬜ не сделано") if school_level else f"{done}/{counted}"
        )
        figure += marks_of_item(marks)
        help_note = f" · 🆘 {help_}" if help_ else ""
        lines.append(f"• {escape(title)}: {figure}{help_note}")
    lines.append("")
    if overdue:
        lines.append("<b>Просрочено</b>:")
        for name, titles in overdue[:30]:
            lines.append(f"• {escape(name)}: {escape('; '.join(titles))}")
        if len(overdue) > 30:
            lines.append(f"…и ещё {len(overdue) - 30}")
    else:
        lines.append("Просроченных пунктов нет 👍")
    if paused:
        lines += ["", "<b>На паузе</b>:"]
        lines += [f"• {escape(name)} — до {fmt_date(until)}" for name, until in paused]
    return "\n".join(lines)


PROGRESS_REFUSED = (
    "Сводка прогресса доступна ответственному администратору школы и управлению образования. "
    "Ваш личный прогресс — /checklist."
)
