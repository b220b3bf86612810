"""Access checks shared by handlers: the caller's role and scope come from the database
(the `person` the middleware loaded), never from the update or a callback payload."""

from __future__ import annotations

from bot.ui import texts
from storage.models import Person

ADMIN = "admin"
AUTHORITY = "authority"
STAFF_ROLES = ("admin", "class_teacher", "teacher", "staff")


def refusal(person: Person | None, *roles: str) -> str | None:
    """None when `person` has one of `roles` (with a school or an authority to act on);
    otherwise the Russian text to answer with."""
    if person is None:
        return texts.NOT_REGISTERED
    if person.role not in roles:
        return texts.NOT_ALLOWED
    if person.role == AUTHORITY and person.authority is None:
        return texts.NOT_ALLOWED
    if person.role != AUTHORITY and person.school is None:
        return texts.NOT_ALLOWED
    return None
