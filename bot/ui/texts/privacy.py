"""`/forget_me`: a person removes their personal data."""

from __future__ import annotations

FORGET_ASK = (
    "🗑 <b>Удалить мои данные</b>\n\n"
    "Я удалю ваше имя, идентификаторы MAX, комментарии и скриншоты. Обезличенные отметки "
    "по пунктам останутся в статистике школы. После удаления бот вас не узнает: чтобы "
    "вернуться, понадобится новая ссылка-приглашение.\n\nУдалить?"
)
BTN_FORGET_YES = "🗑 Да, удалить"
BTN_FORGET_NO = "✖️ Отмена"
FORGOTTEN = "Готово: ваши данные удалены. Спасибо, что были с нами."
FORGET_CANCELLED = "Хорошо, ничего не удаляю."

FORGOTTEN_NAME = "Удалённый пользователь"  # what a forgotten person is called from then on
ERASED = "(удалено)"  # where a forgotten person's comment stood in a text others see
