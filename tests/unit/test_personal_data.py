"""Personal data: every column of the schema and every audit detail is classified (a new one
fails here until `storage/personal_data.py` says what forgetting does to it), and the rules
that find a person in free text."""

from __future__ import annotations

import ast
from html import escape

import pytest
from sqlalchemy import JSON, LargeBinary, String, Text

from bot.rules.roster import names_match
from storage.models import Base
from storage.personal_data import AUDIT_DETAILS, COLUMNS, Forms, Treatment, kept_details
from tests.support.paths import ROOT

SCHEMA = {t.name: {c.name: c for c in t.columns} for t in Base.metadata.sorted_tables}


def test_every_column_of_the_schema_is_classified():
    missing = [
        f"{t}.{c}" for t, cols in SCHEMA.items() for c in cols if c not in COLUMNS.get(t, {})
    ]
    assert not missing, f"classify these in storage/personal_data.py COLUMNS: {missing}"
    stale = [f"{t}.{c}" for t, cols in COLUMNS.items() for c in cols if c not in SCHEMA.get(t, {})]
    assert not stale, f"no such columns any more: {stale}"


def test_every_rule_gives_a_reason_and_clears_real_columns():
    for table, columns in COLUMNS.items():
        for name, rule in columns.items():
            assert rule.why.strip(), f"{table}.{name}: say why"
            assert set(rule.clears) <= set(SCHEMA[table]), f"{table}.{name}: {rule.clears}"
            if rule.free_text:  # only texts can be searched and rewritten
                assert isinstance(SCHEMA[table][name].type, String | Text | JSON), name


def test_a_text_or_blob_that_is_kept_says_it_is_not_personal():
    """A free-form column (text, JSON, bytes) kept as it is must not be a person's words: the
    ones that may name someone are `free_text` (rewritten) or erased."""
    free_form = {
        f"{t}.{c}"
        for t, cols in SCHEMA.items()
        for c, column in cols.items()
        if isinstance(column.type, Text | JSON | LargeBinary)
    }
    kept = {
        f"{t}.{c}"
        for t, cols in COLUMNS.items()
        for c, rule in cols.items()
        if rule.treatment == Treatment.KEEP and not rule.free_text
    }
    # The organisations' own settings and the bot's markers: reviewed, not personal.
    assert free_form & kept == {
        "authority.plan_toml", "bot_state.value", "digest_snapshot.figures",
    }  # fmt: skip


def _audit_keys() -> dict[str, str]:
    """Every detail key written by an `audit(...)` call in the code (key -> where)."""
    keys: dict[str, str] = {}
    for package in ("bot", "handlers", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name != "audit":
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                for kw in node.keywords:
                    if kw.arg is not None:
                        keys[kw.arg] = where
                    elif isinstance(kw.value, ast.Dict | ast.BoolOp | ast.IfExp):
                        for inner in ast.walk(kw.value):
                            if isinstance(inner, ast.Dict):
                                for k in inner.keys:
                                    if isinstance(k, ast.Constant) and isinstance(k.value, str):
                                        keys[k.value] = where
    return {k: w for k, w in keys.items() if k not in ("at", "actor", "person_id")}


def test_every_audit_detail_is_classified():
    keys = _audit_keys()
    assert {"max_user_id", "user", "title", "item"} <= set(keys)  # the scan sees the calls
    missing = {k: w for k, w in keys.items() if k not in AUDIT_DETAILS}
    assert not missing, f"classify in storage/personal_data.py AUDIT_DETAILS: {missing}"
    # `school.set` passes what changed as **changed: the fields of setup.set_school.
    assert {"name", "tz", "declared_staff", "declared_students"} <= set(AUDIT_DETAILS)


def test_audit_details_keep_only_what_identifies_nobody():
    details = {"max_user_id": 5, "user": 5, "title": "Чат Ивановой", "chat": -7, "item": "x",
               "something_new": "?"}  # fmt: skip
    assert kept_details(details) == {"chat": -7, "item": "x"}


FORMS = Forms(
    names=["Забытова Ульяна", "Ян"],
    comments=["Позвоните: +7 912 345-67-89", "да"],
    name_replacement="Удалённый пользователь",
    comment_replacement="(удалено)",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "🆘 <b>Забытова Ульяна</b> просит помощи",
            "🆘 <b>Удалённый пользователь</b> просит помощи",
        ),
        ("Ульяна Забытова добавила бота", "Удалённый пользователь добавила бота"),
        ("Комментарий: Позвоните: +7 912 345-67-89", "Комментарий: (удалено)"),
        ("Ян, Янина и Яна", "Удалённый пользователь, Янина и Яна"),  # whole words only
        ("да, Забытова Ульянаш", "да, Забытова Ульянаш"),  # a short comment is not searched
    ],
)
def test_names_and_comments_are_replaced_in_texts(text, expected):
    assert FORMS.rewrite(text) == expected


def test_escaped_names_and_json_values_are_replaced():
    forms = Forms(["О'Нил & Ко"], [], "Удалённый пользователь", "")
    assert forms.rewrite(f"<b>{escape('О' + chr(39) + 'Нил & Ко')}</b>") == (
        "<b>Удалённый пользователь</b>"
    )
    buttons = [[{"text": "О'Нил & Ко ✅", "payload": "s|1"}]]
    assert forms.rewrite(buttons) == [[{"text": "Удалённый пользователь ✅", "payload": "s|1"}]]
    assert "\\u041e'\\u041d\\u0438\\u043b & \\u041a\\u043e" in forms.needles(json_text=True)


@pytest.mark.parametrize(
    ("name", "full_name", "same"),
    [
        ("Ульяна Забытова", "Забытова Ульяна", True),
        ("Ульяна Забытова", "Забытова Ульяна Андреевна", True),
        ("ульяна  забытова", "Забытова Ульяна", True),
        ("Ульяна", "Забытова Ульяна", False),  # one word says too little
        ("Ульяна Петрова", "Забытова Ульяна", False),
        ("Пётр Ёлкин", "Елкин Петр", True),
    ],
)
def test_a_person_is_matched_to_their_roster_row_by_name(name, full_name, same):
    assert names_match(name, full_name) is same
