"""Russian texts: uploaded files refused before or while they are read (part of the one
catalogue, `bot.ui.texts`). The reasons are lines of the roster's problem list; the refusals
after a stopped parse are whole messages."""

from __future__ import annotations

MB = 1024 * 1024
NEW_SHEET = (
    "скопируйте только список (ФИО, должность, роль, класс) на новый лист или в шаблон "
    "(/roster) и пришлите файл снова"
)

# --- the archive check and the reading limits (reasons: lines of the problem list) ---------


def megabytes(size: int) -> int:
    """Rounded up: a part just over a 16 MB limit is «17 МБ»."""
    return -(-size // MB)


def too_large(unpacked: int, limit: int) -> str:
    what = f"в распакованном виде в нём {megabytes(unpacked)} МБ данных, а хватает {limit // MB} МБ"
    return f"файл слишком большой для списка сотрудников: {what} — {NEW_SHEET}"


def too_much_text(unpacked: int, limit: int) -> str:
    what = f"{megabytes(unpacked)} МБ, можно не больше {limit // MB} МБ"
    return f"в таблице слишком много текста ({what}) — {NEW_SHEET}"


def too_many_columns(columns: int | None, limit: int) -> str:
    """`columns`: how many the sheet declares, if it does."""
    count = f"{columns}, можно" if columns is not None else "можно"
    return (
        f"в таблице слишком много столбцов ({count} не больше {limit}) — так бывает, когда "
        f"оформлены целые строки; {NEW_SHEET}"
    )


def too_many_sheet_rows(rows: int, limit: int) -> str:
    why = "так бывает, когда оформлены целые столбцы"
    return f"в таблице слишком много строк ({rows}, можно не больше {limit}) — {why}; {NEW_SHEET}"


PADDED = (
    "в таблице очень много пустых ячеек с оформлением (файл сжат подозрительно сильно) — "
    + NEW_SHEET
)
TOO_MANY_PARTS = "файл устроен слишком сложно для списка сотрудников — " + NEW_SHEET

# --- text files ---------------------------------------------------------------------------

BAD_ENCODING = (
    "не удалось определить кодировку текста — сохраните файл в кодировке UTF-8 (в Excel: "
    "«CSV UTF-8») и пришлите снова"
)


def csv_broken(line: int) -> str:
    return (
        f"строка {line} файла не читается как CSV (например, не закрыта кавычка) — сохраните "
        "таблицу как CSV ещё раз или пришлите файл XLSX"
    )


# --- a parse stopped by a limit of the worker (whole messages) ------------------------------

COPY_AND_RESEND = (
    "\n\nСкопируйте только список (ФИО, должность, роль, класс) на новый лист или в шаблон "
    "(/roster) и пришлите файл снова."
)
TOO_SLOW = "⚠️ Файл слишком сложный: я не успел его прочитать. Ничего не изменено." + COPY_AND_RESEND
TOO_HEAVY = (
    "⚠️ Файл слишком большой: для его чтения не хватило памяти. Ничего не изменено."
    + COPY_AND_RESEND
)
FAILED = (
    "⚠️ Не удалось прочитать файл. Ничего не изменено. Пришлите его ещё раз или заполните "
    "шаблон — /roster."
)
