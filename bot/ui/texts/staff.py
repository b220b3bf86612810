"""Russian texts: the staff overview (`/staff`, a person's page) and «remind now» (`/remind`)
(part of the one catalogue, `bot.ui.texts`). HTML format; user data is escaped."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from bot.rules.staff import (
    ALL,
    DONE,
    GONE,
    NOT_JOINED,
    OPEN,
    OUTSIDE,
    OVERDUE,
    PAUSED,
    REVIEW,
    UNREACHABLE,
)
from bot.ui.texts import OVERDUE_ICON, STATUS_TITLES, fmt_date, n_people, role_title
from bot.ui.texts.invites import BTN_BACK_TO_LIST as BTN_BACK_TO_LIST
from bot.ui.texts.invites import BTN_NEXT as BTN_NEXT
from bot.ui.texts.invites import BTN_PREV as BTN_PREV
from bot.ui.texts.verify import tally_parts
from bot.vocab import Status

# --- /staff ----------------------------------------------------------------------------------

STAFF_ICONS = {
    OVERDUE: OVERDUE_ICON,
    REVIEW: "🔎",
    OPEN: "⬜",
    DONE: "✅",
    PAUSED: "⏸",
    UNREACHABLE: "🚫",
    NOT_JOINED: "⏳",
    GONE: "🚪",
}
STAFF_TITLES = {
    ALL: "Все",
    OVERDUE: "Просрочено",
    REVIEW: "На проверке",
    OPEN: "Открыто",
    DONE: "Готово",
    PAUSED: "На паузе",
    UNREACHABLE: "Недоступен",
    NOT_JOINED: "Не присоединились",
    GONE: "Больше не работают",
}
STATUS_LONG = {
    OVERDUE: "есть просроченные пункты",
    REVIEW: "ждёт проверки скриншота: подтвердите или верните его под присланным снимком",
    OPEN: "в процессе",
    DONE: "все пункты закрыты",
    PAUSED: "на паузе",
    UNREACHABLE: "недоступен: сообщения не доходят (бот заблокирован или чат удалён)",
    GONE: "больше не работает в школе: не учитывается в прогрессе и сводках, сообщений не получает",
}


def staff_summary(counts: dict[str, int]) -> str:
    """«⏰ Просрочено: 7 · ✅ Готово: 2 · ⏸ На паузе: 1» in words, the statuses nobody has left
    out; people who left the school are not among them (their filter still lists them)."""
    parts = [
        f"{icon} {STAFF_TITLES[status]}: {counts[status]}"
        for status, icon in STAFF_ICONS.items()
        if counts.get(status) and status != GONE
    ]
    return " · ".join(parts) if parts else "Пока никого нет."


def filter_button(status_filter: str, count: int, current: bool) -> str:
    icon = STAFF_ICONS.get(status_filter)
    text = f"{icon} {STAFF_TITLES[status_filter]}" if icon else STAFF_TITLES[status_filter]
    mark = "• " if current else ""
    return f"{mark}{text} ({count})"


def person_button(status: str, name: str) -> str:
    text = f"{STAFF_ICONS[status]} {name}"
    return text if len(text) <= 60 else text[:59] + "…"


BTN_REMIND = "🔔 Напомнить просрочившим"
BTN_STAFF = "👥 Сотрудники"
REMIND_TOAST = "🔔"


def _who(role: str, kind: str, class_label: str | None, position: str | None = None) -> str:
    parts = [escape(position) if position else role_title(role, kind)]
    if class_label:
        parts.append(escape(class_label))
    return ", ".join(parts)


def staff_list(
    school: str,
    status_filter: str,
    counts: dict[str, int],
    rows: list[tuple[str, str, str, str | None, str | None]],
    kind: str,
    total: int,
    page: int,
    pages: int,
    declared: str = "",
) -> str:
    """rows: (status, name, role, class label, roster position) on this page; declared: the
    line of declared totals (`declared_line`)."""
    people = sum(n for status, n in counts.items() if status not in OUTSIDE)
    head = f"👥 <b>{escape(school)}</b> — в боте: {people}\n{staff_summary(counts)}"
    if declared:
        head += "\n" + declared
    title = STAFF_TITLES[status_filter]
    pages_note = f", стр. {page} из {pages}" if pages > 1 else ""
    lines = [head, "", f"<b>{title}</b>: {total}{pages_note}"]
    if not rows:
        lines.append("Никого нет.")
    for status, name, role, class_label, position in rows:
        lines.append(
            f"{STAFF_ICONS[status]} {escape(name)} — {_who(role, kind, class_label, position)}"
        )
    if status_filter != NOT_JOINED and rows:
        lines += ["", "Нажмите на человека, чтобы увидеть его пункты."]
    if status_filter == NOT_JOINED and rows:
        lines += ["", "Личные ссылки для них — в /invites."]
    if status_filter == GONE and rows:
        lines.append("Их ответы остались в истории; ошибочную отметку снимает «Вернуть».")
    return "\n".join(lines)


def person_card(
    name: str,
    role: str,
    kind: str,
    class_label: str | None,
    status: str,
    paused_until: date | None,
    unreachable_since: date | None,
    items: list[tuple[str, str | None, bool, str, date | None, str | None]],
    checked: tuple[int, int, int] = (0, 0, 0),
) -> str:
    """items: (icon, status, overdue, title, deadline, how it is confirmed) in plan order;
    checked: (verified, self-reported, pending) of the items that can be confirmed."""
    lines = [
        f"👤 <b>{escape(name)}</b> — {_who(role, kind, class_label)}",
        f"Статус: {STAFF_ICONS[status]} {STATUS_LONG[status]}",
    ]
    if paused_until is not None and status == PAUSED:
        lines.append(f"Пауза до {fmt_date(paused_until)} включительно.")
    if unreachable_since is not None:
        lines.append(f"Сообщения не доходят с {fmt_date(unreachable_since)}.")
    lines.append("")
    done = overdue = 0
    for icon, item_status, late, title, deadline, checks in items:
        note = ""
        if item_status in STATUS_TITLES and item_status != Status.DONE:
            note = f" — {STATUS_TITLES[item_status]}"
        if checks:
            note += f" — {checks}"
        if deadline and item_status not in (Status.DONE, Status.NA):
            note += f" — до {fmt_date(deadline)}" + (" (срок прошёл)" if late else "")
        lines.append(f"{icon} {escape(title)}{note}")
        done += item_status == Status.DONE
        overdue += late
    verified, self_reported, pending = checked
    done -= pending  # a screenshot under review is not done yet
    lines += ["", f"Итого: готово {done} из {len(items)}, просрочено {overdue}."]
    if verified or self_reported or pending:
        lines.append(f"Снимки и чаты: {tally_parts(verified, self_reported, pending)}.")
    return "\n".join(lines)


BTN_TOTAL_STAFF = "✏️ Штат"
BTN_TOTAL_STUDENTS = "✏️ Учащиеся"
TOTAL_WHAT = {"staff": "сотрудников по штату", "students": "учащихся (воспитанников)"}


def declared_line(staff: int | None, students: int | None) -> str:
    def shown(value: int | None) -> str:
        return str(value) if value else "не указано"

    return f"По штату: {shown(staff)} · учащихся: {shown(students)}"


def ask_total(what: str, current: int | None) -> str:
    now = f" Сейчас: {current}." if current else ""
    return (
        f"✏️ Напишите число {TOTAL_WHAT[what]} — целое, от 1 до 10000.{now}\n"
        "Оно нужно для доли зарегистрированных в /kpi и в сводках."
    )


def total_saved(what: str, value: int) -> str:
    return f"✅ Сохранено: {TOTAL_WHAT[what]} — {value}."


def total_bad(what: str) -> str:
    return (
        f"Не понял число. Нужно целое число {TOTAL_WHAT.get(what, '')} от 1 до 10000, "
        "например 45. Ничего не изменено — напишите ещё раз или нажмите «Пропустить»."
    )


BTN_LEFT = "🚪 Больше не работает в школе"
BTN_LEFT_YES = "🚪 Да, больше не работает"
BTN_LEFT_NO = "✖️ Отмена"
BTN_BACK_TO_WORK = "↩️ Вернуть"


def leave_confirm(name: str) -> str:
    return (
        f"🚪 Отметить, что <b>{escape(name)}</b> больше не работает в школе?\n\n"
        "С этого момента человек не учитывается в прогрессе, сводках и показателях, не получает "
        "напоминаний и рассылок и не может пользоваться ботом как сотрудник школы. Его прежние "
        "ответы останутся в истории. Если отметка ошибочна, её можно снять: «Вернуть»."
    )


def left_done(name: str) -> str:
    return f"🚪 Отмечено: {escape(name)} больше не работает в школе."


def back_done(name: str) -> str:
    return f"↩️ {escape(name)} снова в списке сотрудников школы."


LEFT_CANCELLED = "Отменено, ничего не изменено."
LEFT_SELF = "Себя отметить нельзя: это может сделать другой ответственный администратор школы."
LEFT_LAST_ADMIN = (
    "Это последний ответственный администратор школы: без него школой некому управлять. "
    "Сначала пригласите нового администратора (/invite), затем отметьте этого."
)
LEFT_STALE = "Кнопка устарела: состояние уже изменилось. Откройте /staff."


# --- /remind ---------------------------------------------------------------------------------


def remind_message(name: str, items: list[tuple[str, date | None]]) -> str:
    """items: (title, deadline) of the open overdue items."""
    lines = [
        f"🔔 {escape(name)}, ответственный администратор школы напоминает: "
        "срок этих пунктов дорожной карты прошёл.",
        "",
    ]
    for title, deadline in items:
        due = f" — до {fmt_date(deadline)}" if deadline else ""
        lines.append(f"{OVERDUE_ICON} {escape(title)}{due}")
    lines += [
        "",
        "Нажмите «Продолжить» — я покажу первый открытый пункт. Если не получается, "
        "там же есть кнопка «Нужна помощь».",
    ]
    return "\n".join(lines)


def remind_result(
    now: int, morning: int, already: int, skipped: int, quiet_until: datetime | None
) -> str:
    if not (now or morning or already or skipped):
        return "👍 Просроченных пунктов нет — напоминать некому."
    lines = ["🔔 <b>Напоминание о просроченных пунктах</b>", ""]
    lines.append(f"Отправлено сейчас: {n_people(now)}")
    if morning:
        when = f" ({quiet_until:%d.%m %H:%M})" if quiet_until else ""
        lines.append(f"🌙 Сейчас тихие часы — отправится утром{when}: {n_people(morning)}")
    if already:
        lines.append(f"Уже получили напоминание сегодня: {n_people(already)} (не чаще раза в день)")
    if skipped:
        lines.append(f"На паузе или недоступны — не беспокоим: {n_people(skipped)}")
    return "\n".join(lines)
