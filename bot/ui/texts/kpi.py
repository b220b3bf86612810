"""Russian texts: kpi (part of the one catalogue, `bot.ui.texts`): the /kpi screen and keypad,
the authority's rating and overdue lists, the XLSX report's labels."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from bot.plan import KpiStage, Plan
from bot.rules import kpi as rules
from bot.ui.texts import KIND_TITLES, OVERDUE_ICON, fmt_date

if TYPE_CHECKING:
    from bot.services.authority import OverduePage, Ranking, SchoolFigures
    from bot.services.kpi import KpiView

DEFAULT_TITLES = {
    rules.REGISTERED: "Сотрудники зарегистрированы в MAX",
    rules.STAFF_WEEKLY: "Сотрудники еженедельно пишут сообщения в Сферуме",
    rules.STUDENTS_PARENTS_WEEKLY: "Ученики и родители еженедельно пользуются Сферумом",
}
SHORT_TITLES = {
    rules.REGISTERED: "регистрация",
    rules.STAFF_WEEKLY: "сотрудники",
    rules.STUDENTS_PARENTS_WEEKLY: "ученики и родители",
}
TREND = {rules.UP: " ↑", rules.DOWN: " ↓", rules.SAME: " →", None: ""}
STATUS_ICON = {
    rules.MET: " ✅",
    rules.BELOW: " ⏳",
    rules.MISSED: " ⚠️",
    rules.NO_DATA: "",
    rules.NO_TARGET: "",
}

BTN_ENTER = {
    rules.STAFF_WEEKLY: "Ввести: сотрудники",
    rules.STUDENTS_PARENTS_WEEKLY: "Ввести: ученики и родители",
}
BTN_BACK = "↩️ Назад"
BTN_OVERDUE = "⏰ Просрочено по школам"
BTN_EXPORT = "📎 Выгрузить XLSX"
BTN_RATING = "🏆 К рейтингу"
BTN_PREV = "◀️ Назад"
BTN_NEXT = "Дальше ▶️"


def indicator_title(plan: Plan, indicator: str) -> str:
    target = plan.kpi_for(indicator)
    return target.title if target is not None else DEFAULT_TITLES[indicator]


def fmt_pct(value: float | None) -> str:
    """37.0 -> "37 %", 12.5 -> "12,5 %", None -> "—"."""
    if value is None:
        return "—"
    number = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number} %"


def week_label(week: str) -> str:
    """ "2025-W47" -> "17.11–23.11.2025"."""
    end = rules.week_end(week)
    start = date.fromordinal(end.toordinal() - 6)
    return f"{start:%d.%m}–{fmt_date(end)}"


def target_text(stage: KpiStage | None) -> str:
    if stage is None:
        return "цель не задана"
    return f"цель ≥ {fmt_pct(stage.percent)} к {fmt_date(stage.by)}"


def figure_text(figure: rules.Figure, with_target: bool = True) -> str:
    value = "ещё не введено" if figure.value is None else fmt_pct(figure.value)
    text = value + TREND[figure.trend]
    if with_target:
        text += f" · {target_text(figure.stage)}"
    return text + STATUS_ICON[figure.status]


# --- /kpi (administrator) ------------------------------------------------------------------


def screen(view: KpiView, note: str | None = None) -> str:
    """This week's figures against the targets, the registration share, the last weeks."""
    lines = [note, ""] if note else []
    lines += [
        f"📈 <b>Показатели Сферума: {escape(view.school.name)}</b>",
        f"Неделя {week_label(view.week)}",
        "",
    ]
    reg = view.registered
    if view.declared:
        lines.append(
            f"<b>Регистрация</b>: {view.joined} из {view.declared} сотрудников — {figure_text(reg)}"
        )
    else:
        lines.append(
            f"<b>Регистрация</b>: {view.joined} чел. — доля: — (численность сотрудников не указана)"
        )
    for indicator, figure in view.current.figures.items():
        lines.append(
            f"<b>{escape(indicator_title(view.plan, indicator))}</b>: {figure_text(figure)}"
        )
    lines += [
        "",
        "<b>По неделям</b> (сотрудники · ученики и родители):",
    ]
    for line in view.history:
        staff = line.figures[rules.STAFF_WEEKLY]
        parents = line.figures[rules.STUDENTS_PARENTS_WEEKLY]
        lines.append(
            f"• {week_label(line.week)}: {fmt_pct(staff.value)}{TREND[staff.trend]} · "
            f"{fmt_pct(parents.value)}{TREND[parents.trend]}"
        )
    lines += [
        "",
        "Цифры берите на monitoring.sferum.ru. Введите их кнопками ниже или командой: "
        "/kpi staff 37 · /kpi parents 12,5",
    ]
    return "\n".join(lines)


def saved(indicator: str, value: float, week: str) -> str:
    return (
        f"✅ Записано: {SHORT_TITLES[indicator]} — {fmt_pct(value)} за неделю {week_label(week)}."
    )


