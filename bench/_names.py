"""What the synthetic region's people and schools are called (bench/_region.py)."""

from __future__ import annotations

import random

from bot.vocab import Kind

SCHOOL_NAMES = {
    Kind.SCHOOL: "МАОУ СОШ №{}",
    Kind.PRESCHOOL: "МБДОУ Детский сад №{}",
    Kind.EXTRA: "МБУ ДО Дом творчества №{}",
}
SURNAMES = (
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Канев",
    "Попов",
    "Исаков",
)
WOMEN = (
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Екатерина",
    "Юлия",
    "Галина",
    "Людмила",
    "Надежда",
    "Вера",
    "Марина",
)
MEN = (
    "Александр",
    "Сергей",
    "Андрей",
    "Дмитрий",
    "Алексей",
    "Иван",
    "Михаил",
    "Николай",
    "Владимир",
    "Юрий",
)
FATHERS = (
    "Александров",
    "Сергеев",
    "Андреев",
    "Иванов",
    "Николаев",
    "Петров",
    "Викторов",
    "Васильев",
    "Михайлов",
    "Юрьев",
)
GROUPS = ("Ромашка", "Солнышко", "Колокольчик", "Звёздочка", "Радуга", "Берёзка")


def person_name(rnd: random.Random) -> str:
    surname = rnd.choice(SURNAMES)
    if rnd.random() < 0.82:  # school staff are mostly women
        first, father = rnd.choice(WOMEN), rnd.choice(FATHERS) + "на"
        surname += "а"
    else:
        first, father = rnd.choice(MEN), rnd.choice(FATHERS) + "ич"
    return f"{surname} {first} {father}"
