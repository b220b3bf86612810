"""The walk-through: an item's card, the checklist overview, the answer buttons."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.ui.texts import STATUS_ICONS, STATUS_TITLES, deadline_line, fmt_date, plural
from bot.ui.texts.verify import PENDING_ICON, PENDING_TITLE
from bot.vocab import Status

BTN_DONE = "✅ Готово"
BTN_HELP = "🆘 Нужна помощь"
BTN_NA = "➖ Не относится ко мне"
BTN_CONTINUE = "▶️ Продолжить"
BTN_CHECKLIST = "📋 Мой чек-лист"

ACK: dict[str, str] = {
    Status.DONE: "Отмечено: готово ✅",
    Status.HELP: "Записано: нужна помощь 🆘",
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
    pending: bool = False,
    note: str | None = None,
) -> str:
    """`pending`: a screenshot under review (its status is "done", not counted as done yet);
    `note`: how the answer is confirmed (`texts.verify.evidence_note`)."""
    current = ""
    if pending:
        current = f"\n\nСейчас: {PENDING_ICON} {PENDING_TITLE}"
    elif status is not None:
        current = f"\n\nСейчас отмечено: {STATUS_ICONS[status]} {STATUS_TITLES[status]}"
    return (
        f"<b>Пункт {position} из {total}</b> · {escape(ref)}\n"
        f"<b>{escape(title)}</b>\n\n"
        f"{escape(howto)}\n\n"
        f"{deadline_line(deadline, overdue, every)}{current}" + (f"\n{note}" if note else "")
    )


def all_answered(done: int, na: int, help_: int, pending: int = 0) -> str:
    if pending and not help_:
        return (
            f"Все пункты просмотрены 👍\n\n✅ Готово: {done}\n➖ Не относится: {na}\n"
            f"{PENDING_ICON} На проверке: {pending}\n\n"
            "Снимки экрана проверяет ответственный администратор: я напишу, когда он их "
            "посмотрит. Ваш чек-лист — /checklist."
        )
    if help_:
        return (
            f"Все пункты просмотрены 👍\n\n✅ Готово: {done}\n➖ Не относится: {na}\n"
            + (f"{PENDING_ICON} На проверке: {pending}\n" if pending else "")
            + f"🆘 Нужна помощь: {help_}\n\n"
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


def overdue_of_open(overdue: int, open_: int) -> str:
    """«⏰ Просрочено 5 из 8 открытых»: a part of the open items, never added to them."""
    word = plural(open_, "открытого", "открытых", "открытых")
    return f"⏰ Просрочено {overdue} из {open_} {word}"


def checklist_overview(
    lines: list[tuple[str, str | None, str, date | None]],
    done: int,
    open_: int,
    overdue: int,
    pending: int = 0,
) -> str:
    """lines: (icon, status, title, deadline) in plan order (icon: `texts.verify.item_icon`)."""
    rows = []
    for icon, status, title, deadline in lines:
        due = (
            f" — до {fmt_date(deadline)}"
            if deadline and status not in (Status.DONE, Status.NA)
            else ""
        )
        rows.append(f"{icon} {escape(title)}{due}")
    review = f" · {PENDING_ICON} На проверке: {pending}" if pending else ""
    head = f"<b>Мой чек-лист</b>\n✅ Сделано: {done}{review} · ⬜ Открыто: {open_}"
    if overdue:  # overdue items are part of the open ones, so they are said as such
        head += f"\n{overdue_of_open(overdue, open_)}"
    tail = (
        "\n\nНажмите «Продолжить», чтобы перейти к следующему открытому пункту, "
        "или выберите пункт ниже, чтобы изменить ответ."
        if open_
        else "\n\nВсе пункты закрыты 🎉 Можно выбрать пункт ниже, чтобы изменить ответ."
    )
    return head + "\n\n" + "\n".join(rows) + tail


def item_button(position: int, title: str, icon: str) -> str:
    text = f"{icon} {position}. {title}"
    return text if len(text) <= 60 else text[:59] + "…"
