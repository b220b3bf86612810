"""Russian texts: progress (part of the one catalogue, `bot.ui.texts`): `/progress` for a
school."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.rules.verify import Tally
from bot.ui.texts import fmt_date, plural
from bot.ui.texts.verify import checked_line, marks_of_item

LIST_PAGE = 10  # people (or help requests) on a page of a list

BTN_DETAILS = "📋 Подробно"
BTN_OVERDUE = "⏰ Просрочено"
BTN_HELP = "🆘 Просьбы"
BTN_PREV = "◀ Назад"
BTN_NEXT = "Дальше ▶"


def people_word(n: int) -> str:
    return plural(n, "человек", "человека", "человек")


def and_more(n: int) -> str:
    """The line after the first page of a list: how many the next pages hold."""
    return f"…и ещё {n}"


def overdue_lines(overdue: list[tuple[str, list[str]]]) -> list[str]:
    return [f"• {escape(name)}: {escape('; '.join(titles))}" for name, titles in overdue]


def overdue_page(
    school: str, overdue: list[tuple[str, list[str]]], page: int, pages: int, total: int
) -> str:
    """A page of the people with overdue items (`overdue` holds that page's rows)."""
    if not total:
        return f"<b>{escape(school)}</b>: просроченных пунктов нет 👍"
    where = f" · страница {page} из {pages}" if pages > 1 else ""
    head = f"⏰ <b>Просрочено — {escape(school)}</b>: {total} {people_word(total)}{where}"
    return "\n".join([head, *overdue_lines(overdue)])


def help_page(
    school: str, requests: list[tuple[str, str, str | None]], page: int, pages: int, total: int
) -> str:
    """A page of the open help requests: (name, item title, comment)."""
    if not total:
        return f"<b>{escape(school)}</b>: открытых просьб о помощи нет 👍"
    where = f" · страница {page} из {pages}" if pages > 1 else ""
    word = plural(total, "просьба", "просьбы", "просьб")
    head = f"🆘 <b>Открытые просьбы о помощи — {escape(school)}</b>: {total} {word}{where}"
    return "\n".join([head, *help_lines(requests)])


def help_lines(requests: list[tuple[str, str, str | None]]) -> list[str]:
    lines = []
    for name, title, comment in requests:
        note = f" — «{escape(comment)}»" if comment else ""
        lines.append(f"• {escape(name)}: {escape(title)}{note}")
    return lines


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
        lines.append(f"<b>Просрочено</b>: {len(overdue)} {people_word(len(overdue))}")
        lines += overdue_lines(overdue[:LIST_PAGE])
        if len(overdue) > LIST_PAGE:
            lines.append(and_more(len(overdue) - LIST_PAGE))
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
