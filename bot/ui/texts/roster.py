"""Russian texts: roster (part of the one catalogue, `bot.ui.texts`)."""

from __future__ import annotations

from html import escape

from bot.ui.texts import role_title

MAX_ERRORS_SHOWN = 20
ERRORS_BUDGET = 3500  # characters of problem lines in one message

# --- the files --------------------------------------------------------------------------------

TEMPLATE_FILENAME = "shablon-spiska-sotrudnikov.xlsx"
TEMPLATE_SHEET = "Сотрудники"
TEMPLATE_HELP_SHEET = "Как заполнить"
TEMPLATE_HEADER = ("ФИО", "Должность", "Роль", "Класс", "Учеников")
TEMPLATE_ROLES = ("администратор", "классный руководитель", "учитель", "сотрудник")
"""The drop-down of the template's «Роль» (each one a role `bot.rules.roster` reads)."""
TEMPLATE_ROLE_PROMPT = "Выберите роль из списка"
TEMPLATE_ROLE_ERROR = "Роль — одна из списка: " + ", ".join(TEMPLATE_ROLES)
TEMPLATE_HELP = (
    ("Столбец", "Что писать"),
    ("ФИО", "Фамилия, имя и отчество — обязательно, по одному сотруднику в строке."),
    ("Должность", "Как в штатном расписании (необязательно): «учитель математики»."),
    (
        "Роль",
        "Обязательно: администратор, классный руководитель, учитель (или педагог), сотрудник "
        "— выберите из списка в ячейке.",
    ),
    ("Класс", "Только для классного руководителя — обязательно: «5А» (в ДОУ — название группы)."),
    ("Учеников", "Необязательно, у классного руководителя: сколько учеников в классе, 1–60."),
    ("", ""),
    ("Пример", ""),
    ("Иванова Анна Петровна", "учитель математики; классный руководитель; 5А; 25"),
    ("Петров Олег Иванович", "учитель физкультуры; учитель"),
    ("Сидорова Мария Ильинична", "секретарь; сотрудник"),
    ("", ""),
    (
        "Важно",
        "Заполняйте лист «Сотрудники», строка заголовков — первая. Не больше 2000 строк. "
        "Повторная загрузка обновляет записи по ФИО, а не дублирует их.",
    ),
)
LINKS_FILENAME = "ssylki-priglasheniya.xlsx"
LINKS_SHEET = "Ссылки"
LINKS_HEADER = ("ФИО", "Должность", "Роль", "Класс", "Ссылка-приглашение", "Статус")
STATUS_NEW = "новая ссылка"
STATUS_JOINED = "уже присоединился"

# --- messages -------------------------------------------------------------------------------

HOWTO = (
    "📋 <b>Список сотрудников</b>\n\n"
    "1. Заполните шаблон (файл ниже): ФИО, должность, роль и класс (у классного руководителя "
    "можно и число учеников) — по строке на человека. "
    "Подойдёт и свой файл XLSX или CSV с такими же столбцами.\n"
    "2. Пришлите заполненный файл сюда, в этот чат.\n"
    "3. В ответ я пришлю таблицу с личной ссылкой-приглашением для каждого — раздайте их.\n\n"
    "Каждая ссылка одноразовая и действует 30 дней. Если загрузить список ещё раз, записи "
    "обновятся по ФИО, а те, кто ещё не присоединился, получат новые ссылки (старые перестанут "
    "действовать)."
)
ONLY_ADMIN_FILE = (
    "Спасибо! Файлы со списком сотрудников принимает только ответственный администратор школы. "
    "Если вы хотели что-то уточнить — напишите /help."
)
BAD_EXTENSION = (
    "Я принимаю список сотрудников в формате XLSX или CSV. Сохраните таблицу как «Книга Excel "
    "(.xlsx)» или «CSV» и пришлите ещё раз. Шаблон — /roster."
)
TOO_BIG = "Файл больше 2 МБ — это слишком много для списка сотрудников. Проверьте файл."
DOWNLOAD_FAILED = "Не удалось получить файл из MAX. Пришлите его ещё раз, пожалуйста."
LINKS_CAPTION = "Ссылки-приглашения — раздайте каждому его личную ссылку."


