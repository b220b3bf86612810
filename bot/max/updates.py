"""Reading MAX updates: who sent one, from which dialog, and an identity that stays the same
when MAX delivers it again. Pure functions over maxapi's update objects (no API calls)."""

from __future__ import annotations

from typing import Any


def event_user(event: Any) -> Any | None:
    """The MAX user behind an update, read from the update itself (no API calls)."""
    callback = getattr(event, "callback", None)
    if callback is not None:
        return callback.user
    message = getattr(event, "message", None)
    if message is not None and getattr(message, "sender", None) is not None:
        return message.sender
    return getattr(event, "user", None)


DIALOG_UPDATES = ("bot_started", "bot_stopped", "dialog_cleared", "dialog_muted",
                  "dialog_unmuted", "dialog_removed")  # fmt: skip


def event_dialog(event: Any) -> int | None:
    """The chat id of the person's dialog with the bot, when the update comes from it."""
    if event.update_type in DIALOG_UPDATES:
        return getattr(event, "chat_id", None)
    message = getattr(event, "message", None)
    recipient = getattr(message, "recipient", None)
    if recipient is not None and recipient.chat_type == "dialog":
        return recipient.chat_id
    return None


GONE_UPDATES = ("bot_stopped", "dialog_removed")


def update_key(event: Any) -> str:
    """An identity of the update that stays the same when MAX delivers it again."""
    callback = getattr(event, "callback", None)
    if callback is not None:
        return f"cb:{callback.callback_id}"[:96]
    message = getattr(event, "message", None)
    body = getattr(message, "body", None)
    if body is not None and body.mid and event.update_type == "message_created":
        return f"msg:{body.mid}"[:96]
    user = event_user(event)
    chat_id = getattr(event, "chat_id", None)
    return f"{event.update_type}:{event.timestamp}:{chat_id}:{user and user.user_id}"[:96]


def seen_in_dialog(person: Any, dialog: int | None, event: Any) -> bool:
    """Note what an update from the person tells: their dialog's chat id, and that they can
    be written to again (unless the update is the one that says they left). True if changed."""
    changed = False
    if dialog is not None and person.chat_id != dialog:
        person.chat_id, changed = dialog, True
    if person.unreachable_at is not None and event.update_type not in GONE_UPDATES:
        person.unreachable_at, changed = None, True
    return changed
