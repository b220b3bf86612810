"""Joining: the greetings after `/start` or an invite link, and why a link did not work."""

from __future__ import annotations

from html import escape

from bot.ui.texts import items_word, role_title


def welcome_joined(
    name: str, school: str, role: str, kind: str, class_label: str | None, items: int
) -> str:
    cls = f", класс {escape(class_label)}" if class_label else ""
    return (
        f"Здравствуйте, {escape(name)}! 👋\n\n"
        f"Вы зарегистрированы: <b>{escape(school)}</b>, {role_title(role, kind)}{cls}.\n\n"
        "Школы переходят в «Сферум» в мессенджере MAX. Я проведу вас по вашим шагам "
        "дорожной карты — по одному пункту за раз. Отвечайте кнопками под сообщением.\n\n"
        f"У вас {items} {items_word(items)}. Начнём!"
    )


def welcome_updated(name: str, school: str, role: str, kind: str, class_label: str | None) -> str:
    cls = f", класс {escape(class_label)}" if class_label else ""
    return (
        f"{escape(name)}, ваши данные обновлены: <b>{escape(school)}</b>, "
        f"{role_title(role, kind)}{cls}. Ваши прежние ответы сохранены."
    )


def welcome_authority(name: str, authority: str) -> str:
    return (
        f"Здравствуйте, {escape(name)}! 👋\n\n"
        f"Вы зарегистрированы как специалист: <b>{escape(authority)}</b>.\n"
        "Я покажу, как школы проходят дорожную карту перехода в «Сферум» в MAX. "
        "Команды: /progress — рейтинг школ, /export — отчёт XLSX, /help — все команды."
    )


def welcome_back(name: str) -> str:
    return f"С возвращением, {escape(name)}! Продолжим с того места, где вы остановились."


JOIN_UNKNOWN = (
    "Эта ссылка-приглашение не найдена. Проверьте, что ссылка скопирована целиком, "
    "или попросите новую у ответственного администратора вашей школы."
)
JOIN_EXPIRED = (
    "Срок действия этой ссылки-приглашения истёк. "
    "Попросите новую ссылку у ответственного администратора вашей школы."
)
JOIN_REVOKED = (
    "Эта ссылка-приглашение отменена администратором. "
    "Попросите новую ссылку у ответственного администратора вашей школы."
)
JOIN_USED_UP = (
    "По этой ссылке уже зарегистрировались — она была личной или одноразовой. "
    "Попросите свою ссылку у ответственного администратора вашей школы."
)
START_STRANGER = (
    "Здравствуйте! Я помогаю сотрудникам школ пройти переход в «Сферум» в мессенджере MAX.\n\n"
    "Чтобы начать, откройте ссылку-приглашение от ответственного администратора вашей школы "
    "(она выглядит как https://max.ru/…?start=…). Если ссылки нет — попросите её у администратора."
)
JOIN_THROTTLED = (
    "Слишком много попыток входа с неверными ссылками-приглашениями. Из соображений "
    "безопасности вход по ссылке для вас временно закрыт — попробуйте снова через час. "
    "Убедитесь, что ссылка скопирована целиком, или попросите новую у ответственного "
    "администратора вашей школы."
)
STILL_ON_CHECKLIST = "\n\nВаш чек-лист по-прежнему доступен: /checklist"
