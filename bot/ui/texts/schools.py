"""Russian texts: the authority's schools, `/schools` and `/addschool` (part of
`bot.ui.texts`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.ui.texts import KIND_TITLES, n_people, role_title
from bot.vocab import Role

BTN_ADMIN_LINK = "🔗 Ссылка для администратора"
BTN_SCHOOL_PROGRESS = "📊 Прогресс школы"
BTN_ADD_SCHOOL = "➕ Добавить школу"
BTN_BACK_TO_SCHOOLS = "◀️ К списку школ"
LINK_TOAST = "🔗"


def schools_list(authority: str, schools: list[tuple[str, str, int]]) -> str:
    """schools: (name, kind, registered people)."""
    lines = [f"🏫 <b>Школы: {escape(authority)}</b>", ""]
    if not schools:
        lines.append("Школ пока нет.")
    for n, (name, kind, people) in enumerate(schools, 1):
        lines.append(f"{n}. {escape(name)} ({KIND_TITLES.get(kind, kind)}) — {n_people(people)}")
    lines += ["", "Выберите школу или добавьте новую."]
    return "\n".join(lines)


def school_card(
    name: str, kind: str, tz: str, people: int, admins: list[str], staff: int | None
) -> str:
    declared = f" из {staff} по штату" if staff else ""
    admin_line = ", ".join(escape(a) for a in admins) if admins else "ещё не присоединился"
    return (
        f"🏫 <b>{escape(name)}</b> ({KIND_TITLES.get(kind, kind)})\n"
        f"Часовой пояс: {zone_title(tz)}\n"
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


BTN_CANCEL = "✖️ Отмена"
BTN_SKIP = "➡️ Пропустить"
ADDSCHOOL_CANCELLED = "Добавление школы отменено."
OFFSET_ON = datetime(2026, 1, 15)  # Russia keeps one offset all year (no summer time)
ZONE_TITLES = {
    "Europe/Kaliningrad": "Калининград +2",
    "Europe/Moscow": "Москва +3",
    "Europe/Samara": "Самара +4",
    "Asia/Yekaterinburg": "Екатеринбург +5",
    "Asia/Omsk": "Омск +6",
    "Asia/Krasnoyarsk": "Красноярск +7",
    "Asia/Irkutsk": "Иркутск +8",
    "Asia/Yakutsk": "Якутск +9",
    "Asia/Vladivostok": "Владивосток +10",
    "Asia/Magadan": "Магадан +11",
    "Asia/Kamchatka": "Камчатка +12",
}


def zone_title(tz: str) -> str:
    """«Москва (UTC+3)»: the city and the offset, never the zone's Latin name; a zone outside
    the list is given by its offset alone."""
    try:
        offset = ZoneInfo(tz).utcoffset(OFFSET_ON)
    except (ZoneInfoNotFoundError, ValueError):
        return "—"
    hours = int((offset or timedelta(0)).total_seconds() // 3600)
    utc = f"UTC{hours:+d}" if hours else "UTC"
    title = ZONE_TITLES.get(tz)
    return f"{title.rsplit(' ', 1)[0]} ({utc})" if title else utc


def keep_zone(tz: str) -> str:
    return f"Как у управления: {ZONE_TITLES.get(tz, tz)}"


def ask_zone(name: str, default: str) -> str:
    return (
        f"{school_added(name)}\n\nВ каком часовом поясе школа (время UTC+N)? По нему бот "
        f"напоминает в рабочие часы. Если не выбрать — как у управления: {zone_title(default)}."
    )


def ask_staff(tz: str) -> str:
    return (
        f"Часовой пояс: {zone_title(tz)}.\n\nСколько сотрудников в школе по штату? Напишите "
        "целое число от 1 до 10000 — по нему считается доля зарегистрированных."
    )


ASK_STUDENTS = "Сколько учащихся в школе? Напишите целое число от 1 до 10000."
ADDSCHOOL_BAD_TOTAL = (
    "Нужно целое число от 1 до 10000, например 45. Ничего не изменено — напишите ещё раз "
    "или нажмите «Пропустить»."
)
