"""Russian texts: export (part of the one catalogue, `bot.ui.texts`): the authority's XLSX
report — its button, caption, file name and the workbook's labels."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from bot.plan import Item
from bot.rules import kpi as rules
from bot.ui.texts import fmt_date, n_people, n_schools
from bot.ui.texts.kpi import fmt_pct
from bot.vocab import Every, Scope

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
    "Выполнено, % штата",
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
XLSX_CHATS_TITLE = "Чаты классов"
XLSX_CHATS_HEAD = (
    "Ученики и родители в чатах классов — посчитано ботом в чатах, где он администратор"
)
XLSX_CHATS_COLUMNS = (
    "Школа", "Класс", "Чат", "В чате (без сотрудников)", "Учеников в классе", "Доля, %",
    "Заходили за неделю (≈)",
)  # fmt: skip
XLSX_CHATS_NOTES = (
    "Доля = в чате / учеников; родители считаются по одному на ученика, не больше 100 %.",
    "«Заходили за неделю» — по данным MAX о входе в чат, приблизительно; официальная цифра — "
    "monitoring.sferum.ru (листы показателей).",
)
XLSX_CHAT_KINDS = {"parents": "родители", "students": "ученики"}
XLSX_CHECKS_TITLE = "Подтверждение"
XLSX_CHECKS_HEAD = "Пункты со снимком экрана или чатом: подтверждено, со слов, на проверке"
XLSX_CHECKS_NOTE = (
    "Подтверждено — снимок принял администратор или бот добавлен в чат; со слов — отмечено "
    "«Готово» без проверки; на проверке — снимок ждёт администратора и в «сделали» не входит."
)


def xlsx_checks(title: str) -> tuple[str, str, str]:
    """The three columns of an item on «Подтверждение»."""
    return f"{title}: подтверждено", f"{title}: со слов", f"{title}: на проверке"


XLSX_DONE = "сделали"
XLSX_PERCENT = "%"
XLSX_TARGETS = "Цели"
XLSX_STAGES = "Этапы"


def xlsx_report_date(today: date) -> str:
    return f"Отчёт на {fmt_date(today)}"


def xlsx_plan(name: str) -> str:
    return f"Дорожная карта: {name}"


# "до пятницы": the weekday a weekly item is due by, ISO 1..6.
WEEKDAY_BY = {
    1: "понедельника",
    2: "вторника",
    3: "среды",
    4: "четверга",
    5: "пятницы",
    6: "субботы",
}


def xlsx_deadline(item: Item) -> str:
    """The item's due rule under its column: the same for every school, so a relative or
    recurring rule is told as a rule («14 дн. с прихода», «каждую неделю, до пятницы»)."""
    if item.deadline is not None:
        return f"срок: до {fmt_date(item.deadline)}"
    if item.due_days is not None:
        since = {Scope.CLASS: "с принятия класса", Scope.SCHOOL: "с подключения школы"}.get(
            item.scope, "с прихода"
        )
        return f"срок: {item.due_days} дн. {since}"
    if item.every == Every.WEEK and isinstance(item.day, int):
        return f"срок: каждую неделю, до {WEEKDAY_BY[item.day]}"
    if item.every == Every.MONTH:
        return f"срок: каждый месяц, до {item.day}-го числа"
    if item.every == Every.YEAR and isinstance(item.day, str):
        month, day = item.day.split("-")
        return f"срок: каждый учебный год, до {day}.{month}"
    return "срок: постоянно"


MONTHS_OF = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip


def xlsx_week(week: str) -> str:
    """An ISO week as its days: «30 ноября – 6 декабря 2026», «7–13 декабря 2026»,
    «28 декабря 2026 – 3 января 2027»."""
    end = rules.week_end(week)
    start = end - timedelta(days=6)
    last = f"{end.day} {MONTHS_OF[end.month - 1]} {end.year}"
    if start.year != end.year:
        return f"{start.day} {MONTHS_OF[start.month - 1]} {start.year} – {last}"
    if start.month != end.month:
        return f"{start.day} {MONTHS_OF[start.month - 1]} – {last}"
    return f"{start.day}–{last}"


XLSX_NOT_APPLICABLE = "—"  # a cell that does not apply (an item not for this kind of school)


def xlsx_total(authority: str) -> str:
    """The first cell of the totals row: the authority's whole figure."""
    return f"Итого: {authority}"


def xlsx_stages(stages: list[tuple[float, date]]) -> str:
    if not stages:
        return "цели не заданы"
    return "; ".join(f"{fmt_pct(percent)} к {fmt_date(by)}" for percent, by in stages)


# The monthly report on schedule (bot.services.export.plan_monthly_report).
MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
    "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def month_title(month: date) -> str:
    """«март 2027»."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def monthly_report_title(month: date) -> str:
    return f"📊 Ежемесячный отчёт за {month_title(month)}"


def _staff_line(people: int, declared: int | None) -> str:
    if declared:
        return f"Зарегистрировано: {people} из {declared}"
    return f"Зарегистрировано: {n_people(people)} (сколько всего сотрудников, не указано)"


def monthly_report_summary(
    authority: str, month: date, today: date, schools: int, percent: float,
    people: int, declared: int | None,
) -> str:  # fmt: skip
    """The caption of the scheduled XLSX for the authority's staff."""
    return "\n".join([
        f"<b>{monthly_report_title(month)}</b>",
        f"{escape(authority)}, на {fmt_date(today)}: {n_schools(schools)}.",
        f"Выполнено: {fmt_pct(percent)}.",
        _staff_line(people, declared) + ".",
        "Файл XLSX — в этом сообщении.",
    ])  # fmt: skip


def monthly_school_title(month: date) -> str:
    return f"📊 В управление ушёл отчёт за {month_title(month)}"


def monthly_school_summary(
    month: date, school: str, percent: float, done: int, counted: int,
    people: int, declared: int | None,
) -> str:  # fmt: skip
    """What the authority's report says about a school, for its administrators."""
    return "\n".join([
        f"<b>{monthly_school_title(month)}</b>",
        f"О школе {escape(school)}:",
        f"• выполнено {fmt_pct(percent)} (отмечено {done} из {counted});",
        f"• {_staff_line(people, declared).lower()}.",
        "Подробнее — /progress",
    ])  # fmt: skip
