"""Every Russian text the bot says. Messages use MAX's HTML format.

One module per feature (`texts/checklist.py`, `texts/joining.py`, …); this package keeps what
several features share: role and kind titles, status icons, dates, plural forms, the common
refusals.
"""

from __future__ import annotations

from datetime import date
from html import escape

ROLE_TITLES = {
    "admin": "ответственный администратор",
    "class_teacher": "классный руководитель",
    "teacher": "педагог",
    "staff": "сотрудник",
    "authority": "специалист управления образования",
}
KIND_TITLES = {"school": "ОУ", "preschool": "ДОУ", "extra": "УДО"}
STATUS_ICONS = {None: "⬜", "done": "✅", "help": "🆘", "na": "➖"}
STATUS_TITLES = {"done": "готово", "help": "нужна помощь", "na": "не относится ко мне"}
OVERDUE_ICON = "⏰"


def fmt_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def role_title(role: str, kind: str | None = None) -> str:
    if role == "class_teacher" and kind == "preschool":
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


def deadline_line(deadline: date | None, overdue: bool) -> str:
    if deadline is None:
        return "🗓 Срок: постоянно"
    late = " — <b>срок прошёл</b>" if overdue else ""
    return f"🗓 Срок: до {fmt_date(deadline)}{late}"


NOT_REGISTERED = (
    "Вы ещё не зарегистрированы. Откройте ссылку-приглашение от ответственного администратора "
    "вашей школы — и я покажу ваш чек-лист."
)
FOREIGN_BUTTON = "Эта кнопка не для вас."
UNKNOWN_BUTTON = "Кнопка устарела. Откройте /checklist."
NO_CHECKLIST = "Для вашей роли личного чек-листа нет. Сводка по школам — /progress."


# --- progress -----------------------------------------------------------------------------


def pct(done: int, counted: int) -> str:
    return f"{round(100 * done / counted)} %" if counted else "—"


def school_progress(
    school: str,
    people: int,
    finished: int,
    percent: float,
    items: list[tuple[str, bool, int, int, int]],
    overdue: list[tuple[str, list[str]]],
    paused: list[tuple[str, date]],
    today: date,
) -> str:
    """items: (title, school_level, done, counted, help)."""
    lines = [
        f"<b>{escape(school)}</b> — прогресс на {fmt_date(today)}",
        f"Зарегистрировано: {people} · прошли чек-лист: {finished} · выполнено: {percent:.0f} %",
        "",
        "<b>Пункты</b> (сделали / к кому относится):",
    ]
    for title, school_level, done, counted, help_ in items:
        figure = (
            ("✅ сделано" if done else "⬜ не сделано") if school_level else f"{done}/{counted}"
        )
        help_note = f" · 🆘 {help_}" if help_ else ""
        lines.append(f"• {escape(title)}: {figure}{help_note}")
    lines.append("")
    if overdue:
        lines.append("<b>Просрочено</b>:")
        for name, titles in overdue[:30]:
            lines.append(f"• {escape(name)}: {escape('; '.join(titles))}")
        if len(overdue) > 30:
            lines.append(f"…и ещё {len(overdue) - 30}")
    else:
        lines.append("Просроченных пунктов нет 👍")
    if paused:
        lines += ["", "<b>На паузе</b>:"]
        lines += [f"• {escape(name)} — до {fmt_date(until)}" for name, until in paused]
    return "\n".join(lines)


PROGRESS_REFUSED = (
    "Сводка прогресса доступна ответственному администратору школы и управлению образования. "
    "Ваш личный прогресс — /checklist."
)


BTN_HELP_HANDLED = "✅ Вопрос решён"
# --- help requests --------------------------------------------------------------------------


def help_request(name: str, title: str, comment: str | None) -> str:
    text = f"🆘 <b>{escape(name)}</b> просит помощи с пунктом «{escape(title)}»."
    if comment:
        text += f"\n\nКомментарий: {escape(comment)}"
    return text + "\n\nКогда поможете, нажмите «Вопрос решён»."


def help_comment(name: str, title: str, comment: str) -> str:
    return (
        f"💬 Комментарий от <b>{escape(name)}</b> к просьбе о помощи "
        f"(«{escape(title)}»):\n\n{escape(comment)}"
    )


