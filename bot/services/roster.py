"""Roster import: a school's list of expected people → personal single-use invite links.

`import_roster` upserts the entries by normalised name, gives every entry that has not joined
yet a fresh personal invite (revoking its previous one: only a hash of a code is stored, so a
code can be handed out only when it is created) and returns the current links. Who joined is
resolved lazily from the invites and the join audit (`sync_joined`), without touching joining.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rules.invites import deep_link, hash_code
from bot.rules.roster import RosterRow
from bot.services import classes, setup
from bot.ui.texts import roster as t
from bot.vocab import Role
from storage.models import RosterEntry, School
from storage.repo import people
from storage.repo import roster as repo

INVITE_DAYS = 30
DOWNLOAD_TIMEOUT = 30.0


@dataclass(frozen=True)
class RosterLine:
    """One row of the result: a fresh personal invite code, or None if already joined."""

    full_name: str
    position: str | None
    role: str
    class_label: str | None
    code: str | None

    @property
    def joined(self) -> bool:
        return self.code is None

    def link(self, bot_username: str) -> str | None:
        return None if self.code is None else deep_link(bot_username, self.code)


@dataclass(frozen=True)
class ImportResult:
    school_id: int
    school_name: str
    lines: list[RosterLine]
    created: int  # new entries
    updated: int  # entries matched by name and updated
    revoked: int  # earlier personal links revoked (replaced by the fresh ones)
    kept: int  # earlier entries absent from this file, left as they were
    total: int  # entries of the school after the import
    declared_staff: int | None

    @property
    def links(self) -> int:
        return sum(1 for line in self.lines if not line.joined)

    @property
    def joined(self) -> int:
        return sum(1 for line in self.lines if line.joined)


async def sync_joined(session: AsyncSession, school_id: int) -> list[RosterEntry]:
    """The school's entries, with `person_id` filled in for everyone who has joined through
    their personal link since the last look (resolved from the invite and the join audit)."""
    entries = await repo.entries_of(session, school_id)
    waiting = {e.invite_id: e for e in entries if e.person_id is None and e.invite_id is not None}
    for invite_id, person_id in (await repo.joined_through(session, waiting)).items():
        waiting[invite_id].person_id = person_id
    return entries


def _class_sizes(rows: Iterable[RosterRow]) -> dict[str, int | None]:
    """The classes of the roster's class teachers, with the size a row gives (if any)."""
    sizes: dict[str, int | None] = {}
    for row in rows:
        if row.class_label is not None and row.role == Role.CLASS_TEACHER:
            if sizes.get(row.class_label) is None:
                sizes[row.class_label] = row.class_size
    return sizes


