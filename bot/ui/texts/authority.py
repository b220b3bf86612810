"""Russian texts: authority (part of the one catalogue, `bot.ui.texts`): the authority's rating
of schools with their KPI figures, and the overdue list across schools."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from bot.rules import kpi as rules
from bot.ui.texts import KIND_TITLES, OVERDUE_ICON, chats, fmt_date, n_people, n_schools_in, plural
from bot.ui.texts.kpi import SHORT_TITLES, TREND, fmt_pct, week_label
from bot.ui.texts.progress import RANKING_RULE, in_bot, of_staff
from bot.ui.texts.verify import checked_line

if TYPE_CHECKING:
    from bot.services.authority import OverduePage, Ranking, SchoolFigures

BTN_OVERDUE = "⏰ Просрочено по школам"
BTN_RATING = "🏆 К рейтингу"
BTN_PREV = "◀️ Назад"
BTN_NEXT = "Дальше ▶️"
BTN_WRITE = "✉️ Написать администраторам"


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
        st = s.standing
        lines.append(
            f"{n}. <b>{escape(s.school.name)}</b> ({kind}): {of_staff(st.share)} · "
            f"{in_bot(st.joined, st.declared, st.joined_percent)}"
        )
        lines.append(
            f"    сотрудники {_latest(s, rules.STAFF_WEEKLY, r.week)} · "
            f"ученики и родители {_latest(s, rules.STUDENTS_PARENTS_WEEKLY, r.week)}"
        )
        if s.chats is not None and s.chats.figures:
            active = chats.active_share(s.chats.school)
            measured = f" · за неделю {active}" if active else ""
            lines.append(f"    в чатах классов: {chats.school_summary(s.chats.school)}{measured}")
        if s.progress.checked.counted:
            lines.append(f"    {checked_line(s.progress.checked)}")
    if len(r.schools) > last - first:
        lines += ["", f"Школы {first + 1}–{min(last, len(r.schools))} из {len(r.schools)}."]
    lines += ["", RANKING_RULE]
    lines.append("Сотрудники и ученики с родителями — последняя введённая неделя, доля в %.")
    if any(s.chats is not None and s.chats.figures for s in r.schools[first:last]):
        lines.append(
            "В чатах классов — посчитано ботом в чатах, где он администратор; «за неделю» — "
            "по входам в чат, приблизительно."
        )
    return "\n".join(lines)


def open_button(n: int, name: str) -> str:
    """«🏫 1. Школа №5» (numbered as the digest's lines), at most 32 characters."""
    text = f"🏫 {n}. {name}"
    return text if len(text) <= 32 else text[:31] + "…"


def school_button(position: int, name: str) -> str:
    text = f"{position}. {name}"
    return text if len(text) <= 40 else text[:39] + "…"


def overdue(page: OverduePage) -> str:
    lines = [f"{OVERDUE_ICON} <b>Просрочено по школам</b> — {fmt_date(page.today)}"]
    if not page.total:
        lines += ["", "Просроченных пунктов нет 👍"]
        return "\n".join(lines)
    lines.append(f"Всего: {n_people(page.total)} в {n_schools_in(page.schools)}")
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


# --- «✉️ Написать администраторам» -----------------------------------------------------------

BTN_WRITE_CANCEL = "✖️ Не писать"
WRITE_CANCELLED = "Хорошо, сообщение не отправлено."
WRITE_EMPTY = "Пустое сообщение не отправлено. Напишите текст или нажмите «✖️ Не писать»."
WRITE_TOO_LONG = (
    "Сообщение длиннее 3000 символов. Сократите его и отправьте ещё раз или нажмите «✖️ Не писать»."
)
WRITE_EXPIRED = (
    "Это сообщение никому не отправлено: с нажатия «✉️ Написать администраторам» прошло больше "
    "30 минут. Нажмите кнопку под сводкой ещё раз."
)
WRITE_FORBIDDEN = "Это не школа вашего управления: сообщение не отправлено."


def ask_write(school: str) -> str:
    return (
        f"✉️ Напишите одним сообщением, что передать администраторам: <b>{escape(school)}</b>.\n"
        "Они получат его от вашего имени."
    )


def write_nobody(school: str) -> str:
    return (
        f"В боте нет администратора: {escape(school)}. Откройте школу кнопкой «🏫» под "
        "сводкой и отправьте администратору «🔗 Ссылка для администратора»."
    )


def write_sent(school: str, admins: int) -> str:
    whom = plural(admins, "администратору", "администраторам", "администраторам")
    return f"✅ Отправлено {admins} {whom}: {escape(school)}."


def note_for_admin(author: str, note: str) -> str:
    return f"✉️ <b>Сообщение от управления образования</b> · {escape(author)}\n\n{escape(note)}"
