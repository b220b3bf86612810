"""The bot's vocabularies, defined once.

Each is a `StrEnum`: a member *is* its string (`Role.ADMIN == "admin"`), so values read from the
database, a roadmap TOML file or a callback payload compare equal without conversion, and what
is stored stays exactly what it was. Pure: imported by every layer, imports nothing.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a person is in the bot (person.role, invite.role, plan item roles)."""

    ADMIN = "admin"
    """The school's responsible administrator for Сферум in MAX."""
    CLASS_TEACHER = "class_teacher"
    """Классный руководитель (in a preschool: the group's воспитатель)."""
    TEACHER = "teacher"
    """Any other pedagogue."""
    STAFF = "staff"
    """A non-teaching employee."""
    AUTHORITY = "authority"
    """A member of the education authority (управление образования)."""


SCHOOL_ROLES: tuple[Role, ...] = (Role.ADMIN, Role.CLASS_TEACHER, Role.TEACHER, Role.STAFF)
"""The roles of a school's staff: the ones a roadmap item can be addressed to."""


class Kind(StrEnum):
    """What kind of organisation a school is."""

    SCHOOL = "school"
    """ОУ, a general school."""
    PRESCHOOL = "preschool"
    """ДОУ, a kindergarten."""
    EXTRA = "extra"
    """УДО, additional education."""


class Status(StrEnum):
    """A person's answer to a checklist item (answer.status, school_answer.status)."""

    DONE = "done"
    HELP = "help"
    """Asked for help: still open."""
    NA = "na"
    """Not applicable: closed, left out of the denominator."""


class Scope(StrEnum):
    """Who answers a roadmap item."""

    PERSONAL = "personal"
    """Each person for themselves."""
    SCHOOL = "school"
    """Once per school, by any of its administrators."""
    CLASS = "class"
    """Once per class and school year, by any of the class's teachers."""


class Evidence(StrEnum):
    """What closes a roadmap item."""

    SELF = "self"
    SCREENSHOT = "screenshot"
    CHAT = "chat"
    KPI = "kpi"  # a weekly school item closed by entering the week's figures (/kpi)
    CHANNEL = "channel"
    """A school item confirmed by the bot made an administrator of the school's channel."""


class ChatPurpose(StrEnum):
    """Who a class chat is for."""

    STUDENTS = "students"
    PARENTS = "parents"
    TEACHERS = "teachers"


OFFICIAL_CHANNEL = "official"
"""`chat.purpose` of a channel recorded as a school's or an authority's official channel."""


class Indicator(StrEnum):
    """The roadmap's KPI indicators."""

    REGISTERED = "registered"
    STAFF_WEEKLY = "staff_weekly"
    STUDENTS_PARENTS_WEEKLY = "students_parents_weekly"


class Verification(StrEnum):
    """How an answered item was checked (answer.verification)."""

    PENDING = "pending"
    """Waiting for the administrator's review of a screenshot."""
    VERIFIED = "verified"


class Review(StrEnum):
    """An evidence screenshot's review (evidence.status)."""

    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"
    REPLACED = "replaced"
    """A newer screenshot for the same item arrived before the review."""


class Every(StrEnum):
    """How often a recurring roadmap item comes due (one answer per period)."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    """Every school year (bot.rules.calendar.school_year_of)."""