async def import_roster(
    session: AsyncSession,
    school: School,
    rows: Iterable[RosterRow],
    now: datetime,
    by_person_id: int | None = None,
) -> ImportResult:
    """Upsert the rows as the school's roster (one transaction: the caller commits); the
    class teachers' classes become the school's open classes, with the sizes the file gives."""
    entries = await sync_joined(session, school.id)
    previous_size = len(entries)
    by_key = {entry.name_key: entry for entry in entries}
    old_invites = await repo.invites_by_id(
        session, {e.invite_id for e in entries if e.person_id is None and e.invite_id is not None}
    )
    lines: list[RosterLine] = []
    touched: set[str] = set()
    fresh_hashes: list[tuple[RosterEntry, str]] = []
    created = updated = revoked = 0
    rows_seen = list(rows)
    for row in rows_seen:
        key = row.name_key
        if key in touched:  # a name twice (validated files never have it): the first wins
            continue
        touched.add(key)
        entry = by_key.get(key)
        if entry is None:
            entry = repo.add_entry(
                session,
                RosterEntry(school_id=school.id, name_key=key, created_at=now, role=row.role),
            )
            by_key[key] = entry
            created += 1
        else:
            updated += 1
        entry.full_name, entry.position = row.full_name, row.position
        entry.role, entry.class_label, entry.updated_at = row.role, row.class_label, now
        if entry.person_id is not None:
            lines.append(RosterLine(row.full_name, row.position, row.role, row.class_label, None))
            continue
        old = old_invites.get(entry.invite_id) if entry.invite_id is not None else None
        if old is not None and old.revoked_at is None:
            old.revoked_at = now
            revoked += 1
            people.audit(
                session,
                "invite.revoke",
                at=now,
                actor=people.actor_of(by_person_id),
                person_id=by_person_id,
                invite_id=old.id,
                reason="roster",
            )
        fresh = await setup.create_invite(
            session,
            role=row.role,
            now=now,
            school_id=school.id,
            class_label=row.class_label,
            uses=1,
            days=INVITE_DAYS,
            created_by=by_person_id,
        )
        fresh_hashes.append((entry, hash_code(fresh.code)))
        lines.append(RosterLine(row.full_name, row.position, row.role, row.class_label, fresh.code))
    # The new invites in one query (create_invite returns only the code): label and link them.
    fresh_invites = await repo.invites_by_hash(session, [h for _, h in fresh_hashes])
    for entry, code_hash in fresh_hashes:
        invite = fresh_invites[code_hash]
        invite.label = entry.full_name[:200]
        entry.invite_id = invite.id
    await classes.roster_classes(session, school, _class_sizes(rows_seen), now, by_person_id)
    total = previous_size + created
    if school.declared_staff is None or school.declared_staff == previous_size:
        school.declared_staff = total
    people.audit(
        session,
        "roster.import",
        at=now,
        actor=people.actor_of(by_person_id),
        person_id=by_person_id,
        school_id=school.id,
        rows=len(lines),
        created=created,
        updated=updated,
        revoked=revoked,
    )
    await session.flush()
    return ImportResult(
        school_id=school.id,
        school_name=school.name,
        lines=lines,
        created=created,
        updated=updated,
        revoked=revoked,
        kept=len(by_key) - len(touched),
        total=total,
        declared_staff=school.declared_staff,
    )


# --- files ----------------------------------------------------------------------------------


TEMPLATE_ROWS = 2000  # rows of the template under its header that get the role drop-down


def _sheet_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]], Sequence[int]]],
    choices: dict[int, Sequence[str]] | None = None,
) -> bytes:
    """A workbook of `sheets` (title, header, rows, column widths); `choices`: a drop-down
    list (column number from 1 -> its values) under the first sheet's header."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from bot.ui.xlsx import put_row

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, body, widths in sheets:
        sheet = workbook.create_sheet(title)
        put_row(sheet, 1, list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row, values in enumerate(body, 2):
            put_row(sheet, row, list(values))
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
    first = workbook.worksheets[0]
    for column, values in (choices or {}).items():
        listed = DataValidation(
            type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
            promptTitle=t.TEMPLATE_HEADER[column - 1], prompt=t.TEMPLATE_ROLE_PROMPT,
            errorTitle=t.TEMPLATE_HEADER[column - 1], error=t.TEMPLATE_ROLE_ERROR,
            showDropDown=False, showInputMessage=True, showErrorMessage=True,
        )  # fmt: skip
        letter = get_column_letter(column)
        listed.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        first.add_data_validation(listed)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_xlsx() -> bytes:
    """The empty roster template: the header row, and a second sheet on how to fill it in."""
    help_header, *help_rows = t.TEMPLATE_HELP
    return _sheet_bytes(
        [
            (t.TEMPLATE_SHEET, t.TEMPLATE_HEADER, [], [40, 30, 24, 10, 12]),
            (t.TEMPLATE_HELP_SHEET, help_header, help_rows, [28, 100]),
        ],
        choices={t.TEMPLATE_HEADER.index("Роль") + 1: t.TEMPLATE_ROLES},
    )


def links_xlsx(result: ImportResult, bot_username: str) -> bytes:
    """The links to hand out: ФИО, Должность, Роль, Класс, Ссылка-приглашение, Статус."""
    body = [
        (
            line.full_name,
            line.position or "",
            t.role_name(line.role),
            line.class_label or "",
            line.link(bot_username) or "",
            t.STATUS_JOINED if line.joined else t.STATUS_NEW,
        )
        for line in result.lines
    ]
    return _sheet_bytes([(t.LINKS_SHEET, t.LINKS_HEADER, body, [40, 30, 24, 10, 70, 20])])
