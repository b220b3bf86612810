"""SQLAlchemy 2 models: the whole schema of the bot in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.clock import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Authority(Base):
    """An education authority (управление образования)."""

    __tablename__ = "authority"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tz: Mapped[str] = mapped_column(String(64))
    # The authority's own roadmap (TOML text, validated on load); None = the built-in one.
    plan_toml: Mapped[str | None] = mapped_column(Text)
    # A built-in plan by name (bot.plan.builtin_names()); None = the default. plan_toml wins.
    plan_name: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    schools: Mapped[list[School]] = relationship(back_populates="authority")


class School(Base):
    """An educational organisation: ОУ (school), ДОУ (preschool) or УДО (extra)."""

    __tablename__ = "school"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    tz: Mapped[str] = mapped_column(String(64))
    declared_staff: Mapped[int | None] = mapped_column(Integer)
    declared_students: Mapped[int | None] = mapped_column(Integer)
    # The school year the school is in ("2026/27"), advanced only when its administrator
    # confirms the roll-over; None = the current school year (bot.rules.calendar).
    school_year: Mapped[str | None] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    authority: Mapped[Authority] = relationship(back_populates="schools", lazy="joined")


class Person(Base):
    """A MAX user known to the bot, with one role in one school (or authority)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    max_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"), index=True)
    class_label: Mapped[str | None] = mapped_column(String(16))
    # The dialog's chat id (from the person's updates): used to check what was delivered.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # Sends to this person failed with "blocked/dialog removed" (403); cleared on their next update.
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # No reminders up to and including this local date.
    paused_until: Mapped[date | None] = mapped_column(Date)
    # What the bot asked and waits a typed answer for, e.g. "help:12" or "pause_date".
    awaiting: Mapped[str | None] = mapped_column(String(32))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # No longer works at the school (marked by its administrator): out of every figure, and
    # the bot writes to them no more.
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The person's last update to the bot, to the hour (`bot.max.updates.seen_in_dialog`): who
    # stopped answering (`bot.rules.attention`).
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    school: Mapped[School | None] = relationship(lazy="joined")
    authority: Mapped[Authority | None] = relationship(lazy="joined")


