"""Classes: what is wrong with a class label, in plain Russian; the `/classes` page."""

from __future__ import annotations

from html import escape

from bot.rules.classes import NAME_MAX, LabelProblem
from bot.ui.texts import chats, plural


def label_problem(problem: LabelProblem, text: str, suggestion: str) -> str:
    """Why `text` is not a class label (`suggestion`: what was probably meant)."""
    match problem:
        case LabelProblem.EMPTY:
            return "класс не указан — напишите, например, «5А»"
        case LabelProblem.SPACED:
            return f"класс пишется вместе, без пробела и дефиса: «{suggestion}», а не «{text}»"
        case LabelProblem.LATIN:
            return f"в «{text}» латинская буква — нужна русская: «{suggestion}»"
        case LabelProblem.GRADE:
            return f"классы — с 1 по 11, а «{text}» не подходит"
        case LabelProblem.TOO_LONG:
            return f"название группы длиннее {NAME_MAX} символов"
    return f"«{text}» не похоже на класс: напишите цифру и русскую букву, например «5А»"


# --- /classes ---------------------------------------------------------------------------------

BTN_ADD = "➕ Добавить класс"
BTN_SIZE = "👥 Число учеников"
BTN_ASSIGN = "🧑‍🏫 Назначить классного руководителя"
BTN_UNASSIGN = "✖️ Снять: {name}"
BTN_TO_LIST = "◀️ К списку классов"
BTN_BACK = "◀️ К классу"
BTN_PREV = "◀️ Назад"
BTN_NEXT = "Вперёд ▶️"
BTN_CANCEL = "✖️ Отмена"
BTN_CLOSE = "🗑 Закрыть класс"
BTN_CLOSE_YES = "🗑 Да, закрыть"
BTN_PARENTS_TEXT = "📨 Текст для родителей"
BTN_HOWTO = "ℹ️ Как подключить чат класса"

STALE = "Класс уже изменился — откройте /classes ещё раз."
NOT_ALLOWED = "Классы добавляет и руководителей назначает администратор школы."
NO_CLASSES = (
    "🏫 У вас пока нет класса в боте. Администратор школы может назначить вас классным "
    "руководителем: /classes."
)
ASK_LABEL = (
    "Напишите название класса: цифра и русская буква вместе, например «1А» или «5Б». "
    "Для группы детского сада — её название, например «Солнышко»."
)
ASK_SIZE = "Сколько учеников в классе {label}? Напишите число, например 25."
BAD_SIZE = "Нужно целое число от 1 до {max} — сколько учеников в классе {label}. Напишите ещё раз."
MAX_LINES = 40  # classes listed in the text; the rest are on the buttons' pages


def students(n: int) -> str:
    return f"{n} {plural(n, 'ученик', 'ученика', 'учеников')}"


def class_line(
    label: str, size: int | None, teachers: list[str], figures: tuple[str, ...] = ()
) -> str:
    """figures: the class's chat figures (`texts.chats.figure`), each under the class."""
    who = (
        ", ".join(escape(n) for n in teachers) if teachers else "классный руководитель не назначен"
    )
    count = students(size) if size is not None else "число учеников не указано"
    return "\n".join([f"• <b>{escape(label)}</b> · {count} · {who}", *(f"   {f}" for f in figures)])


def classes_list(
    year: str, lines: list[str], manage: bool, total: int, declared: int | None
) -> str:
    head = [f"🏫 <b>Классы школы — {year} учебный год</b>", ""]
    if not lines:
        head.append(
            "В боте пока нет классов. Добавьте их кнопкой «➕ Добавить класс» — или они "
            "появятся сами, когда классные руководители присоединятся по ссылке с классом."
        )
        return "\n".join(head)
    head += lines[:MAX_LINES]
    if len(lines) > MAX_LINES:
        head.append(f"…и ещё {len(lines) - MAX_LINES}")
    sized = f"Учеников по классам: {total}"
    if declared:
        sized += f" из {declared} заявленных"
    head += ["", sized + "."]
    head.append(
        "Нажмите на класс, чтобы указать число учеников или назначить классного руководителя."
        if manage
        else "Нажмите на класс, чтобы указать число учеников."
    )
    return "\n".join(head)


def class_card(
    label: str, size: int | None, teachers: list[str], year: str, figures: list[str]
) -> str:
    """figures: the class's chat figures with their notes (`texts.chats.figure_lines`)."""
    lines = [f"🏫 <b>Класс {escape(label)}</b> · {year} учебный год", ""]
    lines.append(f"Учеников: {size}" if size is not None else "Учеников: не указано")
    if teachers:
        lines.append("Классный руководитель: " + ", ".join(escape(n) for n in teachers))
    else:
        lines.append("Классный руководитель: не назначен")
    lines += ["", "<b>Чаты класса</b>", *(figures or [chats.NO_CLASS_CHATS])]
    if size is None and figures:
        lines.append("Укажите число учеников — и я посчитаю долю.")
    return "\n".join(lines)


def added(label: str) -> str:
    return f"✅ Класс {escape(label)} добавлен."


def exists(label: str) -> str:
    return (
        f"Класс {escape(label)} уже есть в списке — второй такой не добавлен. "
        "Напишите другое название."
    )


def bad_label(problem: LabelProblem, text: str, suggestion: str) -> str:
    why = label_problem(problem, escape(text), escape(suggestion))
    return f"⚠️ Не добавлен: {why}. Напишите ещё раз."


def saved_size(label: str, size: int) -> str:
    return f"✅ В классе {escape(label)} — {students(size)}."


def assigned(label: str) -> str:
    return (
        f"✅ Классный руководитель назначен. Пункты класса {escape(label)} появятся у него "
        "в /checklist со сроками от сегодняшнего дня."
    )


def removed(label: str) -> str:
    return f"Снят с класса {escape(label)}. Его прежние ответы сохранены."


def pick_intro(label: str, empty: bool) -> str:
    if empty:
        return f"Все сотрудники школы уже ведут класс {escape(label)} — назначать некого."
    return (
        f"Кого назначить классным руководителем {escape(label)}? Можно и администратора, и "
        "учителя-предметника: роль у них останется, добавятся пункты класса."
    )


def ask_close(label: str) -> str:
    return (
        f"Закрыть класс {escape(label)}? Он уйдёт из списка и из чек-листов классных "
        "руководителей, ответы по нему сохранятся в истории. Для выпускников и перехода "
        "в новый учебный год есть /rollover."
    )


def closed(label: str) -> str:
    return f"🗑 Класс {escape(label)} закрыт."
