"""The emulator's HTTP routes: the MAX Bot API calls maxapi makes, over the `World`.

`Routes` adds what the API itself keeps (the update queue, webhook subscriptions, callback
answers, who blocked the bot); `FakeMax` (server.py) serves it and records every request.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from .world import (
    BOT_USER_ID,
    UPLOAD_TYPES,
    ApiError,
    CallbackAnswer,
    Json,
    Upload,
    World,
    dialog_id,
    now_ms,
)

MAX_BATCH = 100
JSON_BODY = web.RequestKey("json_body", object)


def api_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message}, status=status)


def _json_object(request: web.Request) -> Json:
    body = request[JSON_BODY]
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "proto.payload", "JSON body must be an object")
    return body


def _int_param(query: Any, name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, "proto.payload", f"{name} must be an integer") from None


class Routes(World):
    def __init__(self, *, poll_timeout: float) -> None:
        super().__init__()
        self.poll_timeout = poll_timeout
        self.bot_user: Json = {
            "user_id": BOT_USER_ID,
            "first_name": "Школьный помощник",
            "username": "sferum_roadmap_bot",
            "is_bot": True,
            "last_activity_time": now_ms(),
            "name": "Школьный помощник",
        }
        self.updates: list[Json] = []
        self.subscriptions: list[Json] = []
        self.answers: list[CallbackAnswer] = []
        self._callbacks: dict[str, tuple[int | None, str | None]] = {}  # id -> (user, mid)
        self.blocked_users: set[int] = set()  # they blocked the bot: messages to them get 403
        self._acked = 0  # highest marker the bot has asked /updates for
        self._changed = asyncio.Event()
        self._closing = False

    def _signal(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # routes ------------------------------------------------------------------------------

    async def _get_me(self, request: web.Request) -> web.Response:
        return web.json_response(self.bot_user)

    async def _get_subscriptions(self, request: web.Request) -> web.Response:
        return web.json_response({"subscriptions": self.subscriptions})

    async def _post_subscriptions(self, request: web.Request) -> web.Response:
        body = _json_object(request)
        self.subscriptions.append(
            {"url": body.get("url"), "time": now_ms(), "update_types": body.get("update_types")}
        )
        return web.json_response({"success": True})

    async def _delete_subscriptions(self, request: web.Request) -> web.Response:
        url = request.query.get("url")
        self.subscriptions = [s for s in self.subscriptions if s["url"] != url]
        return web.json_response({"success": True})

    async def _get_updates(self, request: web.Request) -> web.Response:
        query = request.query
        limit = min(_int_param(query, "limit", MAX_BATCH), MAX_BATCH)
        timeout = min(float(_int_param(query, "timeout", 90)), self.poll_timeout)
        if "marker" in query:
            start = _int_param(query, "marker", 0)
            self._acked = max(self._acked, start)
            self._signal()
        else:  # like the real API: without a marker only the latest update is returned
            start = max(len(self.updates) - 1, 0)
        start = min(start, len(self.updates))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.updates) <= start and not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                break
        batch = self.updates[start : start + limit]
        return web.json_response({"updates": batch, "marker": start + len(batch)})

    async def _get_chat(self, request: web.Request) -> web.Response:
        chat_id = int(request.match_info["chat_id"])
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        return web.json_response(chat)

    async def _get_chat_admins(self, request: web.Request) -> web.Response:
        chat_id = int(request.match_info["chat_id"])
        chat = self._chats.get(chat_id)
        if chat is None or chat.get("type") == "dialog":
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        return web.json_response({"members": self.chat_admins(chat_id), "marker": None})

    def bot_member_info(self) -> Json:
        return dict(self.bot_user)

    async def _get_chat_members(self, request: web.Request) -> web.Response:
        """A page of the group chat's members (``count`` up to 100, ``marker`` = where the next
        page starts) or, with ``user_ids``, just those (paging ignored). Only an administrator
        may list them: 403 otherwise, as MAX answers."""
        chat_id = int(request.match_info["chat_id"])
        chat = self._chats.get(chat_id)
        if chat is None or chat.get("type") == "dialog":
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        if not self.bot_is_admin(chat_id):
            raise ApiError(403, "chat.denied", "chat.denied: the bot is not an administrator")
        members = self.chat_members(chat_id)
        raw_ids = request.query.get("user_ids")
        if raw_ids:
            try:
                wanted = {int(part) for part in raw_ids.split(",")}
            except ValueError:
                raise ApiError(400, "proto.payload", "user_ids must be integers") from None
            return web.json_response(
                {"members": [m for m in members if m["user_id"] in wanted], "marker": None}
            )
        count = _int_param(request.query, "count", 20)
        if not 1 <= count <= 100:
            raise ApiError(400, "proto.payload", "count must be from 1 to 100")
        start = _int_param(request.query, "marker", 0)
        page = members[start : start + count]
        more = start + count < len(members)
        return web.json_response({"members": page, "marker": start + count if more else None})

    async def _get_chat_me(self, request: web.Request) -> web.Response:
        """The bot's own membership of a group chat: whether it is an administrator."""
        chat_id = int(request.match_info["chat_id"])
        chat = self._chats.get(chat_id)
        if chat is None or chat.get("type") == "dialog":
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        admin = self.bot_is_admin(chat_id)
        return web.json_response({
            **self.bot_user, "is_owner": False, "is_admin": admin,
            "join_time": chat["last_event_time"], "last_access_time": now_ms(),
            "permissions": ["read_all_messages", "add_remove_members"] if admin else None,
        })  # fmt: skip

    async def _get_messages(self, request: web.Request) -> web.Response:
        """Messages of a chat, newest first (as MAX returns them), at most ``count``."""
        chat_id = _int_param(request.query, "chat_id", 0)
        if chat_id not in self._chats:
            raise ApiError(404, "not.found", f"Chat {chat_id} not found")
        count = min(max(_int_param(request.query, "count", 50), 1), 100)
        newest_first = list(reversed(self.chat_messages(chat_id)))[:count]
        return web.json_response({"messages": newest_first})

    async def _post_message(self, request: web.Request) -> web.Response:
        if "chat_id" in request.query:
            chat_id = _int_param(request.query, "chat_id", 0)
        elif "user_id" in request.query:
            user_id = _int_param(request.query, "user_id", 0)
            if user_id not in self._users:
                raise ApiError(404, "not.found", f"Dialog with user {user_id} not found")
            chat_id = dialog_id(user_id)
        else:
            raise ApiError(400, "proto.payload", "Either chat_id or user_id is required")
        if self._dialog_user.get(chat_id) in self.blocked_users:
            raise ApiError(403, "chat.denied", "chat.denied: the user has blocked the bot")
        chat = self._chats.get(chat_id)
        if chat is not None and chat["type"] == "channel" and not self.bot_is_admin(chat_id):
            raise ApiError(403, "chat.denied", "chat.denied: only administrators post here")
        body = _json_object(request)
        message = self.store_message(
            chat_id, self.bot_user, body.get("text"), body.get("attachments"), body.get("link")
        )
        return web.json_response({"message": message})

    async def _put_message(self, request: web.Request) -> web.Response:
        self._edit(self._mid_param(request), _json_object(request))
        return web.json_response({"success": True})

    async def _delete_message(self, request: web.Request) -> web.Response:
        del self._messages[self._mid_param(request)]
        return web.json_response({"success": True})

    async def _post_answer(self, request: web.Request) -> web.Response:
        callback_id = request.query.get("callback_id", "")
        if callback_id not in self._callbacks:
            raise ApiError(404, "not.found", f"Callback {callback_id!r} not found")
        user_id, mid = self._callbacks[callback_id]
        body = _json_object(request)
        new_message = body.get("message")
        if new_message is not None and mid is not None and mid in self._messages:
            self._edit(mid, new_message)
        self.answers.append(
            CallbackAnswer(callback_id, user_id, mid, body.get("notification"), new_message)
        )
        return web.json_response({"success": True})

    async def _post_uploads(self, request: web.Request) -> web.Response:
        kind = request.query.get("type", "")
        if kind not in UPLOAD_TYPES:
            raise ApiError(400, "proto.payload", f"Unknown upload type {kind!r}")
        n = len(self.uploads) + 1
        upload = Upload(n=n, type=kind, token=f"{kind}-token-{n}")
        self.uploads.append(upload)
        answer: Json = {"url": f"{self.url}/upload/{n}"}
        if kind != "image":
            answer["token"] = upload.token
        return web.json_response(answer)

    async def _upload(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if not 1 <= n <= len(self.uploads):
            raise ApiError(404, "not.found", f"Upload slot {n} not found")
        upload = self.uploads[n - 1]
        form = await request.post()
        data = form.get("data")
        if not isinstance(data, web.FileField):
            raise ApiError(400, "proto.payload", "Multipart field 'data' with a file is required")
        upload.data = data.file.read()
        upload.filename = data.filename
        upload.content_type = data.content_type
        if upload.type == "image":
            return web.json_response({"photos": {f"photo{n}": {"token": upload.token}}})
        return web.json_response({"token": upload.token})

    async def _download(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if not 1 <= n <= len(self.uploads) or self.uploads[n - 1].data is None:
            raise ApiError(404, "not.found", f"File {n} not found")
        upload = self.uploads[n - 1]
        return web.Response(
            body=upload.data,
            content_type=upload.content_type or "application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{upload.filename or n}"'},
        )

    # helpers -----------------------------------------------------------------------------

    def _mid_param(self, request: web.Request) -> str:
        mid = request.query.get("message_id", "")
        if mid not in self._messages:
            raise ApiError(404, "not.found", f"Message {mid!r} not found")
        return mid
