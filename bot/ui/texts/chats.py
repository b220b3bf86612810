"""Russian texts: chats (part of the one catalogue, `bot.ui.texts`).

The group chats a class teacher adds the bot to (what the chat is for)."""

from __future__ import annotations

from html import escape

from bot.rules.coverage import Coverage, SchoolCoverage
from bot.vocab import ChatPurpose

CHAT_PURPOSE_BUTTONS: dict[str, str] = {
    ChatPurpose.STUDENTS: "👩‍🎓 С учениками",
    ChatPurpose.PARENTS: "👪 С родителями",
    ChatPurpose.TEACHERS: "👩‍🏫 С учителями-предметниками",
}
BTN_OTHER_CHAT = "💬 Другой чат"


def choice_button(purpose: str, class_label: str | None) -> str:
    """«👪 С родителями — 5А»: a purpose, for one of the person's classes."""
    text = CHAT_PURPOSE_BUTTONS[purpose]
    return f"{text} — {class_label}"[:64] if class_label else text


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
        f"✅ Записано: {_chat_name(chat_title)} — {CHAT_PURPOSE_TITLES[purpose]}.\n"
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


# --- channels: a school's or an authority's official channel --------------------------------


def channel_official(title: str | None, for_authority: bool, items: list[str]) -> str:
    """The adder is told once: the channel is recorded as the official one."""
    whose = "управления" if for_authority else "школы"
    name = f"«{escape(title)}»" if title else "без названия"
    text = f"✅ Канал {name} записан как официальный канал {whose}."
    if items:
        listed = ", ".join(f"«{escape(i)}»" for i in items)
        word = "подтверждён" if len(items) == 1 else "подтверждены"
        text += f"\n{'Пункт' if len(items) == 1 else 'Пункты'} {listed} {word}."
    if for_authority:
        return text + (
            "\n\nОпубликовать в нём объявление: «📣 Новое объявление» → «📢 В канал "
            "управления». Без вашей команды я в канал не пишу."
        )
    return text + "\n\nБез вашей команды я в канал не пишу."


def channel_rights_hint(title: str | None) -> str:
    return (
        f"ℹ️ Вы добавили меня в канал {_chat_name(title)}. Чтобы я записал его как "
        "официальный канал, сделайте меня администратором канала. Писать в канал без вашей "
        "команды я не буду.\n\n"
        "Как: откройте канал → нажмите на его название вверху → «Администраторы» → "
        "«Добавить администратора» → выберите меня."
    )


# --- counting: who of a class is in its chats (bot.rules.coverage) ---------------------------

CHAT_OF: dict[str, str] = {
    ChatPurpose.PARENTS: "Чат родителей",
    ChatPurpose.STUDENTS: "Чат учеников",
}
CAPPED_NOTE = "* Родителей больше, чем учеников: семья считается один раз, поэтому не больше 100 %."
ACTIVE_NOTE = "по входам в чат в MAX, приблизительно; официальная цифра — monitoring.sferum.ru"


def percent(value: float) -> str:
    return f"{value:.0f} %"


def figure(c: Coverage) -> str:
    """«Чат родителей 5А: 18 из 26 — 69 %» (or why there is no figure)."""
    group = "" if any(ch.isdigit() for ch in c.class_label) else "группы "  # a ДОУ group
    head = f"{CHAT_OF.get(c.purpose, 'Чат')} {group}{escape(c.class_label)}"
    if c.present is None:
        return f"{head}: не считаю — я не администратор чата"
    if c.size is None or c.percent is None:
        return f"{head}: {c.present} (число учеников не указано)"
    mark = "*" if c.capped else ""
    return f"{head}: {c.present} из {c.size} — {percent(c.percent)}{mark}"


def figure_lines(figures: list[Coverage]) -> list[str]:
    lines = [figure(c) for c in figures]
    if any(c.capped for c in figures):
        lines.append(CAPPED_NOTE)
    return lines


NO_CLASS_CHATS = "Чатов класса со мной пока нет — добавьте меня в чат родителей и учеников."


def parents_text(label: str) -> str:
    """A short text a class teacher forwards to the class's parents (seed 004 §2.9–2.10, §1.7)."""
    return (
        f"📨 <b>Текст для родителей {escape(label)}</b> — перешлите его в родительский чат "
        "или в рассылку:\n\n"
        "Уважаемые родители! Общение школы переходит в «Сферум» в мессенджере MAX.\n"
        "1. Установите MAX и войдите по номеру телефона.\n"
        "2. Присоединитесь к чату класса по ссылке-приглашению от классного руководителя "
        "или через вкладку «Чаты» в электронном дневнике.\n"
        "3. Включите безопасный режим: Профиль → Конфиденциальность → «Безопасный режим» — "
        "писать вам смогут только контакты школы и люди из вашей телефонной книги.\n"
        "Если вы не хотите пользоваться MAX, остаются бумажный дневник, встречи по "
        "договорённости и родительские собрания."
    )


HOWTO = (
    "ℹ️ <b>Как подключить чат класса</b>\n\n"
    "1. Откройте чат класса в MAX (родителей или учеников).\n"
    "2. Нажмите на название чата вверху → «Участники» → «Добавить» → найдите меня по имени "
    "и добавьте.\n"
    "3. Там же в списке участников нажмите на меня → «Сделать администратором».\n\n"
    "Я спрошу здесь, что это за чат, и буду считать, сколько родителей или учеников в нём. "
    "Имена и телефоны я не сохраняю, в чат ничего не пишу."
)


def now_counting(title: str | None, line: str | None) -> str:
    text = f"✅ Теперь я администратор чата {_chat_name(title)} и считаю, кто в нём."
    return f"{text}\n{line}" if line else text


CLASS_TABLE_LINES = 25  # classes' figures listed in /progress and the digest; the rest: «…и ещё N»


def _share(count: int, size: int, pct: float | None) -> str:
    return f"{count} из {size} — {percent(pct)}" if pct is not None else f"{count}"


def school_summary(c: SchoolCoverage) -> str:
    """«Родители: 120 из 480 — 25 % · ученики: 300 из 480 — 62 %» (each class capped)."""
    return (
        f"Родители: {_share(c.parents, c.size, c.parents_percent)} · "
        f"ученики: {_share(c.students, c.size, c.students_percent)}"
    )


def active_share(c: SchoolCoverage) -> str | None:
    """«≈ 18 %»: students and parents seen in the class chats this week (an approximation)."""
    return f"≈ {percent(c.active_percent)}" if c.active_percent is not None else None


def class_table(figures: list[Coverage], school: SchoolCoverage) -> list[str]:
    """The «Чаты классов» section of /progress and the digest: the school's totals, then the
    classes, the lowest share first (what needs the class teacher's attention)."""
    lines = ["<b>Чаты классов</b> (ученики и родители в чатах, где я администратор)"]
    if not figures:
        return [*lines, "Пока ни одного — классные руководители добавляют меня в чаты (/classes)."]
    lines.append(school_summary(school))
    active = active_share(school)
    if active is not None:
        lines.append(f"Заходили за неделю: {active} учеников и родителей ({ACTIVE_NOTE})")
    ordered = sorted(figures, key=lambda c: (c.percent is None, c.percent or 0.0))
    lines += [f"• {figure(c)}" for c in ordered[:CLASS_TABLE_LINES]]
    if len(ordered) > CLASS_TABLE_LINES:
        lines.append(f"…и ещё {len(ordered) - CLASS_TABLE_LINES}")
    if any(c.capped for c in figures):
        lines.append(CAPPED_NOTE)
    return lines
