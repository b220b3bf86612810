"""Russian texts: kpi (part of the one catalogue, `bot.ui.texts`): the /kpi screen and keypad,
and the figures' formatting shared with the authority's rating and the XLSX report."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from bot.plan import KpiStage, Plan
from bot.rules import kpi as rules
from bot.ui.texts import fmt_date, n_people

if TYPE_CHECKING:
    from bot.services.kpi import KpiView

DEFAULT_TITLES: dict[str, str] = {
    rules.REGISTERED: "Сотрудники зарегистрированы в MAX",
    rules.STAFF_WEEKLY: "Сотрудники еженедельно пишут сообщения в Сферуме",
    rules.STUDENTS_PARENTS_WEEKLY: "Ученики и родители еженедельно пользуются Сферумом",
}
SHORT_TITLES: dict[str, str] = {
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

BTN_ENTER: dict[str, str] = {
    rules.STAFF_WEEKLY: "Ввести: сотрудники",
    rules.STUDENTS_PARENTS_WEEKLY: "Ввести: ученики и родители",
}
BTN_BACK = "↩️ Назад"


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
            f"<b>Регистрация</b>: {n_people(view.joined)} — доля: — "
            "(численность сотрудников не указана)"
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
        "/kpi сотрудники 37 · /kpi родители 12,5",
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
    "/kpi сотрудники 37 — доля сотрудников, которые еженедельно пишут в Сферуме;\n"
    "/kpi родители 12,5 — доля учеников и родителей, которые еженедельно пользуются Сферумом.\n"
    "Или откройте /kpi и введите цифры кнопками."
)
BAD_PERCENT = {
    rules.EMPTY: "Не указан процент. Пример: /kpi сотрудники 37",
    rules.NOT_A_NUMBER: "Процент нужно написать числом, например 37 или 12,5.",
    rules.OUT_OF_RANGE: "Процент должен быть от 0 до 100.",
}
KEYPAD_STALE = "Кнопка устарела. Откройте /kpi заново."
