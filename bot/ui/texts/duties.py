"""Russian texts: duties (part of the one catalogue, `bot.ui.texts`): the authority's own
checklist and its reminders."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from bot.ui.texts import fmt_date, n_schools_of

if TYPE_CHECKING:
    from bot.rules.duties import DutyState

BTN_DUTIES = "📋 Чек-лист управления"
BTN_DONE = "✅ Готово"
BTN_NA = "➖ Не относится"
BTN_REOPEN = "↩️ Отметить заново"
BTN_BACK = "◀️ К списку"
BTN_PREV = "◀️ Назад"
BTN_NEXT = "Дальше ▶️"
DUTY_STALE = "Этот пункт уже изменился — показываю, как он сейчас."
DUTY_UNKNOWN = "Этого пункта больше нет в плане."
DUTY_FORBIDDEN = "Это не школа вашего управления."
NO_DUTIES = "В вашем плане нет пунктов для управления образования. Команды: /help"


def mark(state: DutyState, today: date) -> str:
    if state.closed:
        return "✅" if state.status == "done" else "➖"
    return "⏰" if state.overdue(today) else "⬜"


def due_text(state: DutyState, today: date) -> str:
    if state.due is None:
        return ""
    if state.overdue(today):
        return f" — просрочено, срок был {fmt_date(state.due)}"
    return f" — до {fmt_date(state.due)}"


def progress_text(state: DutyState) -> str:
    """A per-school duty's «12 из 40 организаций»."""
    return f" ({state.schools_done} из {n_schools_of(state.schools)})" if state.schools else ""


def overview(authority: str, states: list[DutyState], today: date) -> str:
    done = sum(1 for s in states if s.closed)
    lines = [
        f"📋 <b>Чек-лист управления: {escape(authority)}</b>",
        f"Выполнено: {done} из {len(states)}",
        "",
    ]
    for s in states:
        extra = progress_text(s) if s.duty.per_school else ""
        lines.append(f"{mark(s, today)} {escape(s.duty.title)}{extra}{due_text(s, today)}")
    lines += ["", "Выберите пункт, чтобы отметить его или узнать, что сделать."]
    return "\n".join(lines)


def button_label(state: DutyState, today: date) -> str:
    text = f"{mark(state, today)} {state.duty.title}"
    return text if len(text) <= 60 else text[:59] + "…"


def card(state: DutyState, today: date, page: int = 0, pages: int = 1) -> str:
    lines = [
        f"{mark(state, today)} <b>{escape(state.duty.title)}</b>",
        f"<i>{escape(state.duty.ref)}</i>{due_text(state, today)}",
        "",
        escape(state.duty.howto.strip()),
    ]
    if state.duty.per_school:
        lines += ["", f"Отмечено: {state.schools_done} из {n_schools_of(state.schools)}."]
        if pages > 1:
            lines.append(f"Страница {page + 1} из {pages}.")
        lines.append("Нажмите на организацию, чтобы отметить её (или снять отметку).")
    return "\n".join(lines)


def school_button(name: str, ticked: bool) -> str:
    text = f"{'✅' if ticked else '⬜'} {name}"
    return text if len(text) <= 48 else text[:47] + "…"


def reminder(due: list[tuple[str, date | None, bool, int, int]]) -> str:
    """(title, due date, overdue, schools ticked, schools) of each duty to remind."""
    lines = ["⏰ <b>Чек-лист управления</b>: напоминаю о сроках", ""]
    for title, when, late, done, schools in due:
        extra = f" ({done} из {n_schools_of(schools)})" if schools else ""
        if when is None:
            lines.append(f"• {escape(title)}{extra}")
        elif late:
            lines.append(f"• {escape(title)}{extra} — просрочено, срок был {fmt_date(when)}")
        else:
            lines.append(f"• {escape(title)}{extra} — до {fmt_date(when)}")
    return "\n".join(lines)


def digest_line(done: int, total: int) -> str:
    return f"📋 Чек-лист управления: закрыто {done} из {total} (сделано или не относится)"
