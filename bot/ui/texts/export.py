"""Russian texts: export (part of the one catalogue, `bot.ui.texts`): the authority's XLSX
report — its button, caption, file name and the workbook's labels."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.rules import kpi as rules
from bot.ui.texts import fmt_date
from bot.ui.texts.kpi import fmt_pct, week_label

BTN_EXPORT = "📎 Выгрузить XLSX"
EXPORT_TOAST = "Готовлю отчёт…"


def export_caption(authority: str, today: date, schools: int) -> str:
    return (
        f"📎 Отчёт для ежемесячного мониторинга: <b>{escape(authority)}</b>, "
        f"на {fmt_date(today)}. Школ: {schools}."
    )


def export_filename(today: date) -> str:
    return f"otchet-{today.isoformat()}.xlsx"


XLSX_ITEMS_SHEET = "Школы × пункты"
XLSX_SHEET_TITLES: dict[str, str] = {
    rules.REGISTERED: "Регистрация",
    rules.STAFF_WEEKLY: "Сотрудники еженедельно",
    rules.STUDENTS_PARENTS_WEEKLY: "Ученики и родители",
}
XLSX_SCHOOL_COLUMNS = (
    "Школа",
    "Тип",
    "Сотрудников (заявлено)",
    "Зарегистрировано",
    "Выполнение, %",
)
XLSX_REGISTERED_COLUMNS = (
    "Школа",
    "Тип",
    "Сотрудников (заявлено)",
    "Зарегистрировано",
    "Доля, %",
    "Цель, %",
)
XLSX_WEEKLY_COLUMNS = ("Школа", "Тип")
XLSX_HISTORY_TITLE = "История по периодам"
XLSX_HISTORY_HEAD = "Повторяющиеся пункты и пункты классов — по неделям, месяцам и учебным годам"
XLSX_HISTORY_COLUMNS = ("Школа", "Пункт", "Период", "Класс", "Отметили «готово»", "Ответили")
XLSX_DONE = "сделали"
XLSX_PERCENT = "%"
XLSX_TARGETS = "Цели"
XLSX_STAGES = "Этапы"


def xlsx_report_date(today: date) -> str:
    return f"Отчёт на {fmt_date(today)}"


def xlsx_plan(name: str) -> str:
    return f"Дорожная карта: {name}"


def xlsx_deadline(deadline: date | None) -> str:
    return f"срок: до {fmt_date(deadline)}" if deadline else "срок: постоянно"


def xlsx_week(week: str) -> str:
    return f"{week} ({week_label(week)})"


def xlsx_stages(stages: list[tuple[float, date]]) -> str:
    if not stages:
        return "цели не заданы"
    return "; ".join(f"{fmt_pct(percent)} к {fmt_date(by)}" for percent, by in stages)
