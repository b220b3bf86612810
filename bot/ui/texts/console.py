"""Russian texts: announcements and the authority's schools (part of `bot.ui.texts`)."""

from __future__ import annotations

from html import escape

from bot.ui.texts import KIND_TITLES, role_title

AUDIENCE_TITLES = {
    "all": "всем сотрудникам школы",
    "role:teacher": "педагогам",
    "role:class_teacher": "классным руководителям",
    "role:staff": "сотрудникам (не педагогам)",
    "role:admin": "администраторам школы",
    "admins": "администраторам всех школ",
    "everyone": "всем сотрудникам всех школ",
}
BTN_CLASS = "👩‍🏫 Классному руководителю класса…"
BTN_SEND = "📣 Отправить"
BTN_CANCEL = "✖️ Отмена"
BTN_ADMIN_LINK = "🔗 Ссылка для администратора"
BTN_SCHOOL_PROGRESS = "📊 Прогресс школы"
BTN_ADD_SCHOOL = "➕ Добавить школу"


def audience_title(audience: str) -> str:
    if audience.startswith("class:"):
        return f"классному руководителю {escape(audience.removeprefix('class:'))}"
    return AUDIENCE_TITLES.get(audience, audience)


ANNOUNCE_CHOOSE = "📣 <b>Объявление</b>\n\nКому отправить?"
ANNOUNCE_CHOOSE_CLASS = "Выберите класс:"
ANNOUNCE_NO_CLASSES = "В школе пока нет классных руководителей с указанным классом."
ANNOUNCE_BAD_AUDIENCE = "Такой группы получателей нет. Начните заново: /announce"


def announce_ask_text(audience: str) -> str:
    return (
        f"Объявление {audience_title(audience)}.\n\n"
        "Напишите текст одним сообщением — я покажу, как оно будет выглядеть, "
        "и отправлю только после подтверждения."
    )


def announce_preview(text: str, audience: str, count: int) -> str:
    if count == 0:
        return (
            f"Получателей нет: {audience_title(audience)} — никто ещё не зарегистрирован "
            "в боте или все недоступны. Объявление не отправлено."
        )
    return (
        f"<b>Предпросмотр</b> — получат {count} чел. ({audience_title(audience)}):\n\n"
        f"{escape(text)}\n\nОтправить?"
    )


ANNOUNCE_EMPTY = "Текст пустой. Напишите объявление одним сообщением."
ANNOUNCE_TOO_LONG = "Слишком длинный текст — уложитесь, пожалуйста, в 3000 символов."
ANNOUNCE_CANCELLED = "Объявление отменено."
ANNOUNCE_ALREADY = "Это объявление уже отправлено."


def announce_queued(count: int) -> str:
    return f"📣 Объявление поставлено в очередь: {count} получател{'ь' if count == 1 else 'ей'}."


def announce_report(delivered: int, total: int) -> str:
    waiting = total - delivered
    tail = f" Ещё {waiting} — в очереди (тихие часы или повторная попытка)." if waiting else ""
    return f"✅ Доставлено: {delivered} из {total}.{tail}"


# --- the authority's schools --------------------------------------------------------------


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
        f"{role_title('admin').capitalize()}: {admin_line}"
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
