"""Personal data (152-ФЗ): the one place that says, for every column of every table in
`storage.models`, whether it can hold a person's data and what forgetting a person does to it.
`tests/unit/test_personal_data.py` fails when a column of the metadata (or a key of the audit
details) is missing here, so a new one must be classified before it can be merged.

Treatments (what `storage.repo.privacy.erase_traces` does to the forgotten person's rows):

- KEEP: not personal data (the reason says why); a person id is kept because the person's
  own row stays, anonymous, for the figures.
- ERASE: the value is emptied, or the row that holds it is deleted.
- ANONYMISE: replaced by a value that names nobody.

`free_text`: a text other people see (messages, titles, comments, audit details) that may name
the person: in *every* row, wherever their name (any of its forms) or one of their comments
stands, it is replaced (`Forms.rewrite`); `clears`: columns emptied in a row where this one
named them (the screenshot sent with a notice about them).

The module is pure (no I/O): the statements are in `storage/repo/privacy.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape
from typing import Any


class Treatment(StrEnum):
    KEEP = "keep"
    ERASE = "erase"
    ANONYMISE = "anonymise"


@dataclass(frozen=True)
class Rule:
    treatment: Treatment
    why: str
    free_text: bool = False
    clears: tuple[str, ...] = ()


def keep(why: str) -> Rule:
    return Rule(Treatment.KEEP, why)


def erase(why: str, *, free_text: bool = False, clears: tuple[str, ...] = ()) -> Rule:
    return Rule(Treatment.ERASE, why, free_text, clears)


def anonymise(why: str, *, free_text: bool = False) -> Rule:
    return Rule(Treatment.ANONYMISE, why, free_text)


def names_others(why: str) -> Rule:
    """Not the person's own data, but a text that may name them for others."""
    return Rule(Treatment.KEEP, why, free_text=True)


ROW_ID = keep("a row id")
WHEN = keep("a time; names nobody")
PERSON_ID = keep("a person id: the forgotten person's row stays, anonymous")
SCHOOL = keep("an organisation, not a person")
ORG = keep("an organisation's setting, not a person's")
FIGURE = keep("an anonymous fact the figures are made of")

