"""Deadline reminders to staff and escalations to the administrators."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.ui.texts import OVERDUE_ICON, fmt_date

REMINDER_KIND = {
    "t7": "через неделю",
    "t3": "через 3 дня",
    "t1": "завтра",
    "overdue": "срок прошёл",
}


def reminder(name: str, items: list[tuple[str, str, date]]) -> str:
    """items: (title, reminder kind, deadline)."""
    lines = [f"{escape(name)}, напоминаю о сроках дорожной карты:", ""]
    for title, kind, deadline in items:
        late = kind == "overdue" or kind.startswith("late")
        icon = OVERDUE_ICON if late else "🗓"
        when = REMINDER_KIND.get(kind, "срок прошёл, напоминаю снова")
        lines.append(f"{icon} {escape(title)} — до {fmt_date(deadline)} ({when})")
    lines += ["", "Нажмите «Продолжить», чтобы отметить сделанное. Уезжаете? /pause"]
    return "\n".join(lines)


def escalation(days: int, people: list[tuple[str, list[tuple[str, date]]]]) -> str:
    """people: (name, [(item title, deadline)])."""
    lines = [f"⏰ Просрочено больше чем на {days} дн. — сотрудникам может понадобиться помощь:", ""]
    for name, items in people:
        lines.append(f"<b>{escape(name)}</b>")
        lines += [f"• {escape(title)} (до {fmt_date(deadline)})" for title, deadline in items]
    lines += ["", "Сводка по школе — /progress."]
    return "\n".join(lines)
