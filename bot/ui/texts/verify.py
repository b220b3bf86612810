"""Russian texts: verify (part of the one catalogue, `bot.ui.texts`).

Screenshots that confirm an item (the administrator approves or returns them)."""

from __future__ import annotations

from html import escape

from bot.rules.verify import Mark, Tally
from bot.ui.texts import OVERDUE_ICON, STATUS_ICONS
from bot.vocab import Evidence

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
        f"Скриншот сохранён, пункт «{escape(title)}» отмечен выполненным — без проверки.\n\n"
        "Проверить снимок пока некому: в школе нет другого ответственного администратора в боте."
    )


def evidence_approved_for_person(title: str) -> str:
    return f"✅ Администратор подтвердил ваш скриншот: пункт «{escape(title)}» выполнен."


def evidence_returned_for_person(title: str, reason: str) -> str:
    return (
        f"↩️ Администратор вернул ваш скриншот по пункту «{escape(title)}».\n"
        f"Причина: {escape(reason)}.\n\n"
        "Пункт снова открыт, «Готово» его не закроет. Пришлите, пожалуйста, новый снимок "
        "экрана прямо сюда, в этот чат: на нём должны быть видны организация и ваш статус."
    )


BTN_OPEN_ITEM = "📄 Открыть пункт"
BTN_NEXT_ITEM = "⏭ Следующий пункт"

HOW_TO_SEND = (
    "Как отправить: сделайте снимок экрана, где видны организация и ваш статус, и пришлите "
    "его сюда, в этот чат, как фото (скрепка → «Фото»). Я передам его администратору на "
    "проверку."
)
SCREENSHOT_NEEDED_TOAST = "📷 Нужен снимок экрана"
SCREENSHOT_ON_REVIEW_TOAST = "⏳ Снимок уже на проверке"


def screenshot_needed(title: str, returned: str | None) -> str:
    """«Готово» pressed on a screenshot item that has no confirmed screenshot."""
    before = f"↩️ Прошлый снимок вернули: {escape(returned)}.\n\n" if returned else ""
    return (
        f"{before}📷 Чтобы закрыть пункт «{escape(title)}», нужен снимок экрана: "
        f"«Готово» без него пункт не отметит.\n\n{HOW_TO_SEND}"
    )


def screenshot_on_review(title: str) -> str:
    """«Готово» pressed while the screenshot waits for the administrator."""
    return (
        f"⏳ Снимок к пункту «{escape(title)}» уже у администратора на проверке: пункт "
        "засчитается, когда он его подтвердит. Я напишу об этом.\n\n"
        "Если нужно, пришлите новый снимок сюда — он заменит прежний."
    )


# --- how an item is marked (bot.rules.verify): the checklist, /staff -------------------------

PENDING_ICON, RETURNED_ICON, SELF_REPORTED_ICON = "⏳", "↩️", "☑️"
PENDING_TITLE = "на проверке"


def item_icon(status: str | None, late: bool, mark: Mark, checkable: bool, returned: bool) -> str:
    """The icon of an item in a list: ⏰ overdue, ↩️ screenshot returned, ⏳ under review,
    ☑️ done on the person's word where it could be confirmed, else the status's."""
    if late:
        return OVERDUE_ICON
    if returned:
        return RETURNED_ICON
    if mark is Mark.PENDING:
        return PENDING_ICON
    if mark is Mark.SELF_REPORTED and checkable:
        return SELF_REPORTED_ICON
    return STATUS_ICONS[status]


def mark_note(mark: Mark, checkable: bool, returned: bool) -> str | None:
    """How an item's answer stands, for the administrator (a person's page in /staff)."""
    if returned and mark is Mark.OPEN:
        return "снимок вернули, ждём новый"
    if mark is Mark.PENDING:
        return f"{PENDING_TITLE} — снимок у вас"
    if checkable and mark is Mark.VERIFIED:
        return "подтверждено"
    if checkable and mark is Mark.SELF_REPORTED:
        return "со слов, без проверки"
    return None


def tally_parts(verified: int, self_reported: int, pending: int) -> str:
    """Verified, self-reported and pending side by side («✅ подтверждено 2 · …»)."""
    parts = [f"✅ подтверждено {verified}", f"{SELF_REPORTED_ICON} со слов {self_reported}"]
    if pending:
        parts.append(f"{PENDING_ICON} {PENDING_TITLE} {pending}")
    return " · ".join(parts)


def checked_line(marks: Tally) -> str:
    """The summary line of a school's confirmable items (/progress, the digest)."""
    return f"Снимки и чаты: {tally_parts(marks.verified, marks.self_reported, marks.pending)}"


def marks_of_item(marks: Tally | None) -> str:
    """After an item's «done/counted» (/progress, the digest): verified and self-reported
    apart, for an item that can be confirmed and has answers."""
    if marks is None or not (marks.done or marks.pending):
        return ""
    return f" ({tally_parts(marks.verified, marks.self_reported, marks.pending)})"


def evidence_note(evidence: str, mark: Mark, returned: str | None) -> str | None:
    """The line under an item's card on how its answer is (or gets) confirmed."""
    if evidence == Evidence.SCREENSHOT:
        if returned is not None and mark is Mark.OPEN:
            return (
                f"↩️ Вернули: {escape(returned)} — пришлите новый снимок сюда, в этот чат. "
                "«Готово» без снимка пункт не закроет."
            )
        return {
            Mark.OPEN: (
                "📷 Нужен снимок экрана: пришлите его сюда, в этот чат, как фото. "
                "«Готово» без снимка пункт не закроет."
            ),
            Mark.PENDING: "⏳ На проверке: снимок у администратора, я напишу, когда он посмотрит.",
            Mark.VERIFIED: "✅ Подтверждено администратором.",
            Mark.SELF_REPORTED: "☑️ Отмечено без проверки снимка.",
        }.get(mark)
    if evidence == Evidence.CHAT:
        return {
            Mark.SELF_REPORTED: (
                "☑️ Отмечено с ваших слов. Чтобы подтвердить, добавьте бота в этот чат."
            ),
            Mark.VERIFIED: "✅ Подтверждено: бот добавлен в чат.",
        }.get(mark)
    if evidence == Evidence.CHANNEL:
        return {
            Mark.OPEN: "📢 Чтобы подтвердить: добавьте бота в канал организации администратором.",
            Mark.SELF_REPORTED: (
                "☑️ Отмечено с ваших слов. Чтобы подтвердить, добавьте бота в канал администратором."
            ),
            Mark.VERIFIED: "✅ Подтверждено: бот — администратор канала организации.",
        }.get(mark)
    return None


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
        f"Почему возвращаете скриншот? От: <b>{escape(name)}</b>, «{escape(title)}». "
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
