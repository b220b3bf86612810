"""Russian texts: invites, the staff overview and «remind now» (part of the one catalogue,
`bot.ui.texts`). HTML format; user data is escaped."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from bot.ui.texts import OVERDUE_ICON, STATUS_ICONS, STATUS_TITLES, fmt_date, role_title

# --- /invite: the wizard ---------------------------------------------------------------------

BTN_CANCEL = "✖️ Отмена"
BTN_OTHER_CLASS = "✏️ Другой класс"
BTN_NO_GROUP = "Без указания группы"
BTN_NO_LIMIT = "Без ограничения"

INVITE_ROLE = (
    "🔗 <b>Новая ссылка-приглашение</b>\n\n"
    "Шаг 1. Кого приглашаем? По ссылке человек сразу получит эту роль в вашей школе."
)
INVITE_CANCELLED = "Хорошо, ссылку не создаём. Новая ссылка — /invite, список ссылок — /invites."


def role_button(role: str, kind: str) -> str:
    title = role_title(role, kind)
    return title[:1].upper() + title[1:]


def invite_class(kind: str, known: bool) -> str:
    what = "группу" if kind == "preschool" else "класс"
    if kind == "preschool":
        hint = "" if known else "\n\nГрупп в боте пока нет — можно создать ссылку без группы."
    else:
        hint = "" if known else "\n\nВыберите номер класса, затем букву."
    return f"🔗 Шаг 2. Выберите {what} для ссылки классного руководителя.{hint}"


INVITE_GRADE = "🔗 Шаг 2. Выберите номер класса."


def invite_letter(grade: str) -> str:
    return f"🔗 Шаг 2. Класс {escape(grade)}… — выберите букву."


def class_button(label: str) -> str:
    return label


def _choice(role: str, kind: str, class_label: str | None) -> str:
    cls = f", {escape(class_label)}" if class_label else ""
    return f"{role_title(role, kind)}{cls}"


def invite_days(role: str, kind: str, class_label: str | None) -> str:
    return (
        f"🔗 Ссылка: <b>{_choice(role, kind, class_label)}</b>\n\n"
        "Шаг 3. Сколько дней действует ссылка?"
    )


def days_button(days: int) -> str:
    return f"{days} дней"


def invite_uses(role: str, kind: str, class_label: str | None, days: int) -> str:
    return (
        f"🔗 Ссылка: <b>{_choice(role, kind, class_label)}</b>, {days} дней\n\n"
        "Шаг 4. Сколько человек могут зарегистрироваться по ссылке?"
    )


def uses_button(uses: int) -> str:
    if uses == 0:
        return BTN_NO_LIMIT
    return "1 человек (личная)" if uses == 1 else f"До {uses} человек"


def invite_created(
    link: str, role: str, kind: str, class_label: str | None, expires: date, max_uses: int | None
) -> str:
    limit = "без ограничения числа людей" if max_uses is None else f"не больше {max_uses} человек"
    personal = (
        "Это личная ссылка: отправьте её одному человеку — лично в MAX или по почте."
        if max_uses == 1
        else "Отправьте ссылку коллегам — в общий чат, лично в MAX или по почте."
    )
    return (
        f"✅ <b>Ссылка готова</b>: {_choice(role, kind, class_label)}\n"
        f"Действует до {fmt_date(expires)}, {limit}.\n\n"
        f"{link}\n\n"
        f"{personal} Человек открывает ссылку в MAX и нажимает «Начать» — бот сразу "
        "регистрирует его и показывает его чек-лист.\n\n"
        "Список ссылок и отзыв — /invites."
    )


WIZARD_STALE = "Кнопка устарела. Начните заново: /invite."

# --- /invites: the list ----------------------------------------------------------------------

BTN_PREV = "◀️ Назад"
BTN_NEXT = "Вперёд ▶️"
BTN_REVOKE_YES = "🗑 Да, отозвать"
BTN_BACK_TO_LIST = "◀️ К списку"


def revoke_button(number: int) -> str:
    return f"❌ Отозвать №{number}"


def revoke_unused_button(count: int) -> str:
    return f"🧹 Отозвать все неиспользованные ({count})"


def _uses(uses: int, max_uses: int | None) -> str:
    return f"{uses} из {max_uses}" if max_uses is not None else f"{uses} (без ограничения)"


def invite_list(
    rows: list[tuple[int, str, str | None, str | None, int, int | None, date]],
    kind: str,
    total: int,
    page: int,
    pages: int,
) -> str:
    """rows: (number, role, class label, personal label, uses, max uses, expiry date)."""
    if not total:
        return "🔗 <b>Действующих ссылок-приглашений нет.</b>\n\nСоздать ссылку — /invite."
    head = f"🔗 <b>Действующие ссылки-приглашения</b>: {total}"
    if pages > 1:
        head += f" (стр. {page} из {pages})"
    lines = [head, ""]
    for number, role, class_label, label, uses, max_uses, expires in rows:
        who = f" · «{escape(label)}»" if label else ""
        lines.append(
            f"{number}. <b>{_choice(role, kind, class_label)}</b>{who}\n"
            f"    зарегистрировались: {_uses(uses, max_uses)} · до {fmt_date(expires)}"
        )
    lines += ["", "Отозванная ссылка перестаёт работать сразу. Новая ссылка — /invite."]
    return "\n".join(lines)


def revoke_unused_confirm(count: int) -> str:
    return (
        f"🧹 Отозвать все неиспользованные ссылки-приглашения ({count})?\n\n"
        "По ним ещё никто не зарегистрировался; они перестанут работать. "
        "Ссылки, по которым уже регистрировались, останутся."
    )


def revoked_unused(count: int) -> str:
    return f"Отозвано неиспользованных ссылок: {count}."


def failed_attempts(attempts: int, users: int, blocked: int) -> str:
    """The wrong-code figures under the list ("" when there were none)."""
    if not attempts:
        return ""
    text = (
        f"\n\n🛡 Неудачные попытки входа за сутки: {attempts} (пользователей: {users}) — "
        "по всему боту, с неверными или несуществующими кодами."
    )
    if blocked:
        text += f"\nСейчас вход закрыт на час из-за подбора кода: {blocked} чел."
    return text


REVOKED = "Ссылка отозвана ✅"
REVOKE_INACTIVE = "Эта ссылка уже отозвана или истекла."
NOTHING_UNUSED = "Неиспользованных ссылок нет."

# --- /staff ----------------------------------------------------------------------------------

STAFF_ICONS = {
    "overdue": OVERDUE_ICON,
    "open": "⬜",
    "done": "✅",
    "paused": "⏸",
    "unreachable": "🚫",
    "not_joined": "⏳",
}
STAFF_TITLES = {
    "all": "Все",
    "overdue": "Просрочено",
    "open": "Открыто",
    "done": "Готово",
    "paused": "На паузе",
    "unreachable": "Недоступен",
    "not_joined": "Не присоединились",
}
STATUS_LONG = {
    "overdue": "есть просроченные пункты",
    "open": "в процессе",
    "done": "все пункты закрыты",
    "paused": "на паузе",
    "unreachable": "недоступен: сообщения не доходят (бот заблокирован или чат удалён)",
}


def filter_button(status_filter: str, count: int, current: bool) -> str:
    icon = STAFF_ICONS.get(status_filter)
    text = f"{icon} {STAFF_TITLES[status_filter]}" if icon else STAFF_TITLES[status_filter]
    mark = "• " if current else ""
    return f"{mark}{text} ({count})"


def person_button(status: str, name: str) -> str:
    text = f"{STAFF_ICONS[status]} {name}"
    return text if len(text) <= 60 else text[:59] + "…"


BTN_REMIND = "🔔 Напомнить просрочившим"


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
) -> str:
    """rows: (status, name, role, class label, roster position) on this page."""
    people = sum(n for status, n in counts.items() if status != "not_joined")
    summary = " · ".join(f"{icon} {counts.get(status, 0)}" for status, icon in STAFF_ICONS.items())
    head = f"👥 <b>{escape(school)}</b> — в боте: {people}\n{summary}"
    title = STAFF_TITLES[status_filter]
    pages_note = f", стр. {page} из {pages}" if pages > 1 else ""
    lines = [head, "", f"<b>{title}</b>: {total}{pages_note}"]
    if not rows:
        lines.append("Никого нет.")
    for status, name, role, class_label, position in rows:
        lines.append(
            f"{STAFF_ICONS[status]} {escape(name)} — {_who(role, kind, class_label, position)}"
        )
    if status_filter != "not_joined" and rows:
        lines += ["", "Нажмите на человека, чтобы увидеть его пункты."]
    if status_filter == "not_joined" and rows:
        lines += ["", "Личные ссылки для них — в /invites."]
    return "\n".join(lines)


def person_card(
    name: str,
    role: str,
    kind: str,
    class_label: str | None,
    status: str,
    paused_until: date | None,
    unreachable_since: date | None,
    items: list[tuple[str | None, bool, str, date | None]],
) -> str:
    """items: (status, overdue, title, deadline) in plan order."""
    lines = [
        f"👤 <b>{escape(name)}</b> — {_who(role, kind, class_label)}",
        f"Статус: {STAFF_ICONS[status]} {STATUS_LONG[status]}",
    ]
    if paused_until is not None and status == "paused":
        lines.append(f"Пауза до {fmt_date(paused_until)} включительно.")
    if unreachable_since is not None:
        lines.append(f"Сообщения не доходят с {fmt_date(unreachable_since)}.")
    lines.append("")
    done = overdue = 0
    for item_status, late, title, deadline in items:
        icon = OVERDUE_ICON if late else STATUS_ICONS[item_status]
        note = ""
        if item_status in STATUS_TITLES and item_status != "done":
            note = f" — {STATUS_TITLES[item_status]}"
        if deadline and item_status not in ("done", "na"):
            note += f" — до {fmt_date(deadline)}" + (" (срок прошёл)" if late else "")
        lines.append(f"{icon} {escape(title)}{note}")
        done += item_status == "done"
        overdue += late
    lines += ["", f"Итого: готово {done} из {len(items)}, просрочено {overdue}."]
    return "\n".join(lines)


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
    lines.append(f"Отправлено сейчас: {now} чел.")
    if morning:
        when = f" ({quiet_until:%d.%m %H:%M})" if quiet_until else ""
        lines.append(f"🌙 Сейчас тихие часы — отправится утром{when}: {morning} чел.")
    if already:
        lines.append(f"Уже получили напоминание сегодня: {already} чел. (не чаще раза в день)")
    if skipped:
        lines.append(f"На паузе или недоступны — не беспокоим: {skipped} чел.")
    return "\n".join(lines)
