"""Texts of the school-year roll-over (`/rollover`)."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.rules import classes as rules
from bot.ui.texts import fmt_date

BTN_OPEN = "🎒 Посмотреть переход"
BTN_CONFIRM = "✅ Подтвердить переход"
BTN_FIX = "✏️ Исправить"
BTN_BACK = "◀️ К переходу"
BTN_TO_LIST = "◀️ К списку классов"
BTN_PREV = "◀️ Назад"
BTN_NEXT = "Вперёд ▶️"

ACTION_BUTTONS = {
    rules.ADVANCE: "➡️ Перевести в {new}",
    rules.KEEP: "⏸ Оставить {old}",
    rules.CLOSE: "🎓 Закрыть: выпуск или расформирован",
}
STALE = "Переход уже изменился — откройте /rollover ещё раз."
UNKNOWN = "Такого класса в переходе нет. Откройте /rollover ещё раз."
CLASH = "⚠️ Два класса получат одно название — исправьте, затем подтвердите."
MAX_LINES = 60  # classes listed in the preview; a longer list ends with «…и ещё N»


def _teachers(move: rules.Move) -> str:
    names = [escape(t.name) for t in move.continuing]
    out = f" — {', '.join(names)}" if names else ""
    if move.leaving:
        out += " (не продолжает: " + ", ".join(escape(t.name) for t in move.leaving) + ")"
    return out


def move_line(move: rules.Move) -> str:
    old = escape(move.old_label)
    fixed = " ✏️" if move.corrected else ""
    if move.action == rules.CLOSE:
        return f"• {old} — 🎓 класс закроется{fixed}"
    if move.action == rules.KEEP:
        return f"• {old} остаётся {old}{fixed}{_teachers(move)}"
    return f"• {old} → <b>{escape(move.new_label or '')}</b>{fixed}{_teachers(move)}"


def preview(p: rules.Preview) -> str:
    lines = [f"🎒 <b>Переход на {p.to_year} учебный год</b>", ""]
    if not p.moves:
        lines.append("В боте пока нет классов школы — переходить нечему.")
    else:
        lines.append("После подтверждения:")
        lines += [move_line(m) for m in p.moves[:MAX_LINES]]
        if len(p.moves) > MAX_LINES:
            lines.append(f"…и ещё {len(p.moves) - MAX_LINES}")
    if p.clashes:
        lines += ["", CLASH + " Совпадают: " + ", ".join(escape(c) for c in p.clashes) + "."]
    lines.append("")
    if p.new_first_grades:
        lines.append("Новые 1-е классы добавьте после перехода: /classes → «Добавить класс».")
    lines.append(
        "Пункты классных руководителей откроются заново, прошлогодние ответы останутся "
        "в истории. Пока вы не подтвердите, ничего не изменится."
    )
    return "\n".join(lines)


def not_due(year: str, next_date: date) -> str:
    return (
        f"🎒 Школа уже в {year} учебном году. Следующий переход классов — "
        f"с {fmt_date(next_date)}: бот напомнит."
    )


def done(p: rules.Preview) -> str:
    moved = len(p.advancing) + len(p.kept)
    return (
        f"✅ <b>Школа перешла в {p.to_year} учебный год.</b>\n"
        f"Классов в новом году: {moved}, закрыто: {len(p.closing)}.\n"
        "Классные руководители получат пункты нового года в /checklist. "
        "Новые классы: /classes."
    )


def class_card(move: rules.Move) -> str:
    lines = [move_line(move), "", "Что сделать с классом в новом году?"]
    if move.continuing or move.leaving:
        lines.append("Кнопка с именем: продолжает ли классный руководитель с этим классом.")
    return "\n".join(lines)


def teacher_button(name: str, leaves: bool) -> str:
    return f"{'❌ не продолжает' if leaves else '✅ продолжает'}: {name}"


def class_button(move: rules.Move) -> str:
    if move.action == rules.CLOSE:
        return f"{move.old_label} — закроется"
    return f"{move.old_label} → {move.new_label}"


def classes_intro(to_year: str) -> str:
    return f"✏️ Какой класс исправить в переходе на {to_year}?"


def reminder(to_year: str) -> str:
    return (
        f"🎒 Начался {to_year} учебный год. Проверьте, как классы перейдут в новый год "
        "(5А → 6А, выпускники, новые классные руководители), и подтвердите. До подтверждения "
        "классы и их пункты остаются прошлогодними."
    )
