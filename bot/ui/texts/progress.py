"""Russian texts: progress (part of the one catalogue, `bot.ui.texts`): `/progress` for a
school."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.ui.texts import fmt_date


def school_progress(
    school: str,
    people: int,
    finished: int,
    percent: float,
    items: list[tuple[str, bool, int, int, int]],
    overdue: list[tuple[str, list[str]]],
    paused: list[tuple[str, date]],
    today: date,
) -> str:
    """items: (title, school_level, done, counted, help)."""
    lines = [
        f"<b>{escape(school)}</b> — прогресс на {fmt_date(today)}",
        f"Зарегистрировано: {people} · прошли чек-лист: {finished} · выполнено: {percent:.0f} %",
        "",
        "<b>Пункты</b> (сделали / к кому относится):",
    ]
    for title, school_level, done, counted, help_ in items:
        figure = (
            ("✅ сделано" if done else "⬜ не сделано") if school_level else f"{done}/{counted}"
        )
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
