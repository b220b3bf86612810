"""Russian that reads right, checked over the whole catalogue: no English words in anything a
person reads (`bot.ui.texts` and the plan's item texts) outside a short allowlist, and numbers
that agree with their nouns (`tests.support.russian`, also applied to every message in the
end-to-end tests)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.plan import builtin_names, builtin_plan
from bot.ui import texts
from bot.ui.texts import n_people, n_people_of, n_schools, n_schools_in
from bot.ui.texts.checklist import overdue_of_open
from bot.ui.texts.schools import zone_title
from tests.support.russian import agreement_problems

TEXTS = Path(texts.__file__).parent
# Latin words a Russian school reader meets anyway: names of products, stores and formats as
# they are written on the phone, and the time standard. (File names are skipped below: they
# are ASCII so that they are safe in every phone's downloads folder.)
ALLOWED_LATIN = {
    "MAX", "VK", "XLSX", "CSV", "UTF", "Excel", "UTC", "QR",
    "App", "Store", "Google", "Play", "RuStore",
    "otchet",  # the export's file name, built as f"otchet-{day}.xlsx"
}  # fmt: skip
LATIN = re.compile(r"[A-Za-z][A-Za-z_]+")
NOT_WORDS = re.compile(
    r"https?://\S+"  # addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|\b(?:[a-z0-9-]+\.)+(?:ru|com|org|рф)\b"  # domains: monitoring.sferum.ru
    r"|(?<![\w])/[a-z_]+"  # commands: /start, /kpi (MAX commands are Latin)
    r"|[\w-]*\.(?:xlsx|csv|toml)\b"  # file names and extensions: otchet-….xlsx, .toml
    r"|<[^>]+>|&\w+;"  # HTML
    r"|\{[^}]*\}"  # f-string fields
)


def _skipped(tree: ast.AST) -> set[int]:
    """Strings no person reads: docstrings and bare strings, dict keys, subscripts,
    comparisons and arguments of str methods (`kind.startswith("late")`)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            out.add(id(node.value))
        elif isinstance(node, ast.Dict):
            out.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.Subscript):
            out.add(id(node.slice))
        elif isinstance(node, ast.Compare):
            out.update(id(c) for c in (node.left, *node.comparators))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            out.update(id(a) for a in node.args)
    return out


def latin_words(text: str) -> set[str]:
    return set(LATIN.findall(NOT_WORDS.sub(" ", text))) - ALLOWED_LATIN


def catalogue_strings() -> list[tuple[str, str]]:
    out = []
    for path in sorted(TEXTS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _skipped(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in skipped:
                    out.append((f"{path.name}:{node.lineno}", node.value))
    return out


def test_the_scan_sees_the_catalogue_and_would_catch_english():
    strings = catalogue_strings()
    assert len(strings) > 500  # the catalogue, not an empty glob
    assert latin_words("допустимо: admin, class_teacher") == {"admin", "class_teacher"}
    assert latin_words("Часовой пояс: Europe/Moscow") == {"Europe", "Moscow"}
    assert latin_words("см. monitoring.sferum.ru, info@sferum.ru, /kpi, MAX") == set()


def test_no_english_in_the_catalogue():
    found = {where: words for where, text in catalogue_strings() if (words := latin_words(text))}
    assert found == {}


@pytest.mark.parametrize("name", builtin_names())
def test_no_english_in_the_plans_item_texts(name):
    plan = builtin_plan(name)
    found = {}
    for item in plan.items:
        for kind in item.kinds:
            worded = item.worded(kind)
            words = latin_words(f"{worded.ref} {worded.title} {worded.howto}")
            if words:
                found[(item.code, kind)] = words
    assert found == {}


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111])
def test_numbers_agree_with_their_nouns_in_rendered_texts(n):
    rendered = [
        n_people(n), f"не больше {n_people_of(n)}", n_schools(n), f"в {n_schools_in(n)}",
        overdue_of_open(min(n, 3), n), f"{n} {texts.items_word(n)}",
    ]  # fmt: skip
    problems = [p for text in rendered for p in agreement_problems(text)]
    assert problems == []


def test_the_agreement_check_catches_what_the_issue_quoted():
    assert agreement_problems("не больше 1 человек")
    assert agreement_problems("получат 5 человека")
    assert agreement_problems("У вас 5 пункта")
    assert not agreement_problems("не больше 1 человека; 21 пункт; из 5 пунктов; в 2 школах")
    # A number right after another pair keeps its preposition: «0 из 3 организаций».
    assert not agreement_problems("Внесли: 0 из 3 организаций, 2 из 21 организации")
    assert agreement_problems("Внесли: 0 из 3 организации")
    assert agreement_problems("1 просьба без ответа 3 дней")


def test_time_zones_read_as_a_city_and_an_offset():
    assert zone_title("Europe/Moscow") == "Москва (UTC+3)"
    assert zone_title("Asia/Kamchatka") == "Камчатка (UTC+12)"
    assert not latin_words(zone_title("Europe/Volgograd"))
