"""A person talking to the bot through FakeMax: builds realistic updates and reads replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .world import BOT_USER_ID, dialog_id, now_ms

if TYPE_CHECKING:
    from .server import FakeMax

Json = dict[str, Any]
LOCALE = "ru"


@dataclass(frozen=True)
class ChatMessage:
    """A read-only view of a Message dict (a snapshot taken when it was read)."""

    raw: Json

    @property
    def mid(self) -> str:
        return str(self.raw["body"]["mid"])

    @property
    def sender_id(self) -> int:
        return int(self.raw["sender"]["user_id"])

    @property
    def text(self) -> str | None:
        text: str | None = self.raw["body"].get("text")
        return text

    @property
    def attachments(self) -> list[Json]:
        return list(self.raw["body"].get("attachments") or [])

    @property
    def buttons(self) -> list[list[Json]]:
        """Rows of the inline keyboard ([] if the message has none)."""
        for attachment in self.attachments:
            if attachment.get("type") == "inline_keyboard":
                return [list(row) for row in attachment["payload"]["buttons"]]
        return []

    def labels(self) -> list[str]:
        """Texts of all buttons, row by row."""
        return [button["text"] for row in self.buttons for button in row]


class FakeUser:
    """Drives one person's dialog with the bot; get one with ``fake.user(...)``.

    The async actions push an update and, unless ``wait=False``, wait until the bot has
    handled it (``fake.wait_processed``).
    """

    def __init__(
        self, fake: FakeMax, user_id: int, first_name: str, last_name: str | None = None
    ) -> None:
        self.fake = fake
        self.user_id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.chat_id = dialog_id(user_id)

    @property
    def info(self) -> Json:
        """This person as a MAX User object."""
        return self.fake.user_info(self.user_id)

    # actions -----------------------------------------------------------------------------

    async def start(self, payload: str | None = None, *, wait: bool = True) -> None:
        """Press Start (or open a deep link with ``payload``): a ``bot_started`` update."""
        update: Json = {
            "update_type": "bot_started",
            "timestamp": now_ms(),
            "chat_id": self.chat_id,
            "user": self.info,
            "user_locale": LOCALE,
        }
        if payload is not None:
            update["payload"] = payload
        await self._push(update, wait)

    async def send(self, text: str, *, wait: bool = True) -> ChatMessage:
        """Type ``text`` into the dialog: a ``message_created`` update; returns the message."""
        return await self._send_message(text, None, wait)

    async def send_file(
        self, filename: str, data: bytes, text: str | None = None, *, wait: bool = True
    ) -> ChatMessage:
        """Send a document (e.g. a roster CSV/XLSX) into the dialog."""
        return await self._send_message(
            text, [self.fake.user_attachment("file", data, filename)], wait
        )

    async def send_image(
        self, data: bytes, text: str | None = None, *, wait: bool = True
    ) -> ChatMessage:
        """Send a photo (e.g. a screenshot as evidence) into the dialog."""
        return await self._send_message(text, [self.fake.user_attachment("image", data)], wait)

    async def write_in_chat(self, chat_id: int, text: str, *, wait: bool = True) -> ChatMessage:
        """This person writes in a group chat; MAX passes it to the bot only where the bot is
        an administrator."""
        message = self.fake.store_message(chat_id, self.info, text)
        if self.fake.bot_is_admin(chat_id):
            update = {"update_type": "message_created", "timestamp": message["timestamp"],
                      "message": message, "user_locale": LOCALE}  # fmt: skip
            await self._push(update, wait)
        return ChatMessage(message)

    async def _send_message(
        self, text: str | None, attachments: list[Json] | None, wait: bool
    ) -> ChatMessage:
        message = self.fake.store_message(self.chat_id, self.info, text, attachments)
        update = {
            "update_type": "message_created",
            "timestamp": message["timestamp"],
            "message": message,
            "user_locale": LOCALE,
        }
        await self._push(update, wait)
        return ChatMessage(message)

    async def add_bot_to_chat(
        self,
        chat_id: int,
        *,
        legacy: bool = False,
        admin: bool = True,
        bot_admin: bool = True,
        wait: bool = True,
    ) -> None:
        """This person adds the bot to a group chat or a channel (as an admin of it, unless
        ``admin`` is False): ``bot_added`` as MAX sends it since November 2026, without
        ``user`` (who added the bot is told only by the chat's owner and administrators);
        ``legacy``: the old shape, with ``user``; ``bot_admin``: whether they make the bot an
        administrator too."""
        self.fake.set_chat_member(chat_id, self.user_id, admin=admin)
        self.fake.set_bot_admin(chat_id, bot_admin)
        update: Json = {
            "update_type": "bot_added",
            "timestamp": now_ms(),
            "chat_id": chat_id,
            "is_channel": self.fake.is_channel(chat_id),
        }
        if legacy:
            update["user"] = self.info
        await self._push(update, wait)

    async def join_chat(
        self, chat_id: int, *, inviter_id: int | None = None, wait: bool = True
    ) -> None:
        """This person joins a group chat (by its invite link when ``inviter_id`` is None).
        MAX tells the bot (``user_added``) only where it is an administrator."""
        self.fake.set_chat_member(chat_id, self.user_id)
        if self.fake.bot_is_admin(chat_id):
            await self._push(self._membership("user_added", chat_id, inviter_id=inviter_id), wait)

    async def leave_chat(
        self, chat_id: int, *, admin_id: int | None = None, wait: bool = True
    ) -> None:
        """This person leaves the group chat (removed by ``admin_id``, if given); the bot hears
        of it (``user_removed``) only where it is an administrator."""
        self.fake.remove_chat_member(chat_id, self.user_id)
        if self.fake.bot_is_admin(chat_id):
            await self._push(self._membership("user_removed", chat_id, admin_id=admin_id), wait)

    def _membership(self, kind: str, chat_id: int, **who: int | None) -> Json:
        """`inviter_id` is null for someone who joined by link; `admin_id` (not nullable in
        the schema) is left out for someone who left by themselves."""
        known = {k: v for k, v in who.items() if v is not None or k == "inviter_id"}
        return {
            "update_type": kind, "timestamp": now_ms(), "chat_id": chat_id, "user": self.info,
            "is_channel": self.fake.is_channel(chat_id), **known,
        }  # fmt: skip

    async def set_bot_rights(self, chat_id: int, admin: bool, *, wait: bool = True) -> None:
        """This person (an administrator of the chat) makes the bot an administrator of it
        (``admin``) or takes that away: MAX sends ``bot_admin_permissions_changed``."""
        self.fake.set_bot_admin(chat_id, admin)
        update: Json = {
            "update_type": "bot_admin_permissions_changed", "timestamp": now_ms(),
            "chat_id": chat_id, "is_channel": self.fake.is_channel(chat_id), "is_admin": admin,
        }  # fmt: skip
        await self._push(update, wait)

    async def remove_bot_from_chat(self, chat_id: int, *, wait: bool = True) -> None:
        update: Json = {
            "update_type": "bot_removed",
            "timestamp": now_ms(),
            "chat_id": chat_id,
            "user": self.info,
            "is_channel": self.fake.is_channel(chat_id),
        }
        await self._push(update, wait)

    async def press(
        self, label: str, message: ChatMessage | None = None, *, wait: bool = True
    ) -> None:
        """Press the callback button whose text is ``label`` (or, failing that, the only one
        starting with it) on ``message`` (default: the latest bot message with a keyboard)."""
        target = self._keyboard_message(message)
        callbacks = [b for row in target.buttons for b in row if b.get("type") == "callback"]
        matches = [b for b in callbacks if b["text"] == label] or [
            b for b in callbacks if b["text"].startswith(label)
        ]
        if len(matches) != 1:
            problem = "No callback button" if not matches else "Several callback buttons"
            raise AssertionError(
                f"{problem} matching {label!r} on message {target.mid} ({target.text!r}); "
                f"buttons: {target.labels()}"
            )
        await self._push_callback(matches[0]["payload"], target, wait)

    async def press_payload(
        self, payload: str, message: ChatMessage | None = None, *, wait: bool = True
    ) -> None:
        """Send a callback with any ``payload`` (forged or stale) from ``message``."""
        await self._push_callback(payload, self._keyboard_message(message), wait)

    # reading -----------------------------------------------------------------------------

    def messages(self) -> list[ChatMessage]:
        """The whole dialog (both sides) in order, edits applied."""
        return [ChatMessage(m) for m in self.fake.dialog(self.user_id)]

    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages() if m.sender_id == BOT_USER_ID]

    def last_bot_message(self) -> ChatMessage:
        sent = self.bot_messages()
        if not sent:
            raise AssertionError(f"The bot has sent nothing to user {self.user_id}")
        return sent[-1]

    def bot_texts(self) -> list[str | None]:
        return [m.text for m in self.bot_messages()]

    def notifications(self) -> list[str]:
        """Notifications the bot sent in answer to this person's callbacks."""
        return [
            a.notification
            for a in self.fake.answers
            if a.user_id == self.user_id and a.notification is not None
        ]

    # helpers -----------------------------------------------------------------------------

    def _keyboard_message(self, message: ChatMessage | None) -> ChatMessage:
        if message is not None:
            return message
        for candidate in reversed(self.bot_messages()):
            if candidate.buttons:
                return candidate
        raise AssertionError(f"No bot message with a keyboard in the dialog of {self.user_id}")

    async def _push_callback(self, payload: str, source: ChatMessage, wait: bool) -> None:
        # MAX sends the message as it is now; null if it was deleted meanwhile.
        timestamp = now_ms()
        update: Json = {
            "update_type": "message_callback",
            "timestamp": timestamp,
            "callback": {
                "timestamp": timestamp,
                "callback_id": self.fake.new_callback_id(),
                "payload": payload,
                "user": self.info,
            },
            "message": self.fake.message(source.mid),
            "user_locale": LOCALE,
        }
        await self._push(update, wait)

    async def _push(self, update: Json, wait: bool) -> None:
        self.fake.push(update)
        if wait:
            await self.fake.wait_processed()
