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
BTN_KPI = "📈 Показатели"
BTN_PREV = "◀ Назад"
BTN_NEXT = "Дальше ▶"

UNKNOWN_STAFF = "численность не указана"
RANKING_RULE = "Место — по доле штата: выполнено ÷ численность по штату."


def of_staff(share: float | None) -> str:
    """A share of the declared staff (`bot.rules.standing`): «35 % штата», or that the staff
    is not declared."""
    return UNKNOWN_STAFF if share is None else f"{share:.0f} % штата"


def in_bot(joined: int, declared: int | None, percent: float) -> str:
    """The people who joined and their own completion, shown next to the share of staff."""
    of = f" из {declared}" if declared else ""
    return f"в боте {joined}{of}, у них {percent:.0f} %"


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
    declared: int | None = None,
    share: float | None = None,
    item_shares: list[float | None] | None = None,
) -> str:
    """items: (title, school_level, done, counted, help, marks of an item that can be
    confirmed); checked: the marks of all such items; share, item_shares: of the declared
    staff (`bot.rules.standing`), None when it is not declared."""
    lines = [
        f"<b>{escape(school)}</b> — прогресс на {fmt_date(today)}",
        f"Выполнено: <b>{of_staff(share)}</b> · {in_bot(people, declared, percent)}",
        f"Прошли чек-лист: {finished}",
    ]
    if checked is not None and checked.counted:
        lines.append(checked_line(checked))
    lines += ["", "<b>Пункты</b> (сделали / к кому относится):"]
    shares = item_shares or [None] * len(items)
    for (title, school_level, done, counted, help_, marks), of in zip(items, shares, strict=True):
        figure = (
            ("✅ сделано" if done else "⬜ не сделано") if school_level else f"{done}/{counted}"
        )
        figure += marks_of_item(marks)
        if of is not None and not school_level:
            figure += f" · {of:.0f} % штата"
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
