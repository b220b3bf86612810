"""Russian texts: help (part of the one catalogue, `bot.ui.texts`): help requests — the notice
to the administrators (or the authority), the person's comment in it, the answer typed in the
bot, «Вопрос решён», «Передать в управление»."""

from __future__ import annotations

from html import escape

BTN_HELP_HANDLED = "✅ Вопрос решён"
BTN_HELP_ANSWER = "✍️ Ответить"
BTN_HELP_ANSWER_MORE = "✍️ Ответить ещё"
BTN_HELP_PASS = "➡️ Передать в управление"
BTN_HELP_NOT_NOW = "✖️ Не отвечать"
BTN_OPEN_ITEM = "📝 Открыть пункт"


def help_request(
    name: str,
    role: str,
    title: str,
    comment: str | None,
    school: str | None = None,
    passed_by: str | None = None,
) -> str:
    """The request as its helpers get it, the person's comment in it; `school` for the
    authority (a request passed on, or an administrator's own)."""
    lines = ["🆘 <b>Просьба о помощи</b>", f"от: {escape(name)}, {role}"]
    if school:
        lines.append(f"школа: {escape(school)}")
    lines.append(f"пункт: «{escape(title)}»")
    if passed_by:
        lines.append(f"передал(а): {escape(passed_by)}")
    text = "\n".join(lines)
    if comment:
        text += f"\n\nКомментарий: {escape(comment)}"
    return text + "\n\nОтветьте здесь же — «✍️ Ответить», или отметьте «Вопрос решён»."


def help_comment(name: str, title: str, comment: str) -> str:
    """A comment that came after the request had gone out (the request kept it otherwise)."""
    return (
        f"💬 Комментарий к просьбе о помощи («{escape(title)}»)\n"
        f"от: {escape(name)}\n\n{escape(comment)}"
    )


HELP_ASK_COMMENT = (
    "🆘 Записано: нужна помощь. Ответственный администратор школы получит уведомление.\n\n"
    "Если хотите, напишите одним сообщением, что именно не получается, — я передам. "
    "Или нажмите «Пропустить»."
)
HELP_ASK_COMMENT_ADMIN = (
    "🆘 Записано: нужна помощь. Уведомление получат другие администраторы школы, а если их "
    "нет в боте — управление образования.\n\n"
    "Если хотите, напишите одним сообщением, что именно не получается, — я передам. "
    "Или нажмите «Пропустить»."
)
HELP_NO_ADMIN = (
    "🆘 Записано: нужна помощь. В школе пока нет администратора в боте — обратитесь в поддержку "
    "«Сферума»: бот «Помощник Сферума» (https://max.ru/sferum_help), info@sferum.ru."
)
HELP_NOBODY_FOR_ADMIN = (
    "🆘 Записано: нужна помощь. Других администраторов школы и управления образования пока нет "
    "в боте — обратитесь в поддержку «Сферума»: бот «Помощник Сферума» "
    "(https://max.ru/sferum_help), info@sferum.ru."
)
HELP_COMMENT_SENT = "Спасибо, передал ✅"
HELP_COMMENT_TOO_LONG = "Слишком длинный комментарий — уложитесь, пожалуйста, в 1000 символов."


def help_handled_for_admin(name: str, title: str) -> str:
    return f"✅ Вопрос решён: <b>{escape(name)}</b>, «{escape(title)}»."


def help_handled_for_person(title: str) -> str:
    return (
        f"Ваш вопрос по пункту «{escape(title)}» отмечен как решённый. "
        "Если всё получилось — откройте пункт и нажмите «Готово»."
    )


def help_ask_answer(name: str, title: str) -> str:
    return (
        f"✍️ Ответ для: {escape(name)} (пункт «{escape(title)}»).\n\n"
        "Напишите ответ одним сообщением — я передам его."
    )


def help_answer_for_person(title: str, name: str, role: str, answer: str) -> str:
    return (
        f"💬 <b>Ответ на ваш вопрос</b> по пункту «{escape(title)}»\n"
        f"от: {escape(name)}, {role}\n\n{escape(answer)}"
    )


def help_answer_sent(name: str, title: str) -> str:
    return (
        f"✅ Ответ передан: {escape(name)}, «{escape(title)}».\n\n"
        "Когда вопрос будет решён, нажмите «Вопрос решён»."
    )


def help_passed(count: int) -> str:
    return f"➡️ Передано в управление образования (получателей: {count})."


HELP_ANSWER_TOO_LONG = "Слишком длинный ответ — уложитесь, пожалуйста, в 3000 символов."
HELP_ANSWER_EMPTY = "Ответ пустой. Напишите его одним сообщением."
HELP_ANSWER_NOT_NOW = "Хорошо, не отвечаем. Просьба остаётся открытой."
HELP_ALREADY_HANDLED = "Этот вопрос уже отмечен как решённый."
HELP_ALREADY_PASSED = "Эта просьба уже передана в управление."
HELP_NOBODY_IN_AUTHORITY = "В управлении образования пока никого нет в боте."
HELP_NOT_YOURS = "Это просьба о помощи из другой школы."
HELP_OWN_REQUEST = "Это ваша собственная просьба — ответит кто-то другой."
