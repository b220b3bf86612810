"""Every Russian text the bot says, in one catalogue. Messages use MAX's HTML format."""

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
OVERDUE_ICON = "⏰"

BTN_DONE = "✅ Готово"
BTN_HELP = "🆘 Нужна помощь"
BTN_NA = "➖ Не относится ко мне"
BTN_CONTINUE = "▶️ Продолжить"
BTN_CHECKLIST = "📋 Мой чек-лист"
BTN_PROGRESS = "📊 Прогресс"

ACK = {
    "done": "Отмечено: готово ✅",
    "help": "Записали: нужна помощь 🆘",
    "na": "Отмечено: не относится ➖",
}


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


# --- joining -------------------------------------------------------------------------------


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
NOT_REGISTERED = (
    "Вы ещё не зарегистрированы. Откройте ссылку-приглашение от ответственного администратора "
    "вашей школы — и я покажу ваш чек-лист."
)


# --- the walk-through ----------------------------------------------------------------------


def item_card(
    *,
    position: int,
    total: int,
    ref: str,
    title: str,
    howto: str,
    deadline: date | None,
    overdue: bool,
    status: str | None,
) -> str:
    current = ""
    if status is not None:
        current = f"\n\nСейчас отмечено: {STATUS_ICONS[status]} {STATUS_TITLES[status]}"
    return (
        f"<b>Пункт {position} из {total}</b> · {escape(ref)}\n"
        f"<b>{escape(title)}</b>\n\n"
        f"{escape(howto)}\n\n"
        f"{deadline_line(deadline, overdue)}{current}"
    )


STATUS_TITLES = {"done": "готово", "help": "нужна помощь", "na": "не относится ко мне"}


def all_answered(done: int, na: int, help_: int) -> str:
    if help_:
        return (
            f"Все пункты просмотрены 👍\n\n✅ Готово: {done}\n➖ Не относится: {na}\n"
            f"🆘 Нужна помощь: {help_}\n\n"
            "Пункты, где нужна помощь, остаются открытыми: ответственный администратор видит их "
            "в отчёте. Когда разберётесь — откройте /checklist и отметьте «Готово»."
        )
    return (
        f"🎉 Готово! Вы прошли весь чек-лист.\n\n✅ Готово: {done}\n➖ Не относится: {na}\n\n"
        "Что дальше: общайтесь с коллегами, учениками и родителями в папке «Сферум» в MAX. "
        "Если что-то изменится — /checklist покажет ваши пункты. "
        "Поддержка «Сферума»: бот «Помощник Сферума» (https://max.ru/sferum_help), info@sferum.ru."
    )


STALE_BUTTON = "Этот пункт уже отмечен — кнопка устарела. Актуальное состояние — в /checklist."
FOREIGN_BUTTON = "Эта кнопка не для вас."
NOT_APPLICABLE_BUTTON = "Этот пункт больше не относится к вам. Ваш актуальный список — /checklist."
UNKNOWN_BUTTON = "Кнопка устарела. Откройте /checklist."
NO_CHECKLIST = "Для вашей роли личного чек-листа нет. Сводка по школам — /progress."


def checklist_overview(
    lines: list[tuple[str | None, bool, str, date | None]], done: int, open_: int, overdue: int
) -> str:
    """lines: (status, overdue, title, deadline) in plan order."""
    rows = []
    for status, late, title, deadline in lines:
        icon = OVERDUE_ICON if late else STATUS_ICONS[status]
        due = f" — до {fmt_date(deadline)}" if deadline and status not in ("done", "na") else ""
        rows.append(f"{icon} {escape(title)}{due}")
    head = (
        f"<b>Мой чек-лист</b>\n✅ Сделано: {done} · ⬜ Открыто: {open_} · ⏰ Просрочено: {overdue}"
    )
    tail = (
        "\n\nНажмите «Продолжить», чтобы перейти к следующему открытому пункту, "
        "или выберите пункт ниже, чтобы изменить ответ."
        if open_
        else "\n\nВсе пункты закрыты 🎉 Можно выбрать пункт ниже, чтобы изменить ответ."
    )
    return head + "\n\n" + "\n".join(rows) + tail


def item_button(position: int, title: str, status: str | None, late: bool) -> str:
    icon = OVERDUE_ICON if late else STATUS_ICONS[status]
    text = f"{icon} {position}. {title}"
    return text if len(text) <= 60 else text[:59] + "…"


# --- help and fallbacks ---------------------------------------------------------------------

