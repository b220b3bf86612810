"""Every Russian text the bot says. Messages use MAX's HTML format.

One module per feature (`texts/checklist.py`, `texts/joining.py`, …); this package keeps what
several features share: role and kind titles, status icons, dates, plural forms, the common
refusals.
"""

from __future__ import annotations

from datetime import date

from bot.rules.progress import item_title  # noqa: F401  (re-exported for the views)
from bot.vocab import Kind, Role, Status

ROLE_TITLES: dict[str, str] = {
    Role.ADMIN: "ответственный администратор",
    Role.CLASS_TEACHER: "классный руководитель",
    Role.TEACHER: "педагог",
    Role.STAFF: "сотрудник",
    Role.AUTHORITY: "специалист управления образования",
}
KIND_TITLES: dict[str, str] = {Kind.SCHOOL: "ОУ", Kind.PRESCHOOL: "ДОУ", Kind.EXTRA: "УДО"}
STATUS_ICONS: dict[str | None, str] = {
    None: "⬜",
    Status.DONE: "✅",
    Status.HELP: "🆘",
    Status.NA: "➖",
}
STATUS_TITLES: dict[str, str] = {
    Status.DONE: "готово",
    Status.HELP: "нужна помощь",
    Status.NA: "не относится ко мне",
}
OVERDUE_ICON = "⏰"


def fmt_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def role_title(role: str, kind: str | None = None) -> str:
    if role == Role.CLASS_TEACHER and kind == Kind.PRESCHOOL:
        return "воспитатель группы"
    return ROLE_TITLES.get(role, role)


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian noun form for `n`: plural(1, "пункт", "пункта", "пунктов") == "пункт",
    2–4 → "пункта", 5–20 and 11–14 → "пунктов" (CLDR's one/few/many for integers)."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def items_word(n: int) -> str:
    return plural(n, "пункт", "пункта", "пунктов")


def n_people(n: int) -> str:
    """«1 человек», «3 человека», «12 человек» (never «чел.»)."""
    return f"{n} {plural(n, 'человек', 'человека', 'человек')}"


def n_people_of(n: int) -> str:
    """After «из», «больше», «до»: «не больше 1 человека», «не больше 5 человек»."""
    return f"{n} {'человека' if n % 10 == 1 and n % 100 != 11 else 'человек'}"


def n_days(n: int) -> str:
    """«1 день», «3 дня», «14 дней»."""
    return f"{n} {plural(n, 'день', 'дня', 'дней')}"


def n_schools(n: int) -> str:
    """«1 организация», «2 организации», «5 организаций» (schools, kindergartens, УДО)."""
    return f"{n} {plural(n, 'организация', 'организации', 'организаций')}"


def n_schools_of(n: int) -> str:
    """After «из»: «из 1 организации», «из 3 организаций»."""
    return f"{n} {plural(n, 'организации', 'организаций', 'организаций')}"


def n_schools_in(n: int) -> str:
    """After «в»: «в 1 организации», «в 5 организациях»."""
    return f"{n} {plural(n, 'организации', 'организациях', 'организациях')}"


EVERY = {"week": "каждую неделю", "month": "каждый месяц", "year": "каждый учебный год"}


def deadline_line(deadline: date | None, overdue: bool, every: str | None = None) -> str:
    if deadline is None:
        return "🗓 Срок: постоянно"
    late = " — <b>срок прошёл</b>" if overdue else ""
    again = f" (🔁 {EVERY[every]})" if every else ""
    return f"🗓 Срок: до {fmt_date(deadline)}{late}{again}"


NOT_REGISTERED = (
    "Вы ещё не зарегистрированы. Откройте ссылку-приглашение от ответственного администратора "
    "вашей школы — и я покажу ваш чек-лист."
)
FOREIGN_BUTTON = "Эта кнопка не для вас."
LEFT_SCHOOL = (
    "Школа отметила, что вы у неё больше не работаете, поэтому чек-лист и напоминания "
    "для вас закрыты. Если это ошибка, обратитесь к ответственному администратору школы."
)
UNKNOWN_BUTTON = "Кнопка устарела. Откройте /checklist."
NO_CHECKLIST = "Для вашей роли личного чек-листа нет. Сводка по школам — /progress."
ONLY_ADMIN = "Это действие доступно только ответственному администратору школы."
NOT_ALLOWED = "Эта команда недоступна для вашей роли. Список ваших команд — /help."
FORBIDDEN_OBJECT = "Это не относится к вашей школе (или управлению). Действие не выполнено."
NO_BOT_USERNAME = (
    "Не получается составить ссылку: у бота не задано имя. "
    "Сообщите об этом тем, кто обслуживает бота. Ничего не изменено."
)
