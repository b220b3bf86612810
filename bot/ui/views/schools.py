"""Views: the authority's schools (`/schools`, a school's card)."""

from __future__ import annotations

from bot.services.schools import ZONES, SchoolInfo
from bot.ui.keyboards import schools as kb
from bot.ui.texts import schools as t
from bot.ui.views import Rendered
from storage.models import School


def schools_list(authority: str, found: list[SchoolInfo]) -> Rendered:
    text = t.schools_list(authority, [(i.school.name, i.school.kind, i.people) for i in found])
    return text, kb.schools_keyboard([(i.school.id, i.school.name) for i in found])


def school_card(info: SchoolInfo) -> Rendered:
    school = info.school
    text = t.school_card(
        school.name, school.kind, school.tz, info.people, info.admins, school.declared_staff
    )
    return text, kb.school_keyboard(school.id)


def school_added(info: SchoolInfo) -> Rendered:
    """After `/addschool`'s last step: the new school's card under the confirmation."""
    card, rows = school_card(info)
    return t.school_added(info.school.name) + "\n\n" + card, rows


def ask_zone(school: School) -> Rendered:
    """After `/addschool`'s typed name: the school's time zone."""
    default = school.authority.tz
    return t.ask_zone(school.name, default), kb.zone_keyboard(school.id, ZONES, default)


def ask_staff(school: School) -> Rendered:
    return t.ask_staff(school.tz), kb.skip_keyboard(school.id)


def ask_students(school: School) -> Rendered:
    return t.ASK_STUDENTS, kb.skip_keyboard(school.id)


def school_step(step: str, school: School | None) -> Rendered:
    """The message after a new school's total, typed or skipped (`schools.next_total`)."""
    if step == "bad" or school is None:
        return t.ADDSCHOOL_BAD_TOTAL, []
    if step == "students":
        return ask_students(school)
    return school_added(SchoolInfo(school, 0, []))
