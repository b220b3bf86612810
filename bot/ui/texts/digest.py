"""Russian texts: digest (part of the one catalogue, `bot.ui.texts`): the weekly digests of a
school and of an authority."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from bot.plan import Plan
from bot.rules import kpi as rules
from bot.rules.attention import Attention, Concern, Found
from bot.rules.schedule import Policy
from bot.rules.standing import Standing
from bot.rules.verify import Tally
from bot.ui.texts import fmt_date, n_days, n_people, n_schools, n_schools_in, n_schools_of, plural
from bot.ui.texts.duties import digest_line as duty_line
from bot.ui.texts.kpi import SHORT_TITLES, TREND, fmt_pct, week_label
from bot.ui.texts.progress import RANKING_RULE, in_bot, of_staff
from bot.ui.texts.verify import checked_line


def change(now: float, before: float | None) -> str:
    if before is None:
        return "первая сводка"
    delta = now - before
    return f"{'+' if delta >= 0 else '−'}{abs(delta):.0f} п.п. за неделю"


BEHIND = 3  # items (or schools) named in a digest's summary as furthest behind
NAMED = 5  # schools named in a list of a digest (those without figures, needing attention)


# --- the KPI figures of the week -----------------------------------------------------------

KPI_VERDICT = {
    rules.MET: "✅",
    rules.BELOW: "ниже цели",
    rules.MISSED: "⚠️ срок прошёл",
    rules.NO_DATA: "",
    rules.NO_TARGET: "",
}


@dataclass(frozen=True)
class KpiBlock:
    """The week's KPI figures for a digest; for an authority also how many of its schools
    entered the week's figures and the names of those that did not."""

    plan: Plan
    figures: rules.WeekFigures
    week: str  # the ISO week they are of
    schools: int | None = None  # the authority's schools (None: a school's digest)
    missing: Sequence[str] = field(default_factory=list)  # schools without the week's figures


def kpi_line(figure: rules.Figure) -> str:
    """One short line, to fit a phone: «• сотрудники 40 % ↑ (цель 100 %) — ниже цели»; the
    targets' dates are in /kpi."""
    if figure.value is None:
        value = "—" if figure.indicator == rules.REGISTERED else "не введено"
    else:
        value = fmt_pct(figure.value) + TREND[figure.trend]
    target = f" (цель {fmt_pct(figure.stage.percent)})" if figure.stage is not None else ""
    verdict = KPI_VERDICT[figure.status]
    return f"• {SHORT_TITLES[figure.indicator]} {value}{target}" + (
        f" — {verdict}" if verdict else ""
    )


def named(names: Sequence[str], limit: int = NAMED) -> str:
    """«Школа №1, Школа №2 и ещё 3» (escaped)."""
    shown = ", ".join(escape(n) for n in names[:limit])
    rest = len(names) - limit
    return f"{shown} и ещё {rest}" if rest > 0 else shown


def kpi_lines(block: KpiBlock) -> list[str]:
    where = "" if block.schools is None else " по всем организациям"
    lines = ["", f"📈 <b>Показатели за {week_label(block.week)}</b>{where}:"]
    lines += [kpi_line(f) for f in block.figures.all]
    if block.schools is None:
        if block.figures.missing:
            lines.append("Внесено не всё. Эту неделю — до пятницы: «📈 Показатели».")
    elif block.schools:
        entered = block.schools - len(block.missing)
        lines.append(f"Внесли показатели недели: {entered} из {n_schools_of(block.schools)}")
        if block.missing:
            lines.append(f"Не внесли: {named(block.missing)}")
    return lines


# --- what needs the authority ----------------------------------------------------------------


def concern_text(found: Found, idle_days: int, help_days: int) -> str:
    n = found.count
    if found.concern is Concern.NO_ADMIN:
        return "нет администратора в боте"
    if found.concern is Concern.STALE_HELP:
        asks = plural(n, "просьба", "просьбы", "просьб")
        return f"{n} {asks} о помощи без ответа {n_days(help_days)} и дольше"
    if found.concern is Concern.IDLE_ADMIN:
        admins = plural(n, "администратор", "администратора", "администраторов")
        verb = plural(n, "не пишет", "не пишут", "не пишут")
        return f"{n} {admins} {verb} в бот {n_days(idle_days)} и дольше"
    if found.concern is Concern.KPI_BELOW:
        return "сильно ниже цели: " + ", ".join(SHORT_TITLES[i] for i in found.indicators)
    items = plural(n, "пункт", "пункта", "пунктов")
    verb = plural(n, "просрочен", "просрочено", "просрочено")
    return f"{verb} {n} {items} организации"


