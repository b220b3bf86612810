"""Checks of Russian in what the bot renders: a number agrees with the noun after it.

`agreement_problems(text)` finds «<number> <noun>» where the noun is one of the forms below
and is not the form the number asks for: «5 пункта», «1 человека» without a preposition that
takes the genitive, «не больше 1 человек». Used on rendered texts in the unit tests and on
every message the emulator saw in the end-to-end tests (tests/e2e/conftest.py)."""

from __future__ import annotations

import re

from bot.ui.texts import plural

# noun: (nominative one, few, many), (genitive one, many) — after «из», «больше», «до», …
NOUNS: dict[str, tuple[tuple[str, str, str], tuple[str, str]]] = {
    "человек": (("человек", "человека", "человек"), ("человека", "человек")),
    "пункт": (("пункт", "пункта", "пунктов"), ("пункта", "пунктов")),
    "сотрудник": (("сотрудник", "сотрудника", "сотрудников"), ("сотрудника", "сотрудников")),
    "ученик": (("ученик", "ученика", "учеников"), ("ученика", "учеников")),
    "родитель": (("родитель", "родителя", "родителей"), ("родителя", "родителей")),
    "сообщение": (("сообщение", "сообщения", "сообщений"), ("сообщения", "сообщений")),
    "ссылка": (("ссылка", "ссылки", "ссылок"), ("ссылки", "ссылок")),
    "день": (("день", "дня", "дней"), ("дня", "дней")),
    "неделя": (("неделя", "недели", "недель"), ("недели", "недель")),
    "чат": (("чат", "чата", "чатов"), ("чата", "чатов")),
    "просьба": (("просьба", "просьбы", "просьб"), ("просьбы", "просьб")),
    "школа": (("школа", "школы", "школ"), ("школы", "школ")),
    "организация": (("организация", "организации", "организаций"), ("организации", "организаций")),
    "получатель": (("получатель", "получателя", "получателей"), ("получателя", "получателей")),
    "строка": (("строка", "строки", "строк"), ("строки", "строк")),
    "класс": (("класс", "класса", "классов"), ("класса", "классов")),
}
FORMS = {form: noun for noun, (nom, gen) in NOUNS.items() for form in (*nom, *gen)}
GENITIVE_BEFORE = {
    "из",
    "больше",
    "меньше",
    "до",
    "от",
    "около",
    "для",
    "без",
    "нет",
    "более",
    "менее",
}
# Cases this check does not model (prepositional, dative): the number is not looked at.
OTHER_CASE_BEFORE = {"в", "во", "на", "о", "об", "по", "к", "при"}
PAIR = re.compile(r"(?<![\d,.])(\d+)[ \u00a0]+([а-яё]+)", re.IGNORECASE)
# The word before a number (not consumed by the previous pair: «0 из 3 организаций»).
WORD_BEFORE = re.compile(r"(\w+)[ \u00a0]+$")


def agreement_problems(text: str) -> list[str]:
    problems = []
    text = text or ""
    for match in PAIR.finditer(text):
        previous = WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        before = previous.group(1).lower() if previous else ""
        number, word = int(match.group(1)), match.group(2)
        noun = FORMS.get(word.lower())
        if noun is None or before in OTHER_CASE_BEFORE:
            continue
        nom, gen = NOUNS[noun]
        if before in GENITIVE_BEFORE:
            wanted = gen[0] if number % 10 == 1 and number % 100 != 11 else gen[1]
        else:
            wanted = plural(number, *nom)
        if word.lower() != wanted:
            problems.append(f"«{match.group(0)}»: after {number} it is «{wanted}»")
    return problems
