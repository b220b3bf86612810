"""The walk-through: an item's card, the checklist overview, the answer buttons."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.ui.texts import OVERDUE_ICON, STATUS_ICONS, STATUS_TITLES, deadline_line, fmt_date
from bot.vocab import Status

BTN_DONE = "✅ Готово"
BTN_HELP = "🆘 Нужна помощь"
BTN_NA = "➖ Не относится ко мне"
BTN_CONTINUE = "▶️ Продолжить"
BTN_CHECKLIST = "📋 Мой чек-лист"

ACK: dict[str, str] = {
    Status.DONE: "Отмечено: готово ✅",
    Status.HELP: "Записали: нужна помощь 🆘",
    Status.NA: "Отмечено: не относится ➖",
}
"""The toast after an answer button, by the status recorded."""


def item_card(
    *,
    position: int,
    total: int,
    ref: str,
    title: str,
    howto: str,
    deadline: date | None,
    overdue: bool,
    status: str | None,
    every: str | None = None,
) -> str:
    current = ""
    if status is not None:
        current = f"\n\nСейчас отмечено: {STATUS_ICONS[status]} {STATUS_TITLES[status]}"
    return (
        f"<b>Пункт {position} из {total}</b> · {escape(ref)}\n"
        f"<b>{escape(title)}</b>\n\n"
        f"{escape(howto)}\n\n"
        f"{deadline_line(deadline, overdue, every)}{current}"
    )


def all_answered(done: int, na: int, help_: int) -> str:
    if help_:
        return (
            f"Все пункты просмотрены 👍\n\n✅ Готово: {done}\n➖ Не относится: {na}\n"
            f"🆘 Нужна помощь: {help_}\n\n"
            "Пункты, где нужна помощь, остаются открытыми: ответственный администратор видит их "
            "в отчёте. Когда разберётесь — откройте /checklist и отметьте «Готово»."
        )
    return (
        f"🎉 Готово! Вы прошли весь чек-лист.\n\n✅ Готово: {done}\n➖ Не относится: {na}\n\n"
        "Что дальше: общайтесь с коллегами, учениками и родителями в папке «Сферум» в MAX. "
        "Если что-то изменится — /checklist покажет ваши пункты. "
        "Поддержка «Сферума»: бот «Помощник Сферума» (https://max.ru/sferum_help), info@sferum.ru."
    )


STALE_BUTTON = "Этот пункт уже отмечен — кнопка устарела. Актуальное состояние — в /checklist."
NOT_APPLICABLE_BUTTON = "Этот пункт больше не относится к вам. Ваш актуальный список — /checklist."


def checklist_overview(
    lines: list[tuple[str | None, bool, str, date | None]], done: int, open_: int, overdue: int
) -> str:
    """lines: (status, overdue, title, deadline) in plan order."""
    rows = []
    for status, late, title, deadline in lines:
        icon = OVERDUE_ICON if late else STATUS_ICONS[status]
        due = (
            f" — до {fmt_date(deadline)}"
            if deadline and status not in (Status.DONE, Status.NA)
            else ""
        )
        rows.append(f"{icon} {escape(title)}{due}")
    head = (
        f"<b>Мой чек-лист</b>\n✅ Сделано: {done} · ⬜ Открыто: {open_} · ⏰ Просрочено: {overdue}"
    )
    tail = (
        "\n\nНажмите «Продолжить», чтобы перейти к следующему открытому пункту, "
        "или выберите пункт ниже, чтобы изменить ответ."
        if open_
        else "\n\nВсе пункты закрыты 🎉 Можно выбрать пункт ниже, чтобы изменить ответ."
    )
    return head + "\n\n" + "\n".join(rows) + tail


def item_button(position: int, title: str, status: str | None, late: bool) -> str:
    icon = OVERDUE_ICON if late else STATUS_ICONS[status]
    text = f"{icon} {position}. {title}"
    return text if len(text) <= 60 else text[:59] + "…"
