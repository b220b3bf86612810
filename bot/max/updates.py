"""Reading MAX updates: who sent one, from which dialog, the file a message carries, and an
identity that stays the same when MAX delivers it again. Pure functions over maxapi's update
objects (no API calls)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from maxapi.enums.update import UpdateType
from maxapi.types import MessageCreated
from maxapi.types.attachments.file import File
from maxapi.types.updates import UpdateUnion
from maxapi.types.users import User

from storage.models import Person


def event_user(event: UpdateUnion) -> User | None:
    """The MAX user behind an update, read from the update itself (no API calls)."""
    callback = getattr(event, "callback", None)
    if callback is not None:
        by_callback: User = callback.user
        return by_callback
    message = getattr(event, "message", None)
    if message is not None and getattr(message, "sender", None) is not None:
        by_message: User = message.sender
        return by_message
    user: User | None = getattr(event, "user", None)
    return user


def file_attachment(event: MessageCreated) -> File | None:
    """The first document attached to a message (a roster, a roadmap file), if any."""
    body = event.message.body
    for attachment in (body.attachments if body is not None else None) or []:
        if isinstance(attachment, File):
            return attachment
    return None


DIALOG_UPDATES = (UpdateType.BOT_STARTED, UpdateType.BOT_STOPPED, UpdateType.DIALOG_CLEARED,
                  UpdateType.DIALOG_MUTED, UpdateType.DIALOG_UNMUTED,
                  UpdateType.DIALOG_REMOVED)  # fmt: skip


def event_dialog(event: UpdateUnion) -> int | None:
    """The chat id of the person's dialog with the bot, when the update comes from it."""
    if event.update_type in DIALOG_UPDATES:
        chat_id: int | None = getattr(event, "chat_id", None)
        return chat_id
    message = getattr(event, "message", None)
    recipient = getattr(message, "recipient", None)
    if recipient is not None and recipient.chat_type == "dialog":
        dialog: int | None = recipient.chat_id
        return dialog
    return None


GONE_UPDATES = (UpdateType.BOT_STOPPED, UpdateType.DIALOG_REMOVED)


def in_group_chat(event: UpdateUnion) -> bool:
    """A message written or edited in a group chat. Where the bot is an
    administrator MAX sends it every message of the chat; the bot reads none of them (it
    answers only in dialogs and counts members from `user_added` / `user_removed`)."""
    if event.update_type not in (UpdateType.MESSAGE_CREATED, UpdateType.MESSAGE_EDITED):
        return False
    recipient = getattr(getattr(event, "message", None), "recipient", None)
    return recipient is not None and recipient.chat_type != "dialog"


def update_key(event: UpdateUnion) -> str:
    """An identity of the update that stays the same when MAX delivers it again: the
    callback's or message's id, else everything the update says (type, time, chat, user and a
    `bot_started` payload: two starts in one millisecond with different codes are two
    updates). Kept as a sha256, so the processed-updates table holds no MAX ids."""
    callback = getattr(event, "callback", None)
    message = getattr(event, "message", None)
    body = getattr(message, "body", None)
    if callback is not None:
        identity = f"cb:{callback.callback_id}"
    elif body is not None and body.mid and event.update_type == UpdateType.MESSAGE_CREATED:
        identity = f"msg:{body.mid}"
    else:
        user = event_user(event)
        chat_id = getattr(event, "chat_id", None)
        payload = getattr(event, "payload", None)
        kind = getattr(event.update_type, "value", event.update_type)
        identity = f"{kind}:{event.timestamp}:{chat_id}:{user and user.user_id}:{payload}"
    return key_of(identity)


def key_of(identity: str) -> str:
    """The stored form of an update's identity (a sha256 prefix: no MAX ids in the table)."""
    return "u:" + hashlib.sha256(identity.encode()).hexdigest()[:40]


SEEN_EVERY = timedelta(hours=1)  # `person.seen_at` is kept to the hour: no write on every tap


def seen_in_dialog(
    person: Person, dialog: int | None, event: UpdateUnion, now: datetime | None = None
) -> bool:
    """Note what an update from the person tells: their dialog's chat id, that they can be
    written to again (unless the update is the one that says they left), and, to the hour,
    when they were last seen. True if changed."""
    changed = False
    if dialog is not None and person.chat_id != dialog:
        person.chat_id, changed = dialog, True
    if person.unreachable_at is not None and event.update_type not in GONE_UPDATES:
        person.unreachable_at, changed = None, True
    if now is not None and (person.seen_at is None or now - person.seen_at >= SEEN_EVERY):
        person.seen_at, changed = now, True
    return changed
