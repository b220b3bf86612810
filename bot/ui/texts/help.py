"""Russian texts: help (part of the one catalogue, `bot.ui.texts`): help requests — the notice
to the administrators, the person's comment, «Вопрос решён»."""

from __future__ import annotations

from html import escape

BTN_HELP_HANDLED = "✅ Вопрос решён"


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
