"""Russian texts: invites — the `/invite` wizard and the `/invites` list (part of the one
catalogue, `bot.ui.texts`). HTML format; user data is escaped."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.ui.texts import fmt_date, n_people, n_people_of, role_title
from bot.vocab import Kind

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
    what = "группу" if kind == Kind.PRESCHOOL else "класс"
    if kind == Kind.PRESCHOOL:
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
    limit = (
        "без ограничения числа людей" if max_uses is None else f"не больше {n_people_of(max_uses)}"
    )
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
CREATED_TOAST = "✅"

# --- /invites: the list ----------------------------------------------------------------------

BTN_PREV = "◀️ Назад"
BTN_NEXT = "Вперёд ▶️"
BTN_REVOKE_YES = "🗑 Да, отозвать"
BTN_REVOKE_NO = "Нет"
BTN_BACK_TO_LIST = "◀️ К списку"
BTN_ALL_LINKS = "🔗 Все ссылки"


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
            f"№{number} <b>{_choice(role, kind, class_label)}</b>{who}\n"
            f"    зарегистрировались: {_uses(uses, max_uses)} · до {fmt_date(expires)}"
        )
    lines += ["", "Отозванная ссылка перестаёт работать сразу. Новая ссылка — /invite."]
    return "\n".join(lines)


def used_links(count: int) -> str:
    """Under the list: the links used up (everyone they were for has joined)."""
    return f"\n\n✅ Использованы (по ним уже зарегистрировались): {count}."


def revoke_confirm(
    number: int, role: str, kind: str, class_label: str | None, label: str | None, uses: int
) -> str:
    """«Точно отозвать?» before one link is revoked."""
    who = f" · «{escape(label)}»" if label else ""
    return (
        f"Точно отозвать ссылку №{number} — <b>{_choice(role, kind, class_label)}</b>{who}?\n\n"
        f"Она перестанет работать сразу. Уже зарегистрировались: {uses}."
    )


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
        text += f"\nСейчас вход закрыт на час из-за подбора кода: {n_people(blocked)}."
    return text


REVOKED = "Ссылка отозвана ✅"
REVOKE_INACTIVE = "Эта ссылка уже отозвана или истекла."
NOTHING_UNUSED = "Неиспользованных ссылок нет."