COMMANDS = {
    "checklist": "/checklist — мой чек-лист и следующий шаг",
    "pause": "/pause — пауза напоминаний (отпуск, больничный)",
    "progress": "/progress — прогресс по школе",
    "digest": "/digest — сводка по школе с графиком",
    "staff": "/staff — сотрудники и их статусы",
    "invite": "/invite — создать ссылку-приглашение",
    "invites": "/invites — активные ссылки, отзыв ссылок",
    "roster": "/roster — загрузить список сотрудников (шаблон XLSX)",
    "remind": "/remind — напомнить просрочившим сейчас",
    "kpi": "/kpi — показатели недели (monitoring.sferum.ru)",
    "announce": "/announce — объявление сотрудникам",
    "progress_authority": "/progress — рейтинг школ с показателями",
    "digest_authority": "/digest — сводка по школам",
    "schools": "/schools — школы, ссылки для администраторов",
    "addschool": "/addschool — добавить школу",
    "export": "/export — отчёт XLSX за месяц",
    "announce_authority": "/announce — объявление администраторам или всем",
    "forget_me": "/forget_me — удалить мои данные из бота",
    "help": "/help — эта подсказка",
}


def help_text(commands: list[str]) -> str:
    return "<b>Что я умею</b>\n\n" + "\n".join(COMMANDS[c] for c in commands)


HINT = (
    "Я понимаю кнопки и команды. Откройте /checklist, чтобы продолжить, или /help — список команд."
)
HINT_STRANGER = START_STRANGER


# --- reminders and escalation ---------------------------------------------------------------

BTN_HELP_HANDLED = "✅ Вопрос решён"
BTN_SKIP = "➡️ Пропустить"
BTN_PAUSE_WEEK = "🗓 На неделю"
BTN_PAUSE_DATE = "📅 До даты"
BTN_PAUSE_OFF = "▶️ Снять паузу"

REMINDER_KIND = {
    "t7": "через неделю",
    "t3": "через 3 дня",
    "t1": "завтра",
    "overdue": "срок прошёл",
}


def reminder(name: str, items: list[tuple[str, str, date]]) -> str:
    """items: (title, reminder kind, deadline)."""
    lines = [f"{escape(name)}, напоминаю о сроках дорожной карты:", ""]
    for title, kind, deadline in items:
        icon = OVERDUE_ICON if kind == "overdue" else "🗓"
        lines.append(f"{icon} {escape(title)} — до {fmt_date(deadline)} ({REMINDER_KIND[kind]})")
    lines += ["", "Нажмите «Продолжить», чтобы отметить сделанное. Уезжаете? /pause"]
    return "\n".join(lines)


def escalation(days: int, people: list[tuple[str, list[tuple[str, date]]]]) -> str:
    """people: (name, [(item title, deadline)])."""
    lines = [f"⏰ Просрочено больше чем на {days} дн. — сотрудникам может понадобиться помощь:", ""]
    for name, items in people:
        lines.append(f"<b>{escape(name)}</b>")
        lines += [f"• {escape(title)} (до {fmt_date(deadline)})" for title, deadline in items]
    lines += ["", "Сводка по школе — /progress."]
    return "\n".join(lines)


# --- pause -------------------------------------------------------------------------------------


def pause_status(until: date | None) -> str:
    now = f"Сейчас пауза до {fmt_date(until)} включительно." if until else "Сейчас паузы нет."
    return (
        "⏸ <b>Пауза напоминаний</b> — если вы в отпуске, на больничном или в командировке.\n"
        f"{now}\n\nВыберите срок или напишите /pause ДД.ММ.ГГГГ."
    )


def paused(until: date) -> str:
    return f"⏸ Напоминания на паузе до {fmt_date(until)} включительно. Хорошего отдыха!"


PAUSE_ASK_DATE = (
    "Напишите дату, до которой поставить паузу, в формате ДД.ММ.ГГГГ (например, 15.12.2025)."
)
PAUSE_BAD_DATE = "Не понял дату. Напишите её так: 15.12.2025 — или нажмите «Пропустить»."
PAUSE_PAST_DATE = "Эта дата уже прошла. Напишите дату в будущем, например 15.12.2025."
PAUSE_TOO_FAR = "Пауза может быть не дольше года. Напишите более близкую дату."
PAUSE_OFF = "▶️ Пауза снята — напоминания снова включены."
INPUT_SKIPPED = "Хорошо, продолжим."


ONLY_ADMIN = "Это действие доступно только ответственному администратору школы."
NOT_ALLOWED = "Эта команда недоступна для вашей роли. Список ваших команд — /help."
FORBIDDEN_OBJECT = "Это не относится к вашей школе (или управлению). Действие не выполнено."
JOIN_THROTTLED = (
    "Слишком много попыток входа с неверными ссылками-приглашениями. Из соображений "
    "безопасности вход по ссылке для вас временно закрыт — попробуйте снова через час. "
    "Убедитесь, что ссылка скопирована целиком, или попросите новую у ответственного "
    "администратора вашей школы."
)


# --- personal data ------------------------------------------------------------------------------

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