class SchoolClass(Base):
    """A class (or a ДОУ group) of a school in a school year; it advances at the roll-over."""

    __tablename__ = "school_class"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(32))  # "5А", or a ДОУ group's name
    grade: Mapped[int | None] = mapped_column(Integer)  # 1..11; None for a ДОУ group
    letter: Mapped[str | None] = mapped_column(String(8))
    school_year: Mapped[str] = mapped_column(String(7))  # "2026/27": the year the label is of
    size: Mapped[int | None] = mapped_column(Integer)  # number of students
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # graduated or disbanded
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClassTeacher(Base):
    """Who is the class teacher of a class, from when (and until when)."""

    __tablename__ = "class_teacher"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("school_class.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Invite(Base):
    """An invite deep link. Only a hash of the code is stored."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    class_label: Mapped[str | None] = mapped_column(String(16))
    max_uses: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # Who a personal link is for (roster imports), shown in the admin's invite list.
    label: Mapped[str | None] = mapped_column(String(200))


class Answer(Base):
    """A person's answer to a personal (or class) checklist item for one period."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("person_id", "item_code", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    item_code: Mapped[str] = mapped_column(String(32))
    # Which answer of a recurring or class item this is (bot.rules.calendar.Slot.period):
    # "" for a one-off item, "2026-W49", "2026-12", "2026/27", "2026/27#12" (class 12).
    period: Mapped[str] = mapped_column(String(24), default="", server_default="")
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Confirmation beyond self-report: "pending" (evidence sent), "verified" (by the admin or
    # by the bot being added to the chat); None = self-reported only.
    verification: Mapped[str | None] = mapped_column(String(16))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by: Mapped[int | None] = mapped_column(Integer)  # person id; None = the bot


class SchoolAnswer(Base):
    """The answer to a school-level item, given by one of the school's administrators."""

    __tablename__ = "school_answer"
    __table_args__ = (UniqueConstraint("school_id", "item_code", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    item_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(24), default="", server_default="")
    status: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # "verified": the bot confirmed it (the school's official channel); None = on the word of
    # an administrator. A new status drops it (`storage.repo.people.set_school_answer`).
    verification: Mapped[str | None] = mapped_column(String(16))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DutyAnswer(Base):
    """The answer to one of the authority's own duties (`[[duties]]` of its plan), for the
    whole authority (school_id 0) or, for a per-school duty, for one of its schools."""

    __tablename__ = "duty_answer"
    __table_args__ = (UniqueConstraint("authority_id", "duty_code", "period", "school_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id", ondelete="CASCADE"))
    duty_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(24), default="", server_default="")
    school_id: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


class Audit(Base):
    """Who changed what, when: answers, joins, set-up actions."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_at", "at"), Index("ix_audit_action_at", "action", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_person_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(32))  # "person", "cli", "system"
    action: Mapped[str] = mapped_column(String(48))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class HelpRequest(Base):
    """«Нужна помощь» on an item: open until an administrator marks it handled."""

    __tablename__ = "help_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    item_code: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the last typed answer
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # passed on to the authority


class ReminderLog(Base):
    """Exactly-once record of deadline reminders: one row per (person, item, period, kind)."""

    __tablename__ = "reminder_log"
    __table_args__ = (UniqueConstraint("person_id", "item_code", "period", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    item_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(24), default="", server_default="")
    kind: Mapped[str] = mapped_column(String(16))
    local_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Escalation(Base):
    """An overdue (person, item, period) reported to the administrator: once, never again."""

    __tablename__ = "escalation"
    __table_args__ = (UniqueConstraint("person_id", "item_code", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    item_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(24), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestSnapshot(Base):
    """A school's figures as sent in a weekly digest, for "change since last week"."""

    __tablename__ = "digest_snapshot"
    __table_args__ = (UniqueConstraint("school_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))
    percent: Mapped[float] = mapped_column(Float)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Outbox(Base):
    """Every scheduled message, keyed for exactly-once: written before it is sent."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "sent_at", "next_attempt_at"),
        Index("ix_outbox_person_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # the dialog, to reconcile sends
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Set: `image` holds a document (the monthly XLSX) sent under this name, not a chart.
    file_name: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Set while a sender is sending; still set after a crash: the send is then reconciled.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Given up for good (the person blocked the bot); never sent.
    dropped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JobRun(Base):
    """A unit of scheduled work that is done, e.g. reminders planned for a school and date."""

    __tablename__ = "job_run"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RosterEntry(Base):
    """A person the school expects, from an imported roster, with their personal invite."""

    __tablename__ = "roster_entry"
    __table_args__ = (UniqueConstraint("school_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # normalised name: re-imports match on it
    position: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    class_label: Mapped[str | None] = mapped_column(String(16))
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invite.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Evidence(Base):
    """A screenshot sent to confirm an item; the administrator approves or returns it."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    item_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(24), default="", server_default="")
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id", ondelete="SET NULL"))
    # The MAX attachment as received (type + payload with url/token), to show it to the admin.
    attachment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # approved | returned
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


class Chat(Base):
    """A group chat the bot was added to (MAX offers no way to list them later)."""

    __tablename__ = "chat"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str | None] = mapped_column(String(200))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"))
    added_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    added_by_user_id: Mapped[int | None] = mapped_column(BigInteger)
    purpose: Mapped[str | None] = mapped_column(String(16))  # students | parents | teachers
    # a channel (MAX's `is_channel`), not a group chat: never counted, never written to unasked
    channel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # an authority's channel (added by one of its people; school_id is then None)
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the class the chat is of (set with its purpose); its coverage is counted against its size
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL"), index=True
    )
    # what MAX told when the chat was last read (see bot/services/chats.py, "Counting")
    bot_admin: Mapped[bool | None] = mapped_column(Boolean)  # None: not known yet
    rights_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the hint, once
    participants: Mapped[int | None] = mapped_column(Integer)  # MAX's participants_count
    present: Mapped[int | None] = mapped_column(Integer)  # members - bots - the school's staff
    active: Mapped[int | None] = mapped_column(Integer)  # of them, seen in the last 7 days
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refresh_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # next read


class ChatMember(Base):
    """Someone in a class chat, as a keyed hash of their MAX user id (no name, no phone): enough
    to tell staff from parents and to count a person once. Kept while they are in the chat and
    the bot can see it (see `bot/services/chats.py`, "Privacy")."""

    __tablename__ = "chat_member"
    __table_args__ = (UniqueConstraint("chat_row_id", "member"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_row_id: Mapped[int] = mapped_column(ForeignKey("chat.id", ondelete="CASCADE"))
    member: Mapped[str] = mapped_column(String(32), index=True)  # HMAC-SHA256 of the user id
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_access_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KpiEntry(Base):
    """A school's weekly figures from monitoring.sferum.ru, entered by its administrator."""

    __tablename__ = "kpi_entry"
    __table_args__ = (UniqueConstraint("school_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))  # ISO week, e.g. 2026-W03
    staff_weekly: Mapped[float | None] = mapped_column(Float)  # percent
    students_parents_weekly: Mapped[float | None] = mapped_column(Float)  # percent
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Announcement(Base):
    """A text sent to a group of people after a preview; delivered through the outbox."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(48))  # e.g. "all", "role:teacher", "admins"
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recipients: Mapped[int] = mapped_column(Integer, default=0)


class PlanDraft(Base):
    """A roadmap file an authority's person sent, checked and waiting for «Заменить план»: one
    per authority (a new upload replaces it); gone once confirmed or cancelled."""

    __tablename__ = "plan_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(
        ForeignKey("authority.id", ondelete="CASCADE"), unique=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of `text`, hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InviteAttempt(Base):
    """A join attempt with a code that matched no invite (brute-force protection)."""

    __tablename__ = "invite_attempt"
    __table_args__ = (Index("ix_invite_attempt_user_at", "max_user_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    max_user_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProcessedUpdate(Base):
    """An update already handled: a batch delivered again after a crash is not re-handled."""

    __tablename__ = "processed_update"
    __table_args__ = (Index("ix_processed_update_at", "at"),)

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookInbox(Base):
    """An update MAX posted to the webhook, committed before MAX got its 200 and removed once
    handled: what a crash, a kill -9 or a stop leaves here is handled on the next start."""

    __tablename__ = "webhook_inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the order of arrival
    body: Mapped[str] = mapped_column(Text)  # the update's JSON as MAX sent it
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BotState(Base):
    """Small key/value facts the bot keeps across restarts."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "Answer",
    "Audit",
    "Authority",
    "Base",
    "BotState",
    "ClassTeacher",
    "Invite",
    "Person",
    "School",
    "SchoolAnswer",
    "SchoolClass",
    "UTCDateTime",
]