def problems_text(lines: list[str]) -> str:
    """At most 20 problems (and fewer if they are long: a message is < 4000 characters)."""
    shown: list[str] = []
    size = 0
    for line in lines[:MAX_ERRORS_SHOWN]:
        item = f"• {escape(line)}"
        if shown and size + len(item) > ERRORS_BUDGET:
            break
        shown.append(item)
        size += len(item) + 1
    if len(lines) > len(shown):
        shown.append(f"… и ещё {len(lines) - len(shown)}")
    return (
        "⚠️ Список не загружен — в файле есть ошибки. Ничего не изменено.\n\n"
        + "\n".join(shown)
        + "\n\nИсправьте файл и пришлите его снова. Шаблон — /roster."
    )


def summary(
    *,
    school: str,
    rows: int,
    created: int,
    updated: int,
    links: int,
    joined: int,
    revoked: int,
    kept: int,
    total: int,
    declared_staff: int | None,
) -> str:
    lines = [
        f"✅ Список сотрудников загружен: <b>{escape(school)}</b>",
        f"Строк в файле: {rows} (новых: {created}, обновлено: {updated}).",
        f"Новых ссылок-приглашений: {links}.",
    ]
    if joined:
        lines.append(f"Уже присоединились: {joined}.")
    if revoked:
        lines.append(f"Прежние ссылки отменены: {revoked} — раздавайте ссылки из этого файла.")
    if kept:
        lines.append(f"Из прежнего списка сохранены записи, которых нет в этом файле: {kept}.")
    lines.append(f"Всего в списке школы: {total}.")
    if declared_staff is not None:
        lines.append(f"Численность сотрудников для отчётов: {declared_staff}.")
    return "\n".join(lines)


# --- parsing problems (the reason part; the place is added by `place`) ----------------------


def place(row: int | None, column: str | None) -> str:
    parts = []
    if row is not None:
        parts.append(f"Строка {row}")
    if column is not None:
        parts.append(f"столбец «{column}»")
    return ", ".join(parts)


def problem_line(row: int | None, column: str | None, reason: str) -> str:
    where = place(row, column)
    return f"{where}: {reason}" if where else reason


ALLOWED_ROLES = "администратор, классный руководитель, учитель (педагог), сотрудник"
EMPTY_FILE = "файл пустой — нет ни строки заголовков, ни сотрудников"
NO_ROWS = "в файле нет ни одного сотрудника — только строка заголовков"
NOT_CSV = "файл не похож на CSV (текст с разделителями «;» или «,»): сохраните таблицу как CSV"
NOT_XLSX = "не удалось открыть файл как XLSX: он повреждён или это другой формат"
EMPTY_NAME = "ФИО не заполнено"
EMPTY_ROLE = "роль не указана (" + ALLOWED_ROLES + ")"
CLASS_REQUIRED = "для классного руководителя нужно указать класс, например «5А»"
CLASS_NOT_ALLOWED = "класс указывают только для классного руководителя — оставьте ячейку пустой"
STUDENTS_WITHOUT_CLASS = (
    "число учеников указывают только вместе с классом классного руководителя — оставьте "
    "ячейку пустой"
)


def bad_students(limit: int) -> str:
    return f"число учеников — целое число от 1 до {limit}, например 25"


def students_differ(label: str, first_row: int) -> str:
    return f"для класса {label} в строке {first_row} указано другое число учеников"


def too_many_rows(limit: int) -> str:
    return f"слишком много строк: в списке может быть не больше {limit} сотрудников"


def missing_column(title: str) -> str:
    return (
        f"в первой строке нет столбца «{title}» — нужны заголовки ФИО, должность, роль, класс "
        "(скачайте шаблон: /roster)"
    )


def duplicate_column(title: str, first: int) -> str:
    return f"столбец «{title}» повторяется (он уже есть в колонке {first})"


def unknown_role(value: str) -> str:
    return f"неизвестная роль «{value}» (допустимо: {ALLOWED_ROLES})"


def duplicate_name(name: str, first_row: int) -> str:
    return f"«{name}» уже есть в строке {first_row}"


def too_long(limit: int) -> str:
    return f"слишком длинное значение (не больше {limit} символов)"


def role_name(role: str) -> str:
    return role_title(role)
