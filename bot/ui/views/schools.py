"""Views: the authority's schools (`/schools`, a school's card)."""

from __future__ import annotations

from bot.services.schools import SchoolInfo
from bot.ui.keyboards import schools as kb
from bot.ui.texts import schools as t
from bot.ui.views import Rendered


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
    """After `/addschool`'s typed name: the new school's card under the confirmation."""
    card, rows = school_card(info)
    return t.school_added(info.school.name) + "\n\n" + card, rows
