"""`/pause`: no reminders while a person is away."""

from __future__ import annotations

from datetime import date

from bot.ui.texts import fmt_date

BTN_PAUSE_WEEK = "🗓 На неделю"
BTN_PAUSE_DATE = "📅 До даты"
BTN_PAUSE_OFF = "▶️ Снять паузу"


def pause_status(until: date | None) -> str:
    now = f"Сейчас пауза до {fmt_date(until)} включительно." if until else "Сейчас паузы нет."
    return (
        "⏸ <b>Пауза напоминаний</b> — если вы в отпуске, на больничном или в командировке.\n"
        f"{now}\n\nВыберите срок или напишите /pause ДД.ММ.ГГГГ."
    )


def paused(until: date) -> str:
    return f"⏸ Напоминания на паузе до {fmt_date(until)} включительно. Хорошего отдыха!"


def ask_date(example: date) -> str:
    """`example` is a date two weeks ahead, so the example itself is always accepted."""
    return (
        "Напишите дату, до которой поставить паузу, в формате ДД.ММ.ГГГГ "
        f"(например, {fmt_date(example)})."
    )


def bad_date(example: date) -> str:
    return f"Не понял дату. Напишите её так: {fmt_date(example)}."


def past_date(example: date) -> str:
    return f"Эта дата уже прошла. Напишите дату в будущем, например {fmt_date(example)}."


PAUSE_TOO_FAR = "Пауза может быть не дольше года. Напишите более близкую дату."
PAUSE_OFF = "▶️ Пауза снята — напоминания снова включены."