HELP_ASK_COMMENT = (
    "🆘 Записал: нужна помощь. Ответственный администратор школы получит уведомление.\n\n"
    "Если хотите, напишите одним сообщением, что именно не получается, — я передам. "
    "Или нажмите «Пропустить»."
)
HELP_NO_ADMIN = (
    "🆘 Записал: нужна помощь. В школе пока нет администратора в боте — обратитесь в поддержку "
    "«Сферума»: бот «Помощник Сферума» (https://max.ru/sferum_help), info@sferum.ru."
)
HELP_COMMENT_SENT = "Спасибо, передал администратору ✅"
HELP_COMMENT_TOO_LONG = "Слишком длинный комментарий — уложитесь, пожалуйста, в 1000 символов."


def help_handled_for_admin(name: str, title: str) -> str:
    return f"✅ Вопрос решён: <b>{escape(name)}</b>, «{escape(title)}»."


def help_handled_for_person(title: str) -> str:
    return (
        f"Администратор отметил ваш вопрос по пункту «{escape(title)}» как решённый. "
        "Если всё получилось — отметьте «Готово» в /checklist."
    )


HELP_ALREADY_HANDLED = "Этот вопрос уже отмечен как решённый."
HELP_NOT_YOURS = "Это просьба о помощи из другой школы."
ONLY_ADMIN = "Это действие доступно только ответственному администратору школы."


# --- digests -----------------------------------------------------------------------------------


def change(now: float, before: float | None) -> str:
    if before is None:
        return "первая сводка"
    delta = now - before
    return f"{'+' if delta >= 0 else '−'}{abs(delta):.0f} п.п. за неделю"


def school_digest(
    *,
    school: str,
    today: date,
    percent: float,
    previous: float | None,
    people: int,
    declared_staff: int | None,
    finished: int,
    items: list[tuple[str, bool, int, int]],
    overdue: list[tuple[str, list[str]]],
    help_requests: list[tuple[str, str, str | None]],
    paused: list[tuple[str, date]],
) -> str:
    """items: (title, school_level, done, counted); help: (name, title, comment)."""
    declared = f" из {declared_staff} по штату" if declared_staff else ""
    lines = [
        f"📊 <b>Еженедельная сводка: {escape(school)}</b> — {fmt_date(today)}",
        f"Выполнено: <b>{percent:.0f} %</b> ({change(percent, previous)})",
        f"Зарегистрировано: {people}{declared} · прошли чек-лист: {finished}",
        "",
        "<b>Пункты</b> (сделали / к кому относится):",
    ]
    for title, school_level, done, counted in items:
        figure = ("✅" if done else "⬜") if school_level else f"{done}/{counted}"
        lines.append(f"• {escape(title)}: {figure}")
    lines.append("")
    lines.append(f"<b>Просрочено</b>: {len(overdue)} чел." if overdue else "Просрочек нет 👍")
    lines += [f"• {escape(name)}: {escape('; '.join(titles))}" for name, titles in overdue[:20]]
    if len(overdue) > 20:
        lines.append(f"…и ещё {len(overdue) - 20}")
    if help_requests:
        lines += ["", f"<b>Открытые просьбы о помощи</b>: {len(help_requests)}"]
        for name, title, comment in help_requests[:20]:
            note = f" — «{escape(comment)}»" if comment else ""
            lines.append(f"• {escape(name)}: {escape(title)}{note}")
    if paused:
        lines += ["", "<b>На паузе</b>:"]
        lines += [f"• {escape(name)} — до {fmt_date(until)}" for name, until in paused]
    return "\n".join(lines)


def authority_digest(
    authority: str,
    today: date,
    ranking: list[tuple[str, float, int]],
    most_overdue: list[tuple[str, int]],
) -> str:
    """ranking: (school, percent, people) best first; most_overdue: (school, overdue people)."""
    lines = [f"📊 <b>Еженедельная сводка: {escape(authority)}</b> — {fmt_date(today)}", ""]
    lines.append("<b>Рейтинг школ по выполнению</b>:")
    for n, (name, percent, people) in enumerate(ranking, 1):
        lines.append(f"{n}. {escape(name)} — {percent:.0f} % (зарегистрировано {people})")
    if not ranking:
        lines.append("Школ пока нет.")
    if most_overdue:
        lines += ["", "<b>Больше всего просрочек</b>:"]
        lines += [f"• {escape(name)} — {count} чел." for name, count in most_overdue]
    return "\n".join(lines)


DIGEST_REFUSED = "Сводка доступна ответственному администратору школы и управлению образования."
CHART_TITLE = "Выполнение по пунктам, %"


NOT_ALLOWED = "Эта команда недоступна для вашей роли. Список ваших команд — /help."
FORBIDDEN_OBJECT = "Это не относится к вашей школе (или управлению). Действие не выполнено."