def saved_toast(indicator: str, value: float) -> str:
    return f"Записано: {SHORT_TITLES[indicator]} — {fmt_pct(value)}"


def ask_tens(plan: Plan, indicator: str, week: str) -> str:
    return (
        f"Доля «{escape(indicator_title(plan, indicator))}» за неделю {week_label(week)}, %.\n\n"
        "Выберите десятки:"
    )


def ask_units(plan: Plan, indicator: str, week: str, tens: int) -> str:
    return (
        f"Доля «{escape(indicator_title(plan, indicator))}» за неделю {week_label(week)}, %.\n\n"
        f"Выбрано {tens}… — уточните значение:"
    )


def tens_label(tens: int) -> str:
    return "100 %" if tens >= 100 else f"{tens}…"


def value_label(value: int) -> str:
    return f"{value} %"


KPI_USAGE = (
    "Напишите так:\n"
    "/kpi staff 37 — доля сотрудников, которые еженедельно пишут в Сферуме;\n"
    "/kpi parents 12,5 — доля учеников и родителей, которые еженедельно пользуются Сферумом.\n"
    "Или откройте /kpi и введите цифры кнопками."
)
BAD_PERCENT = {
    rules.EMPTY: "Не указан процент. Пример: /kpi staff 37",
    rules.NOT_A_NUMBER: "Процент нужно написать числом, например 37 или 12,5.",
    rules.OUT_OF_RANGE: "Процент должен быть от 0 до 100.",
}
KEYPAD_STALE = "Кнопка устарела. Откройте /kpi заново."


# --- authority: rating, overdue, export ------------------------------------------------------


def _latest(s: SchoolFigures, indicator: str, week: str) -> str:
    latest = s.latest(indicator)
    if latest is None:
        return "—"
    when = "" if latest.week == week else f" (нед. {week_label(latest.week)})"
    return fmt_pct(latest.value) + TREND[latest.trend] + when


def rating(r: Ranking, first: int, last: int) -> str:
    """Schools `first..last-1` of the ranking (0-based) with completion and KPI figures."""
    lines = [
        f"🏆 <b>{escape(r.authority.name)}</b> — рейтинг школ на {fmt_date(r.today)}",
        "Цели сейчас: "
        + " · ".join(
            f"{SHORT_TITLES[ind]} "
            + ("—" if stage is None else f"≥ {fmt_pct(stage.percent)} к {fmt_date(stage.by)}")
            for ind, stage in r.targets.items()
        ),
        "",
    ]
    if not r.schools:
        lines.append("Школ пока нет.")
    for n, s in enumerate(r.schools[first:last], first + 1):
        kind = KIND_TITLES.get(s.school.kind, s.school.kind)
        declared = f" из {s.school.declared_staff}" if s.school.declared_staff else ""
        lines.append(
            f"{n}. <b>{escape(s.school.name)}</b> ({kind}): {s.progress.percent:.0f} % · "
            f"зарегистрировано {s.progress.people}{declared} ({fmt_pct(s.registered)})"
        )
        lines.append(
            f"    сотрудники {_latest(s, rules.STAFF_WEEKLY, r.week)} · "
            f"ученики и родители {_latest(s, rules.STUDENTS_PARENTS_WEEKLY, r.week)}"
        )
    if len(r.schools) > last - first:
        lines += ["", f"Школы {first + 1}–{min(last, len(r.schools))} из {len(r.schools)}."]
    lines += ["", "Сотрудники и ученики с родителями — последняя введённая неделя, доля в %."]
    return "\n".join(lines)


def school_button(position: int, name: str) -> str:
    text = f"{position}. {name}"
    return text if len(text) <= 40 else text[:39] + "…"


def overdue(page: OverduePage) -> str:
    lines = [f"{OVERDUE_ICON} <b>Просрочено по школам</b> — {fmt_date(page.today)}"]
    if not page.total:
        lines += ["", "Просроченных пунктов нет 👍"]
        return "\n".join(lines)
    lines.append(f"Всего: {page.total} чел. в {page.schools} шк.")
    if page.pages > 1:
        lines.append(f"Страница {page.page + 1} из {page.pages}.")
    school = None
    for line in page.lines:
        if line.school != school:
            school = line.school
            lines += ["", f"<b>{escape(school)}</b>"]
        shown = "; ".join(line.titles[:3])
        more = f" и ещё {len(line.titles) - 3}" if len(line.titles) > 3 else ""
        lines.append(f"• {escape(line.name)}: {escape(shown)}{more}")
    return "\n".join(lines)


EXPORT_TOAST = "Готовлю отчёт…"


def export_caption(authority: str, today: date, schools: int) -> str:
    return (
        f"📎 Отчёт для ежемесячного мониторинга: <b>{escape(authority)}</b>, "
        f"на {fmt_date(today)}. Школ: {schools}."
    )


def export_filename(today: date) -> str:
    return f"otchet-{today.isoformat()}.xlsx"


XLSX_ITEMS_SHEET = "Школы × пункты"
XLSX_SHEET_TITLES = {
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