COLUMNS: dict[str, dict[str, Rule]] = {
    "authority": {
        "id": ROW_ID, "name": SCHOOL, "tz": ORG, "plan_toml": ORG, "plan_name": ORG,
        "created_at": WHEN,
    },
    "school": {
        "id": ROW_ID, "authority_id": SCHOOL, "name": SCHOOL, "kind": ORG, "tz": ORG,
        "declared_staff": ORG, "declared_students": ORG, "school_year": ORG, "created_at": WHEN,
    },
    "person": {
        "id": keep("the anonymous key the answers hang on"),
        "max_user_id": anonymise("becomes −id: frees the MAX id, the person may join afresh"),
        "name": anonymise("becomes «Удалённый пользователь»"),
        "role": FIGURE, "school_id": FIGURE, "authority_id": FIGURE, "class_label": FIGURE,
        "chat_id": erase("their dialog's chat id"),
        "unreachable_at": erase("about their dialog"),
        "paused_until": erase("their pause"),
        "awaiting": erase("what the bot waited from them"),
        "seen_at": erase("when they last wrote to the bot"),
        "joined_at": FIGURE, "left_at": FIGURE, "updated_at": WHEN,
    },
    "school_class": {
        "id": ROW_ID, "school_id": SCHOOL, "label": ORG, "grade": ORG, "letter": ORG,
        "school_year": ORG, "size": ORG, "closed_at": WHEN, "created_at": WHEN,
    },
    "class_teacher": {
        "id": ROW_ID, "class_id": FIGURE, "person_id": PERSON_ID, "since": FIGURE,
        "until": FIGURE,
    },
    "invite": {
        "id": ROW_ID, "code_hash": keep("a hash of the code"), "school_id": SCHOOL,
        "authority_id": SCHOOL, "role": ORG, "class_label": ORG, "max_uses": ORG, "uses": ORG,
        "expires_at": WHEN, "revoked_at": WHEN, "created_at": WHEN, "created_by": PERSON_ID,
        "label": erase("the roster's ФИО on their personal links (and the links they joined by)"),
    },
    "answer": {
        "id": ROW_ID, "person_id": PERSON_ID, "item_code": FIGURE, "period": FIGURE,
        "class_id": FIGURE, "status": FIGURE, "answered_at": FIGURE, "verification": FIGURE,
        "verified_at": FIGURE, "verified_by": PERSON_ID,
    },
    "school_answer": {
        "id": ROW_ID, "school_id": SCHOOL, "item_code": FIGURE, "period": FIGURE,
        "status": FIGURE, "answered_at": FIGURE, "person_id": PERSON_ID,
        "verification": FIGURE, "verified_at": WHEN,
    },
    "duty_answer": {
        "id": ROW_ID, "authority_id": SCHOOL, "duty_code": FIGURE, "period": FIGURE,
        "school_id": SCHOOL, "status": FIGURE, "answered_at": FIGURE, "person_id": PERSON_ID,
    },
    "audit": {
        "id": ROW_ID, "at": WHEN, "actor_person_id": PERSON_ID,
        "actor": keep("person, cli or system"), "action": keep("what was done"),
        "details": anonymise(
            "in rows by or about them only the keys of AUDIT_DETAILS marked kept stay",
            free_text=True,
        ),
    },
    "help_request": {
        "id": ROW_ID, "person_id": PERSON_ID, "school_id": SCHOOL, "item_code": FIGURE,
        "comment": erase("their words (a phone number, say)", free_text=True),
        "created_at": FIGURE, "handled_at": FIGURE, "handled_by": PERSON_ID,
        "answered_at": FIGURE, "answered_by": PERSON_ID, "passed_at": FIGURE,
    },
    "reminder_log": {
        "id": ROW_ID, "person_id": PERSON_ID, "item_code": FIGURE, "period": FIGURE,
        "kind": FIGURE, "local_date": FIGURE, "created_at": WHEN,
    },
    "escalation": {
        "id": ROW_ID, "person_id": PERSON_ID, "item_code": FIGURE, "period": FIGURE,
        "created_at": WHEN,
    },
    "digest_snapshot": {
        "id": ROW_ID, "school_id": SCHOOL, "week": FIGURE, "percent": FIGURE,
        "figures": keep("counts per item, no names"), "created_at": WHEN,
    },
    "outbox": {
        "id": ROW_ID,
        "key": erase("rows whose key carries their MAX ids (replies to their updates) deleted"),
        "kind": keep("the kind of message"),
        "person_id": erase("rows to them deleted, sent or not"),
        "user_id": erase("rows to their MAX id deleted (a stranger's /start too)"),
        "chat_id": erase("rows to their dialog deleted"),
        "text": erase("rows to them deleted", free_text=True, clears=("image",)),
        "buttons": erase("rows to them deleted", free_text=True, clears=("image",)),
        "image": erase("rows to them deleted; emptied in every row that named them"),
        "file_name": keep("a report's file name: a date, names nobody"),
        "created_at": WHEN, "next_attempt_at": WHEN, "attempts": keep("a count"),
        "claimed_at": WHEN,
        "last_error": erase("rows to them deleted (MAX's error may name the recipient)"),
        "sent_at": WHEN, "dropped_at": WHEN,
    },
    "job_run": {"key": keep("a school, a date or a week: names nobody"), "at": WHEN},
    "roster_entry": {
        "id": ROW_ID, "school_id": SCHOOL,
        "full_name": anonymise("becomes «Удалённый пользователь»"),
        "name_key": anonymise("becomes forgotten-<row id>"),
        "position": erase("their position"),
        "role": FIGURE, "class_label": FIGURE,
        "invite_id": keep("a link id; its label is erased"), "person_id": PERSON_ID,
        "created_at": WHEN, "updated_at": WHEN,
    },
    "evidence": {
        "id": ROW_ID, "person_id": PERSON_ID, "school_id": SCHOOL, "item_code": FIGURE,
        "period": FIGURE, "class_id": FIGURE,
        "attachment": erase("their screenshot (MAX's url and token)"),
        "status": FIGURE, "comment": erase("the reason it was returned with"),
        "created_at": FIGURE, "reviewed_at": FIGURE, "reviewed_by": PERSON_ID,
    },
    "chat": {
        "id": ROW_ID, "chat_id": keep("a group chat's id, the school's"),
        "title": names_others("the school's chat, its title MAX's (a chat they added to no "
                              "school is deleted)"),
        "school_id": SCHOOL, "channel": FIGURE, "authority_id": SCHOOL,
        "added_by": erase("who added the bot"), "added_by_user_id": erase("their MAX id"),
        "purpose": FIGURE, "added_at": WHEN, "removed_at": WHEN, "class_id": FIGURE,
        "bot_admin": FIGURE, "rights_told_at": WHEN, "participants": FIGURE, "present": FIGURE,
        "active": FIGURE, "counted_at": WHEN, "refresh_at": WHEN,
    },
    "chat_member": {
        "id": ROW_ID, "chat_row_id": FIGURE,
        "member": erase("the keyed hash of their MAX id, in every chat"),
        "joined_at": FIGURE, "last_access_at": FIGURE, "seen_at": FIGURE,
    },
    "kpi_entry": {
        "id": ROW_ID, "school_id": SCHOOL, "week": FIGURE, "staff_weekly": FIGURE,
        "students_parents_weekly": FIGURE, "entered_by": PERSON_ID, "entered_at": WHEN,
    },
    "announcement": {
        "id": ROW_ID, "author_id": PERSON_ID, "school_id": SCHOOL, "authority_id": SCHOOL,
        "audience": keep("a group of recipients"),
        "text": names_others("the school's message to its staff"),
        "created_at": WHEN, "confirmed_at": WHEN, "recipients": keep("a count"),
    },
    "plan_draft": {
        "id": ROW_ID, "authority_id": SCHOOL, "person_id": erase("their drafts deleted"),
        "text": erase("a roadmap they sent (deleted with the draft)"),
        "fingerprint": keep("a hash of the text"), "created_at": WHEN,
    },
    "invite_attempt": {
        "id": ROW_ID, "max_user_id": erase("their wrong codes deleted"), "at": WHEN,
    },
    "processed_update": {
        "key": erase("a sha256 of the update's identity (no MAX id); any older key that "
                     "carries their ids is deleted"),
        "at": WHEN,
    },
    "webhook_inbox": {
        "id": ROW_ID,
        "body": erase("an update not handled yet (names, messages): theirs are deleted"),
        "received_at": WHEN,
    },
    "bot_state": {
        "key": keep("the polling marker, the lease, the member-hash key, roll-over drafts"),
        "value": keep("a marker, a lease holder, a key, class and person ids"),
    },
}  # fmt: skip

