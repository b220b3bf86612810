"""Russian texts: verify (part of the one catalogue, `bot.ui.texts`).

Screenshots that confirm an item (the administrator approves or returns them)."""

from __future__ import annotations

from html import escape

# --- screenshots: the person -----------------------------------------------------------------

EVIDENCE_SENT = (
    "📨 Скриншот отправлен администратору на проверку. Я напишу, когда он его посмотрит."
)
EVIDENCE_NOT_EXPECTED = (
    "Фото и снимки экрана я принимаю как подтверждение пунктов чек-листа, для которых нужен "
    "скриншот (например, «вступил(а) в организацию в Сферуме»): его проверяет ответственный "
    "администратор школы.\n\nСейчас у вас нет пунктов, которые ждут скриншота. "
    "Ваш чек-лист — /checklist."
)
EVIDENCE_FETCH_FAILED = (
    "Не удалось получить снимок. Пришлите его, пожалуйста, ещё раз — как фото, не больше 5 МБ."
)


def evidence_no_reviewer(title: str) -> str:
    return (
        f"Скриншот сохранён, пункт «{escape(title)}» отмечен выполненным.\n\n"
        "Проверить снимок пока некому: в школе нет другого ответственного администратора в боте."
    )


def evidence_approved_for_person(title: str) -> str:
    return f"✅ Администратор подтвердил ваш скриншот: пункт «{escape(title)}» выполнен."


def evidence_returned_for_person(title: str, reason: str) -> str:
    return (
        f"↩️ Администратор вернул ваш скриншот по пункту «{escape(title)}».\n"
        f"Причина: {escape(reason)}.\n\n"
        "Пункт снова открыт. Пришлите, пожалуйста, новый снимок экрана прямо сюда, в этот чат: "
        "на нём должны быть видны организация и ваш статус."
    )


BTN_OPEN_ITEM = "📄 Открыть пункт"

# --- screenshots: the administrator ------------------------------------------------------------

BTN_APPROVE = "✅ Подтвердить"
BTN_RETURN = "↩️ Вернуть с комментарием"

# Ready reasons for returning a screenshot: code (in the button payload) -> the reason.
RETURN_REASONS = {
    "r1": "Не виден статус",
    "r2": "Не та организация",
    "r3": "Нечитаемый снимок",
    "r4": "Другое — обсудим лично",
}


def evidence_for_admin(name: str, title: str, class_label: str | None) -> str:
    cls = f" (класс {escape(class_label)})" if class_label else ""
    return (
        f"📷 <b>{escape(name)}</b>{cls} прислал(а) скриншот к пункту «{escape(title)}».\n\n"
        "Проверьте, что на снимке видны ваша организация и статус сотрудника, "
        "и нажмите «Подтвердить» или «Вернуть с комментарием»."
    )


def return_ask_reason(name: str, title: str) -> str:
    return (
        f"Почему возвращаете скриншот <b>{escape(name)}</b> («{escape(title)}»)? "
        "Выберите причину — я передам её вместе с просьбой прислать новый снимок."
    )


def evidence_approved_for_admin(name: str, title: str) -> str:
    return f"✅ Скриншот подтверждён: <b>{escape(name)}</b>, «{escape(title)}»."


def evidence_returned_for_admin(name: str, title: str, reason: str) -> str:
    return (
        f"↩️ Скриншот возвращён: <b>{escape(name)}</b>, «{escape(title)}».\n"
        f"Причина: {escape(reason)}."
    )


RETURN_PICK_TOAST = "Выберите причину в сообщении ниже"
EVIDENCE_APPROVED_TOAST = "✅ Подтверждено"
EVIDENCE_RETURNED_TOAST = "↩️ Возвращено"
EVIDENCE_ALREADY_APPROVED = "Этот скриншот уже подтверждён — ничего не изменено."
EVIDENCE_ALREADY_RETURNED = "Этот скриншот уже возвращён — ничего не изменено."
EVIDENCE_REPLACED = "Этот скриншот заменён более новым — проверьте последний присланный."
EVIDENCE_OWN = "Свой скриншот подтвердить нельзя: его проверяет другой администратор школы."
