"""Russian texts: the authority's roadmap, `/plan` and the plan file (part of `bot.ui.texts`).

The problems of a file stay in English, exactly as `python -m bot plan check` prints them (the
operator and the authority read the same messages); only the frame around them is Russian.
"""

from __future__ import annotations

from html import escape

from bot.ui.texts import items_word, plural

MAX_SHOWN = 12  # codes listed per group in a preview
PROBLEMS_BUDGET = 3400  # characters of problem lines in one message (a message is < 4000)
PROBLEM_MAX = 600  # characters of one problem line

BTN_REPLACE = "✅ Заменить план"
BTN_CANCEL = "✖️ Отмена"

HOWTO = (
    "Чтобы заменить план, пришлите сюда файл плана в формате <b>.toml</b>. Я проверю его и "
    "покажу, какие пункты добавятся и уберутся, — план заменится только после вашего "
    "подтверждения.\n\n"
    "Отметки сотрудников привязаны к коду пункта: если пункт с тем же кодом есть в новом плане, "
    "его отметки сохранятся."
)
ONLY_AUTHORITY_FILE = (
    "Файл плана может загрузить только специалист управления образования. Ничего не изменено. "
    "Ваши команды — /help."
)
NOT_TEXT = (
    "Это не текстовый файл в кодировке UTF-8. Сохраните план как текст в UTF-8 и пришлите "
    "ещё раз. План не изменён."
)
TOO_BIG = "Файл больше 256 КБ — для плана это слишком много. Проверьте файл. План не изменён."
DOWNLOAD_FAILED = "Не удалось получить файл из MAX. Пришлите его ещё раз, пожалуйста."
STALE = "План уже изменился — пришлите файл ещё раз."
ALREADY = "План уже заменён."
CANCELLED = "Замена плана отменена. План не изменён."
UNKNOWN = "Кнопка устарела. Текущий план — /plan."


def current(name: str, items: int, own: bool) -> str:
    """`/plan`: the plan in force and how to replace it."""
    whose = "свой план управления" if own else "встроенный план"
    return (
        f"📋 <b>План (дорожная карта)</b>: {escape(name)}\n"
        f"{items} {items_word(items)}, {whose}.\n\n{HOWTO}"
    )


def problems(lines: list[str]) -> str:
    """Why the file was not taken: every problem as `plan check` prints it, as many as fit."""
    count = len(lines)
    head = f"❌ В файле плана {count} {plural(count, 'ошибка', 'ошибки', 'ошибок')}:"
    shown: list[str] = []
    size = 0
    for line in lines:
        line = line if len(line) <= PROBLEM_MAX else line[: PROBLEM_MAX - 1] + "…"
        item = escape(line, quote=False)  # text inside <pre>: quotes stay readable
        if shown and size + len(item) + 1 > PROBLEMS_BUDGET:
            break
        shown.append(item)
        size += len(item) + 1
    text = f"{head}\n<pre>" + "\n".join(shown) + "</pre>"
    if len(shown) < count:
        text += f"\n…и ещё {count - len(shown)}"
    return text + "\n\nПлан не изменён. Исправьте файл и пришлите его ещё раз."


def _codes(title: str, items: list[tuple[str, str]]) -> list[str]:
    if not items:
        return [f"<b>{title}</b>: нет"]
    lines = [f"<b>{title}</b> ({len(items)}):"]
    lines += [f"• <code>{escape(c)}</code> — {escape(t)}" for c, t in items[:MAX_SHOWN]]
    if len(items) > MAX_SHOWN:
        lines.append(f"…и ещё {len(items) - MAX_SHOWN}")
    return lines


def preview(
    name: str, current: str, added: list[tuple[str, str]], removed: list[tuple[str, str]], kept: int
) -> str:
    """What the file would change, before «Заменить план»."""
    lines = [
        f"📋 <b>Новый план</b>: {escape(name)}",
        f"Сейчас действует: {escape(current)}",
        "",
        *_codes("Добавятся", added),
        "",
        *_codes("Уберутся", removed),
        "",
        f"<b>Останутся</b>: {kept} {items_word(kept)} — их отметки сохранятся.",
        "",
        "Заменить план?",
    ]
    return "\n".join(lines)


def replaced(name: str, added: int, removed: int, kept: int) -> str:
    return (
        f"✅ <b>План заменён</b>: {escape(name)}\n"
        f"Добавлено: {added}, убрано: {removed}, осталось: {kept} {items_word(kept)}."
    )