AUDIT_DETAILS: dict[str, Rule] = {
    # What identifies a person: dropped from every audit row by or about them.
    "max_user_id": erase("a MAX id"), "user": erase("a MAX id"),
    "title": erase("a chat's title (may name its teacher)"),
    # Ids, codes, counts and fixed words: kept.
    **{key: keep("an id, a code, a count or a fixed word") for key in (
        "act", "added", "already", "announcement", "audience", "authority_id", "builtin", "by",
        "channel", "chat", "class_id", "created", "declared_staff", "declared_students",
        "evidence", "from_year", "indicator", "invite_id", "invite_ids", "item", "items", "known",
        "label", "moves", "needs", "new", "old", "period", "plan", "purpose", "queued",
        "reason", "recipients", "removed", "request", "revoked", "role", "rows", "school_id",
        "schools", "source", "status", "target", "teacher_id", "to", "to_year", "tz", "until",
        "update", "updated", "value", "week", "what", "wrong_codes",
    )},
    "name": keep("a school's new name (school.set)"),
}  # fmt: skip


def kept_details(details: dict[str, Any]) -> dict[str, Any]:
    """An audit row's details without what identifies a person (unknown keys go too)."""
    return {
        k: v
        for k, v in details.items()
        if k in AUDIT_DETAILS and AUDIT_DETAILS[k].treatment == Treatment.KEEP
    }


