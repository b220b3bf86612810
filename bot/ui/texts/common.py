"""`/help` (the commands of the caller's role) and the hints for anything not understood."""

from __future__ import annotations

from bot.ui.texts.joining import START_STRANGER

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
    "rollover": "/rollover — переход классов в новый учебный год",
    "classes": "/classes — классы школы: ученики, руководители, чаты классов",
    "classes_teacher": "/classes — мои классы: ученики, родители в чатах класса",
    "kpi": "/kpi — показатели недели (monitoring.sferum.ru)",
    "announce": "/announce — объявление сотрудникам",
    "checklist_authority": "/checklist — чек-лист управления: семинары, письма, консультации",
    "progress_authority": "/progress — рейтинг школ с показателями",
    "digest_authority": "/digest — сводка по школам",
    "schools": "/schools — школы, ссылки для администраторов",
    "addschool": "/addschool — добавить школу",
    "export": "/export — отчёт XLSX за месяц",
    "plan": "/plan — план (дорожная карта): посмотреть, заменить файлом",
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
HINT_REGISTER = (
    "Как зарегистрироваться в MAX: установите приложение MAX на телефон и войдите по номеру "
    "телефона — придёт СМС с кодом. Подробнее — в пункте чек-листа о MAX на телефоне.\n\n"
    "Не получается — нажмите «🆘 Нужна помощь»: администратор школы получит ваш вопрос."
)
HINT_REGISTER_AUTHORITY = (
    "Вы уже зарегистрированы в боте. Школы регистрируются по ссылкам для администраторов — "
    "их выдаёт /schools."
)

BTN_CHECKLIST = "📋 Мой чек-лист"
BTN_NEED_HELP = "🆘 Нужна помощь"
BTN_COMMANDS = "❓ Помощь"
BTN_RATING = "🏆 Рейтинг школ"