def attention_lines(found: Sequence[Attention], idle_days: int, help_days: int) -> list[str]:
    if not found:
        return ["", "✅ Ничего не требует внимания"]
    lines = ["", f"⚠️ <b>Требует внимания</b>: {n_schools(len(found))}"]
    for n, a in enumerate(found[:NAMED], 1):
        why = "; ".join(concern_text(f, idle_days, help_days) for f in a.found)
        lines.append(f"{n}. {escape(a.name)}: {why}")
    if len(found) > NAMED:
        lines.append(f"…и ещё {n_schools(len(found) - NAMED)}")
    return lines


def school_digest(
    *,
    school: str,
    today: date,
    percent: float,
    previous: float | None,
    people: int,
    declared_staff: int | None,
    finished: int,
    share: float | None = None,
    behind: list[tuple[str, int, int]],
    overdue: int,
    help_requests: int,
    paused: int,
    checked: Tally | None = None,
    kpi: KpiBlock | None = None,
) -> str:
    """The summary that fits a phone's screen: completion and its change, the items furthest
    behind (title, done, counted), and how many help requests are open, how many people are
    overdue and paused; the details are behind the buttons (`keyboards.progress`)."""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(school)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{of_staff(share)}</b> · {in_bot(people, declared_staff, percent)} "
        f"({change(percent, previous)})",
        f"Прошли чек-лист: {finished}",
    ]
    if checked is not None and checked.counted:
        lines.append(checked_line(checked))
    if behind:
        lines += ["", "<b>Больше всего отстают</b>:"]
        for n, (title, done, counted) in enumerate(behind, 1):
            share = 100 * done / counted if counted else 0
            lines.append(f"{n}. {escape(title)} — {share:.0f} % ({done} из {counted})")
    lines.append("")
    lines.append(
        f"🆘 Открытые просьбы о помощи: {help_requests}" if help_requests
        else "🆘 Открытых просьб о помощи нет"
    )  # fmt: skip
    lines.append(f"⏰ Просрочено: {n_people(overdue)}" if overdue else "⏰ Просрочек нет 👍")
    if paused:
        lines.append(f"⏸ На паузе: {n_people(paused)}")
    if kpi is not None:
        lines += kpi_lines(kpi)
    return "\n".join(lines)


def authority_digest(
    authority: str,
    today: date,
    percent: float,
    share: float | None,
    schools: int,
    people: int,
    behind: list[tuple[str, Standing]],
    overdue_people: int,
    overdue_schools: int,
    kpi: KpiBlock | None = None,
    attention: Sequence[Attention] | None = None,
    policy: Policy | None = None,
    duties: tuple[int, int] | None = None,
) -> str:
    """The authority's summary: its whole figure (of the declared staff, and of the people who
    joined), the schools furthest behind (`bot.rules.standing`), how many people are overdue
    and in how many schools; the details (the rating, the overdue list) are behind the
    buttons."""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(authority)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{of_staff(share)}</b> · в боте {people}, у них {percent:.0f} %",
        n_schools(schools),
    ]
    if not schools:
        lines.append("Организаций пока нет.")
    if behind:
        lines += ["", "<b>Больше всего отстают</b>:"]
        for n, (name, st) in enumerate(behind, 1):
            lines.append(
                f"{n}. {escape(name)} — {of_staff(st.share)} · "
                f"{in_bot(st.joined, st.declared, st.joined_percent)}"
            )
        lines.append(RANKING_RULE)
    lines.append("")
    if overdue_people:
        lines.append(f"⏰ Просрочено: {n_people(overdue_people)} в {n_schools_in(overdue_schools)}")
    else:
        lines.append("⏰ Просрочек нет 👍")
    if duties is not None:
        lines.append(duty_line(*duties))
    if kpi is not None:
        lines += kpi_lines(kpi)
    if attention is not None:
        policy = policy or Policy()
        lines += attention_lines(attention, policy.idle_admin_days, policy.stale_help_days)
    return "\n".join(lines)


DIGEST_REFUSED = "Сводка доступна ответственному администратору школы и управлению образования."
CHART_LEGEND = ("≥ 75 %", "30–74 %", "< 30 %")  # green, yellow, red
CHART_TARGET = "цель 75 %"
CHART_ZERO = "0 %"


def chart_title(name: str, today: date) -> str:
    return f"{name} — {fmt_date(today)}"


CHART_SUBTITLE = "Отстающие пункты, % выполнения"
CHART_SCHOOLS = "Отстающие школы, % выполнения"