def free_text_columns() -> Iterator[tuple[str, str, Rule]]:
    """(table, column, rule) of every text that may name a person for others."""
    for table, columns in COLUMNS.items():
        for column, rule in columns.items():
            if rule.free_text:
                yield table, column, rule


# --- finding and replacing a person in free text -----------------------------------------

# Shorter names and comments would match too much to be replaced safely (a comment is erased
# in its own row anyway; a short one names nobody).
MIN_NAME, MIN_COMMENT = 2, 6


def _variants(text: str) -> set[str]:
    return {text, escape(text), escape(text, quote=False)}


def _name_forms(name: str) -> set[str]:
    """A name as texts show it: as is, words reversed (MAX's «Имя Фамилия» against the
    roster's «Фамилия Имя»), HTML-escaped."""
    words = name.split()
    forms = {name, " ".join(reversed(words))} if len(words) == 2 else {name}
    return {v for f in forms for v in _variants(f)}


@dataclass(frozen=True)
class Forms:
    """A forgotten person's names and comments, and what replaces them in free text."""

    names: Iterable[str]
    comments: Iterable[str]
    name_replacement: str
    comment_replacement: str
    _pairs: list[tuple[str, str]] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pairs: dict[str, str] = {}
        for comment in self.comments:
            if len(comment.strip()) >= MIN_COMMENT:
                pairs.update(dict.fromkeys(_variants(comment.strip()), self.comment_replacement))
        for name in self.names:
            if len(name.strip()) >= MIN_NAME:
                pairs.update(dict.fromkeys(_name_forms(name.strip()), self.name_replacement))
        kept = sorted(pairs.items(), key=lambda kv: -len(kv[0]))
        object.__setattr__(self, "_pairs", kept)
        alternatives = "|".join(_bounded(k) for k, _ in kept)
        object.__setattr__(self, "_pattern", re.compile(alternatives) if kept else None)

    def needles(self, json_text: bool) -> list[str]:
        """Substrings a candidate row holds (as stored: a JSON text escapes non-ASCII)."""
        plain = [k for k, _ in self._pairs]
        if not json_text:
            return plain
        return sorted({*plain, *(json.dumps(k)[1:-1] for k in plain)})

    def rewrite(self, value: Any) -> Any:
        """`value` (a text, or JSON: lists, dicts, strings) with every form replaced."""
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, list):
            return [self.rewrite(v) for v in value]
        if isinstance(value, dict):
            return {k: self.rewrite(v) for k, v in value.items()}
        return value

    def _text(self, text: str) -> str:
        if self._pattern is None:
            return text
        replacements = dict(self._pairs)
        return self._pattern.sub(lambda m: replacements[m.group(0)], text)


def _bounded(needle: str) -> str:
    """A regex for `needle` not inside a longer word (where it begins or ends with a letter)."""
    head = r"(?<!\w)" if needle[0].isalnum() else ""
    tail = r"(?!\w)" if needle[-1].isalnum() else ""
    return head + re.escape(needle) + tail


def key_patterns(ids: Iterable[int]) -> list[str]:
    """LIKE patterns of a key that holds one of `ids`: `…:<id>` at its end or `…:<id>:…`
    inside (update keys and the reply keys made of them are so built)."""
    return [p for i in ids for p in (f"%:{i}", f"%:{i}:%")]
