"""Access at router level: each router declares the roles it serves.

`Access(*roles)` is an inner middleware (it runs only when one of the router's handlers
matched). The caller's role and scope come from the database — the `person` that
`ContextMiddleware` loaded — never from the update or a callback payload. A caller without
one of the roles is answered with the refusal (a message, or a toast for a button), the refusal
is written to the audit log, and the handler does not run. Otherwise the handler receives
`caller: Person`, which is never None, and the caller's `school: School` (staff) or
`authority: Authority` (the authority), never None either.

    router = Router("invites")
    router.register_inner_middleware(Access(Role.ADMIN))

A router whose handlers serve different roles, or need their own refusal text, declares
`Access(...)` on each handler instead, positionally in the decorator (maxapi runs a router's
inner middlewares first, then the handler's own).

`OwnButton()` refuses a button drawn for another person (its payload's `person_id`): put it
after `Access(...)` on the handler, or before it where the owner check must come first.
"""

from __future__ import annotations

from typing import Any

from maxapi.filters.middleware import BaseMiddleware, HandlerCallable
from maxapi.types import MessageCallback
from maxapi.types.updates import UpdateUnion
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.max.reply import Reply
from bot.ui import texts
from bot.vocab import SCHOOL_ROLES, Role
from storage.models import Person
from storage.repo import people


def refusal(person: Person | None, *roles: Role, scoped: bool = True) -> str | None:
    """None when `person` has one of `roles` (and, when `scoped`, a school or an authority to
    act on); otherwise the Russian text to answer with."""
    if person is None:
        return texts.NOT_REGISTERED
    if not scoped and person.role in roles:
        return None  # e.g. erasing one's data: a person who left may do it too
    if person.left_at is not None:
        return texts.LEFT_SCHOOL
    if person.role not in roles:
        return texts.NOT_ALLOWED
    if person.role == Role.AUTHORITY and person.authority is None:
        return texts.NOT_ALLOWED
    if person.role != Role.AUTHORITY and person.school is None:
        return texts.NOT_ALLOWED
    return None


class Access(BaseMiddleware):
    """Lets through callers with one of `roles`; answers, audits and stops everyone else.

    `refused`: the text for a registered person without the role (default: NOT_ALLOWED);
    `stranger`: the text for someone not registered (default: NOT_REGISTERED); `scoped=False`
    lets through a caller with the role but no school or authority (e.g. erasing one's data).
    """

    def __init__(
        self,
        *roles: Role,
        refused: str | None = None,
        stranger: str | None = None,
        scoped: bool = True,
    ) -> None:
        self.roles = roles
        self.refused = refused
        self.stranger = stranger
        self.scoped = scoped

    async def __call__(
        self, handler: HandlerCallable, event_object: UpdateUnion, data: dict[str, Any]
    ) -> Any:
        person: Person | None = data.get("person")
        problem = refusal(person, *self.roles, scoped=self.scoped)
        if problem is None:
            assert person is not None  # refusal() answers strangers
            data["caller"] = person
            if person.school is not None:
                data["school"] = person.school
            if person.authority is not None:
                data["authority"] = person.authority
            return await handler(event_object, data)
        if person is not None and self.refused is not None and person.left_at is None:
            problem = self.refused
        if person is None and self.stranger is not None:
            problem = self.stranger
        session: AsyncSession = data["session"]
        people.audit(
            session,
            "access.refused",
            at=utcnow(),
            person_id=person.id if person is not None else None,
            update=event_object.update_type,
            role=person.role if person is not None else None,
            needs=[str(r) for r in self.roles],
        )
        sender: Reply = data["sender"]
        callback = getattr(event_object, "callback", None)
        if callback is not None:
            await sender.answer_callback(callback.callback_id, notification=problem)
        else:
            await sender.send(data["user"].user_id, problem)
        return None


class OwnButton(BaseMiddleware):
    """Lets through only the person a button was drawn for (`payload.person_id`); anyone else,
    a stranger included, is answered «Эта кнопка не для вас» (a toast) and stopped."""

    async def __call__(
        self, handler: HandlerCallable, event_object: UpdateUnion, data: dict[str, Any]
    ) -> Any:
        assert isinstance(event_object, MessageCallback)  # registered for buttons only
        person: Person | None = data.get("person")
        if person is None or person.id != data["payload"].person_id:
            sender: Reply = data["sender"]
            await sender.answer_callback(
                event_object.callback.callback_id, notification=texts.FOREIGN_BUTTON
            )
            return None
        return await handler(event_object, data)


STAFF_BUTTON = (Access(*SCHOOL_ROLES, refused=texts.FOREIGN_BUTTON), OwnButton())
"""A staff member's checklist button: drawn for one person, it is refused to everyone else
alike (strangers excepted: they are told to join).
`@router.message_callback(SomeCb.filter(), *STAFF_BUTTON)`."""

PERSONAL_BUTTON = (
    Access(*SCHOOL_ROLES, refused=texts.FOREIGN_BUTTON, stranger=texts.FOREIGN_BUTTON),
    OwnButton(),
)
"""A staff member's other personal buttons (the pause menu's, «Пропустить»): «not for you» to
everyone but the person they were drawn for, strangers included."""
