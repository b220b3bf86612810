"""Russian texts: the authority's schools, `/schools` and `/addschool` (part of
`bot.ui.texts`)."""

from __future__ import annotations

from html import escape

from bot.ui.texts import KIND_TITLES, role_title
from bot.vocab import Role

BTN_ADMIN_LINK = "🔗 Ссылка для администратора"
BTN_SCHOOL_PROGRESS = "📊 Прогресс школы"
BTN_ADD_SCHOOL = "➕ Добавить школу"
LINK_TOAST = "🔗"


def schools_list(authority: str, schools: list[tuple[str, str, int]]) -> str:
    """schools: (name, kind, registered people)."""
    lines = [f"🏫 <b>Школы: {escape(authority)}</b>", ""]
    if not schools:
        lines.append("Школ пока нет.")
    for n, (name, kind, people) in enumerate(schools, 1):
        lines.append(f"{n}. {escape(name)} ({KIND_TITLES.get(kind, kind)}) — {people} чел.")
    lines += ["", "Выберите школу или добавьте новую."]
    return "\n".join(lines)


def school_card(
    name: str, kind: str, tz: str, people: int, admins: list[str], staff: int | None
) -> str:
    declared = f" из {staff} по штату" if staff else ""
    admin_line = ", ".join(escape(a) for a in admins) if admins else "ещё не присоединился"
    return (
        f"🏫 <b>{escape(name)}</b> ({KIND_TITLES.get(kind, kind)})\n"
        f"Часовой пояс: {escape(tz)}\n"
        f"Зарегистрировано: {people}{declared}\n"
        f"{role_title(Role.ADMIN).capitalize()}: {admin_line}"
    )


def admin_link(school: str, link: str) -> str:
    return (
        f"🔗 Личная ссылка для ответственного администратора «{escape(school)}» "
        f"(одна регистрация, 30 дней):\n\n{link}\n\n"
        "Передайте её администратору школы: по ней он зарегистрируется в боте."
    )


ADDSCHOOL_KIND = "➕ <b>Новая школа</b>\n\nВыберите тип организации:"


def addschool_ask_name(kind: str) -> str:
    return f"Тип: {KIND_TITLES.get(kind, kind)}. Напишите полное название одним сообщением."


ADDSCHOOL_BAD_NAME = "Название должно быть от 3 до 200 символов. Напишите название ещё раз."


def school_added(name: str) -> str:
    return f"✅ Школа «{escape(name)}» добавлена."
