"""Russian texts: chats (part of the one catalogue, `bot.ui.texts`).

The group chats a class teacher adds the bot to (what the chat is for)."""

from __future__ import annotations

from html import escape

from bot.vocab import ChatPurpose

CHAT_PURPOSE_BUTTONS: dict[str, str] = {
    ChatPurpose.STUDENTS: "👩‍🎓 С учениками",
    ChatPurpose.PARENTS: "👪 С родителями",
    ChatPurpose.TEACHERS: "👩‍🏫 С учителями-предметниками",
}
BTN_OTHER_CHAT = "💬 Другой чат"
CHAT_PURPOSE_TITLES: dict[str, str] = {
    ChatPurpose.STUDENTS: "чат с учениками",
    ChatPurpose.PARENTS: "чат с родителями",
    ChatPurpose.TEACHERS: "чат с учителями-предметниками",
    "other": "другой чат",
}


def _chat_name(title: str | None) -> str:
    return f"«{escape(title)}»" if title else "без названия"


def chat_purpose_question(title: str | None) -> str:
    return (
        f"Вы добавили меня в чат {_chat_name(title)}. Что это за чат?\n\n"
        "Выберите — и я отмечу пункт чек-листа как выполненный и подтверждённый. "
        "В самом чате я ничего писать не буду."
    )


def chat_item_verified(chat_title: str | None, purpose: str, item_title: str) -> str:
    return (
        f"✅ Записал: {_chat_name(chat_title)} — {CHAT_PURPOSE_TITLES[purpose]}.\n"
        f"Пункт «{escape(item_title)}» выполнен и подтверждён."
    )


def chat_other(chat_title: str | None) -> str:
    return (
        f"Хорошо, записал чат {_chat_name(chat_title)}. Пунктов чек-листа он не закрывает — "
        "если создадите чат с учениками, родителями или учителями-предметниками, "
        "добавьте меня и туда."
    )


def chat_purpose_already(purpose: str) -> str:
    return f"Для этого чата уже выбрано: {CHAT_PURPOSE_TITLES.get(purpose, purpose)}."


CHAT_REMOVED = "Бота уже удалили из этого чата — выбор не сохранён."


def rights_hint(title: str | None) -> str:
    return (
        f"ℹ️ Сделайте меня администратором чата {_chat_name(title)} — тогда я смогу считать, "
        "сколько учеников или родителей уже в чате. Писать в чат я не буду.\n\n"
        "Как: откройте чат → нажмите на его название вверху → «Участники» → найдите меня в "
        "списке → «Сделать администратором»."
    )
