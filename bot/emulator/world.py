"""The emulator's world: people, dialogs and group chats with their messages, and uploads.

`World` keeps the state a MAX server would; `FakeMax` (server.py) serves it over HTTP.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

BOT_USER_ID = 900001
DIALOG_ID_BASE = 10_000_000
GROUP_ID_BASE = -70_000_000  # group chat ids are negative in MAX
UPLOAD_TYPES = ("image", "video", "audio", "file")


def now_ms() -> int:
    return int(time.time() * 1000)


def dialog_id(user_id: int) -> int:
    """The chat id of the dialog between the bot and ``user_id``."""
    return DIALOG_ID_BASE + user_id


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    time: float  # time.monotonic() on arrival
    status: int | None = None  # None while pending or if the client went away

    def __str__(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query.items())
        body = "" if self.json is None else " " + json.dumps(self.json, ensure_ascii=False)[:200]
        return f"{self.method} {self.path}{'?' + query if query else ''} -> {self.status}{body}"


@dataclass
class Upload:
    """One ``POST /uploads`` slot; ``data`` and ``filename`` are set by the upload itself."""

    n: int
    type: str
    token: str
    data: bytes | None = None
    filename: str | None = None
    content_type: str | None = None


@dataclass
class CallbackAnswer:
    """A ``POST /answers`` call, tied to the callback update it answers."""

    callback_id: str
    user_id: int | None
    mid: str | None
    notification: str | None
    message: Json | None


class ApiError(Exception):
    """Raised by route handlers; becomes a MAX-style ``{"code", "message"}`` response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class World:
    """People, chats, messages and uploads (no HTTP: see `FakeMax`)."""

    def __init__(self) -> None:
        self.url = ""  # where the files are served (set when the server starts)
        self.uploads: list[Upload] = []
        self._users: dict[int, Json] = {}
        self._chats: dict[int, Json] = {}
        self._admins: dict[int, list[int]] = {}  # group chat id -> its administrators, in order
        self._bot_admin: dict[int, bool] = {}  # group chat id -> the bot is its administrator
        # group chat id -> user id -> {"join_time", "last_access_time"} (ms), in joining order
        self._members: dict[int, dict[int, Json]] = {}
        self._dialog_user: dict[int, int] = {}  # dialog chat_id -> user_id
        self._messages: dict[str, Json] = {}  # mid -> Message, in sending order
        self._ids = itertools.count(1)

    # people, chats, messages -------------------------------------------------------------

    def _register(self, user_id: int, first_name: str, last_name: str | None) -> None:
        """A person, with a dialog with the bot."""
        full_name = f"{first_name} {last_name}" if last_name else first_name
        self._users[user_id] = {
            "user_id": user_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": None,
            "is_bot": False,
            "last_activity_time": now_ms(),
            "name": full_name,
        }
        chat_id = dialog_id(user_id)
        self._dialog_user[chat_id] = user_id
        self._chats[chat_id] = {
            "chat_id": chat_id,
            "type": "dialog",
            "status": "active",
            "title": None,
            "icon": None,
            "description": None,
            "last_event_time": now_ms(),
            "participants_count": 2,
            "is_public": False,
            "dialog_with_user": self._users[user_id],
        }

    def user_info(self, user_id: int) -> Json:
        """The User object of a registered person (a copy)."""
        return copy.deepcopy(self._users[user_id])

    def create_group_chat(self, title: str, *, channel: bool = False) -> int:
        """Create a group chat (``channel``: a channel) the bot is an active member of;
        returns its chat_id."""
        chat_id = GROUP_ID_BASE - next(self._ids)
        self._chats[chat_id] = {
            "chat_id": chat_id,
            "type": "channel" if channel else "chat",
            "status": "active",
            "title": title,
            "icon": None,
            "description": None,
            "last_event_time": now_ms(),
            "participants_count": 1,
            "is_public": False,
            "owner_id": None,
        }
        self._bot_admin[chat_id] = True
        return chat_id

    def create_channel(self, title: str) -> int:
        """Create a channel the bot is in; returns its chat_id."""
        return self.create_group_chat(title, channel=True)

    def is_channel(self, chat_id: int) -> bool:
        return bool(self._group(chat_id)["type"] == "channel")

    def set_bot_admin(self, chat_id: int, admin: bool) -> None:
        """Whether the bot is an administrator of the group chat (it is when created)."""
        self._bot_admin[chat_id] = admin

    def set_chat_member(self, chat_id: int, user_id: int, *, admin: bool = False) -> None:
        """Record that ``user_id`` is in the group chat (the owner if it has none yet, and
        then an administrator too; ``admin``: an administrator anyway)."""
        chat = self._group(chat_id)
        admins = self._admins.setdefault(chat_id, [])
        if chat.get("owner_id") is None:
            chat["owner_id"] = user_id
            admin = True
        if admin and user_id not in admins:
            admins.append(user_id)
        members = self._members.setdefault(chat_id, {})
        if user_id not in members:
            members[user_id] = {"join_time": now_ms(), "last_access_time": now_ms()}
        chat["participants_count"] = 1 + len(members)  # the bot and the people

    def remove_chat_member(self, chat_id: int, user_id: int) -> None:
        """``user_id`` left the group chat (or was removed)."""
        chat = self._group(chat_id)
        self._members.get(chat_id, {}).pop(user_id, None)
        if user_id in self._admins.get(chat_id, []):
            self._admins[chat_id].remove(user_id)
        chat["participants_count"] = 1 + len(self._members.get(chat_id, {}))

    def set_member_access(self, chat_id: int, user_id: int, when_ms: int) -> None:
        """When ``user_id`` last opened the group chat (MAX's ``last_access_time``)."""
        self._members[chat_id][user_id]["last_access_time"] = when_ms

    def bot_is_admin(self, chat_id: int) -> bool:
        return self._bot_admin.get(chat_id, False)

    def _group(self, chat_id: int) -> Json:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise AssertionError(f"no chat {chat_id}; create it with create_group_chat()")
        return chat

    def _member(self, chat_id: int, user_id: int) -> Json:
        """A ChatMember object: the user, their rights and times in the chat."""
        owner = self._chats[chat_id].get("owner_id")
        admin = user_id in self._admins.get(chat_id, [])
        times = self._members.get(chat_id, {}).get(user_id) or {
            "join_time": self._chats[chat_id]["last_event_time"], "last_access_time": now_ms()
        }  # fmt: skip
        return {
            **self.user_info(user_id),
            "is_owner": user_id == owner,
            "is_admin": admin,
            **times,
            "permissions": ["read_all_messages", "add_remove_members", "add_admins",
                            "change_chat_info", "pin_message", "write"] if admin else None,
        }  # fmt: skip

    def chat_admins(self, chat_id: int) -> list[Json]:
        """The group chat's administrators as ChatMember objects (the owner marked)."""
        return [self._member(chat_id, user_id) for user_id in self._admins.get(chat_id, [])]

    def chat_members(self, chat_id: int) -> list[Json]:
        """Everyone in the group chat as ChatMember objects, the bot first, then by joining."""
        chat = self._chats[chat_id]
        bot = {
            **self.bot_member_info(), "is_owner": False, "is_admin": self.bot_is_admin(chat_id),
            "join_time": chat["last_event_time"], "last_access_time": now_ms(), "permissions": None,
        }  # fmt: skip
        return [bot, *(self._member(chat_id, u) for u in self._members.get(chat_id, {}))]

    def bot_member_info(self) -> Json:
        """The bot as a User object (the server fills in its name)."""
        return {"user_id": BOT_USER_ID, "first_name": "Бот", "is_bot": True}

    def chat_messages(self, chat_id: int) -> list[Json]:
        """Messages in a chat in order, edits applied, deleted ones left out (copies)."""
        return [
            copy.deepcopy(m)
            for m in self._messages.values()
            if m["recipient"]["chat_id"] == chat_id
        ]

    def dialog(self, user_id: int) -> list[Json]:
        """Messages (the bot's and the user's) in the dialog with ``user_id``."""
        return self.chat_messages(dialog_id(user_id))

    def bot_messages(self, user_id: int) -> list[Json]:
        return [m for m in self.dialog(user_id) if m["sender"]["user_id"] == BOT_USER_ID]

    def message(self, mid: str) -> Json | None:
        """The current state of a message, or None if it never existed or was deleted."""
        found = self._messages.get(mid)
        return copy.deepcopy(found) if found is not None else None

    def store_message(
        self,
        chat_id: int,
        sender: Json,
        text: str | None,
        attachments: list[Json] | None = None,
        link: Json | None = None,
    ) -> Json:
        """Put a message into a chat as ``sender`` (no update is pushed); returns a copy."""
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        n = next(self._ids)
        recipient: Json = {"chat_id": chat_id, "chat_type": chat["type"], "user_id": None}
        if chat["type"] == "dialog":
            from_bot = sender["user_id"] == BOT_USER_ID
            recipient["user_id"] = self._dialog_user[chat_id] if from_bot else BOT_USER_ID
        message: Json = {
            "sender": copy.deepcopy(sender),
            "recipient": recipient,
            "timestamp": now_ms(),
            "body": {
                "mid": f"mid.{n:06d}",
                "seq": n,
                "text": text,
                "attachments": self._stored_attachments(attachments or []),
            },
        }
        if link is not None:
            message["link"] = self._linked_message(link)
        chat["last_event_time"] = message["timestamp"]
        self._messages[message["body"]["mid"]] = message
        return copy.deepcopy(message)

    def new_callback_id(self) -> str:
        return f"cb.{next(self._ids):06d}"

    def user_attachment(self, kind: str, data: bytes, filename: str | None = None) -> Json:
        """A file or image as a person's message carries it (stored, downloadable)."""
        n = len(self.uploads) + 1
        upload = Upload(n, kind, f"{kind}-user-{n}", data, filename, None)
        self.uploads.append(upload)
        attachment: Json = {
            "type": kind,
            "payload": {"url": f"{self.url}/files/{n}", "token": upload.token},
        }
        if kind == "image":
            attachment["payload"]["photo_id"] = n
        if kind == "file":
            attachment["filename"] = filename or f"file{n}"
            attachment["size"] = len(data)
        return attachment

    # helpers -------------------------------------------------------------------------------

    def _edit(self, mid: str, new: Json) -> None:
        """Apply a NewMessageBody; absent or null text/attachments are left unchanged."""
        body = self._messages[mid]["body"]
        if new.get("text") is not None:
            body["text"] = new["text"]
        if new.get("attachments") is not None:
            body["attachments"] = self._stored_attachments(new["attachments"])

    def _stored_attachments(self, attachments: list[Json]) -> list[Json]:
        """Turn request attachments into what a Message carries (uploads get url/size)."""
        stored: list[Json] = []
        for attachment in copy.deepcopy(attachments):
            kind = attachment.get("type")
            token = (attachment.get("payload") or {}).get("token")
            if kind in UPLOAD_TYPES and token is not None:
                upload = next((u for u in self.uploads if u.token == token), None)
                if upload is None or upload.data is None:
                    raise ApiError(400, "proto.payload", f"Unknown attachment token {token!r}")
                file_url = f"{self.url}/files/{upload.n}"
                attachment["payload"] = {"url": file_url, "token": token}
                if kind == "image":
                    attachment["payload"]["photo_id"] = upload.n
                if kind == "file":
                    attachment["filename"] = upload.filename
                    attachment["size"] = len(upload.data)
            stored.append(attachment)
        return stored

    def _linked_message(self, link: Json) -> Json:
        linked = self._messages.get(link.get("mid", ""))
        if linked is None:
            raise ApiError(400, "proto.payload", f"Linked message {link.get('mid')!r} not found")
        return {
            "type": link.get("type"),
            "sender": linked["sender"],
            "chat_id": linked["recipient"]["chat_id"],
            "message": copy.deepcopy(linked["body"]),
        }
