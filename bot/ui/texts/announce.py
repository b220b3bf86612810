"""Russian texts: announcements, `/announce` (part of `bot.ui.texts`)."""

from __future__ import annotations

from html import escape

from bot.rules.audience import ADMINS, ALL, CHANNEL, CLASS_PREFIX, EVERYONE, role_audience
from bot.ui.texts import n_people, plural
from bot.vocab import Kind, Role

AUDIENCE_TITLES = {
    ALL: "всем сотрудникам школы",
    role_audience(Role.TEACHER): "педагогам",
    role_audience(Role.CLASS_TEACHER): "классным руководителям",
    role_audience(Role.STAFF): "сотрудникам (не педагогам)",
    role_audience(Role.ADMIN): "администраторам школы",
    ADMINS: "администраторам всех школ",
    EVERYONE: "всем сотрудникам всех школ",
    CHANNEL: "в канал управления",
}
BTN_CLASS = "👩‍🏫 Классному руководителю класса…"
BTN_SEND = "📣 Отправить"
BTN_CANCEL = "✖️ Отмена"
BTN_CANCEL_YES = "🗑 Да, отменить"
BTN_CANCEL_NO = "Нет"
BTN_NEW = "📣 Новое объявление"
BTN_CHANNEL = "📢 В канал управления"
BTN_PUBLISH = "✅ Опубликовать"


def audience_title(audience: str) -> str:
    if audience.startswith(CLASS_PREFIX):
        return f"классному руководителю {escape(audience.removeprefix(CLASS_PREFIX))}"
    return AUDIENCE_TITLES.get(audience, audience)


ANNOUNCE_CHOOSE = "📣 <b>Объявление</b>\n\nКому отправить?"
ANNOUNCE_HOW_TO_CHANNEL = (
    "\n\n📢 Чтобы публиковать объявления в канале управления, добавьте меня в канал "
    "администратором — кнопка «В канал управления» появится здесь."
)
ANNOUNCE_NO_CHANNEL = (
    "Канала управления, где я администратор, нет: объявление не опубликовано. Добавьте "
    "меня в канал администратором и начните заново: /announce"
)
ANNOUNCE_CHOOSE_CLASS = "Выберите класс:"
ANNOUNCE_NO_CLASSES = "В школе пока нет классных руководителей с указанным классом."
ANNOUNCE_BAD_AUDIENCE = "Такой группы получателей нет. Начните заново: /announce"


def announce_ask_text(audience: str) -> str:
    return (
        f"Объявление {audience_title(audience)}.\n\n"
        "Напишите текст одним сообщением — я покажу, как оно будет выглядеть, "
        "и отправлю только после подтверждения."
    )


def author_title(role: str, kind: str | None) -> str:
    """Who an announcement is from, after the name in its header."""
    if role == Role.AUTHORITY:
        return "управление образования"
    if kind == Kind.PRESCHOOL:
        return "администратор детского сада"
    return "администратор школы"


def announce_preview(text: str, audience: str, count: int, name: str, title: str) -> str:
    if count == 0:
        return (
            f"Получателей нет: {audience_title(audience)} — никто ещё не зарегистрирован "
            "в боте или все недоступны. Объявление не отправлено."
        )
    return (
        f"<b>Предпросмотр</b> — получат {n_people(count)} ({audience_title(audience)}):\n\n"
        f"{announcement(text, name, title)}\n\nОтправить?"
    )


def channel_preview(text: str, channel: str | None) -> str:
    name = f"«{escape(channel)}»" if channel else "управления"
    return (
        f"<b>Предпросмотр</b> — публикация в канале {name}. Подписчики увидят:\n\n"
        f"{channel_post(text)}\n\nОпубликовать?"
    )


def channel_post(text: str) -> str:
    """The post in the authority's channel: the typed text as it is (escaped once)."""
    return escape(text)


def channel_final(published: bool, text: str) -> str:
    """The one final report of a post into the channel."""
    quote = text if len(text) <= 60 else text[:59].rstrip() + "…"
    if published:
        return f"✅ Объявление «{escape(quote)}» опубликовано в канале управления."
    return (
        f"Не удалось опубликовать «{escape(quote)}»: я больше не администратор канала. "
        "Верните мне права администратора и отправьте снова."
    )


def channel_queued() -> str:
    return "📢 Публикую в канале управления…"


def announcement(text: str, name: str, title: str) -> str:
    """The announcement as its recipients get it (and its author previews it): a header with
    the sender's name and role, then the typed text, escaped once for MAX's HTML format, so
    `<a href=…>` arrives as the characters typed."""
    return f"📣 <b>Объявление</b> · {escape(name)}, {title}\n\n{escape(text)}"


ANNOUNCE_CANCEL_CONFIRM = "Точно отменить объявление? Оно не будет отправлено."


ANNOUNCE_EMPTY = "Текст пустой. Напишите объявление одним сообщением."
ANNOUNCE_TOO_LONG = "Слишком длинный текст — уложитесь, пожалуйста, в 3000 символов."
ANNOUNCE_CANCELLED = "Объявление отменено."
ANNOUNCE_ALREADY = "Это объявление уже отправлено."


def announce_queued(count: int) -> str:
    word = plural(count, "получатель", "получателя", "получателей")
    return f"📣 Объявление поставлено в очередь: {count} {word}."


def announce_report(delivered: int, total: int) -> str:
    """Right after sending, while some messages still wait (the final count follows)."""
    waiting = total - delivered
    return (
        f"📣 Доставлено: {delivered} из {total}. Ещё {waiting} — в очереди (тихие часы или "
        "повторная попытка). Когда рассылка закончится, пришлю итог."
    )


def announce_final(delivered: int, total: int, text: str) -> str:
    """The one final report when every message of the wave is delivered or given up."""
    quote = text if len(text) <= 60 else text[:59].rstrip() + "…"
    head = f"✅ Объявление «{escape(quote)}» доставлено: {delivered} из {total}."
    failed = total - delivered
    if failed:
        people = plural(failed, "человеку", "людям", "людям")
        head += f"\nНе удалось доставить {failed} {people}: бот у них заблокирован или недоступен."
    return head
