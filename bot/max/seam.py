"""The one seam where MAX is ahead of maxapi 1.2.3: raw updates pass here before maxapi
parses them (long polling: `PersistentMarkerBot.get_updates`; webhook: `WebhookServer._parse`).
Remove each part when maxapi catches up.

**`bot_admin_permissions_changed`** (October 2026) is unknown to maxapi, which drops it with a
warning. Here it is taken out of the batch and handed to `RightsChanged` (the bot reads the
chat's rights and members again at once: `bot.services.chats.rights_changed`); what the update
carries beyond `chat_id` does not matter, the rights are read from `GET /chats/{id}/members/me`.

**`bot_added` without `user`.** Since November 2026 MAX sends `bot_added` with `chat_id`,
`is_channel` and `timestamp` only
(`../shared/reference/max-platform-facts.md`, "Changes since the schema snapshot"). maxapi
1.2.3's `BotAdded` still requires `user`, so it would drop such an update as invalid, and
with it the class chat a teacher just added the bot to. Here, before maxapi parses an update
(long polling: `PersistentMarkerBot.get_updates`; webhook: `WebhookServer._parse`), the missing
`user` is filled in from what MAX tells about the chat:

- its administrators (`GET /chats/{id}/members/admins`, the owner first) and its owner
  (`GET /chats/{id}`: `owner_id`);
- of these, the first one registered in the bot (still working at a school) is taken as the
  person who added it — they are the one asked, in their dialog, what the chat is for;
- none registered: the owner (or the first administrator), so the chat is recorded with
  nobody's school — unclaimed — and nobody is asked.

An update that has `user` (the old shape) passes unchanged. If MAX tells nothing about the
chat (an error, no owner, no administrators) the update passes unchanged too, and maxapi drops
it with a warning, as before. Remove this module when maxapi accepts the new shape.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

log = logging.getLogger(__name__)

Json = dict[str, Any]
Registered = Callable[[Sequence[int]], Awaitable[set[int]]]
"""Of these MAX user ids, the ones registered in the bot (people still at their school)."""
RightsChanged = Callable[[int], Awaitable[None]]
"""The bot's rights in this chat changed: read them again."""
RIGHTS_CHANGED = "bot_admin_permissions_changed"

USER_FIELDS = ("user_id", "first_name", "last_name", "username", "is_bot", "last_activity_time")


class ChatReader(Protocol):
    """The two maxapi Bot methods the seam needs."""

    async def get_chat_by_id(self, id: int) -> Any: ...

    async def get_list_admin_chat(self, chat_id: int, marker: int | None = None) -> Any: ...


def lacks_user(update: Any) -> bool:
    return (
        isinstance(update, dict)
        and update.get("update_type") == "bot_added"
        and not isinstance(update.get("user"), dict)
        and isinstance(update.get("chat_id"), int)
    )


async def _candidates(bot: ChatReader, chat_id: int) -> list[Json]:
    """The chat's owner and administrators as User objects, the owner first, bots left out
    (the chat itself is read only when its administrators do not name the owner)."""
    people: list[Json] = []
    try:
        admins = (await bot.get_list_admin_chat(chat_id)).members
    except Exception as exc:  # e.g. MAX fails now: the chat's owner may still be known
        log.warning("bot_added: chat %s admins unknown (%s)", chat_id, type(exc).__name__)
        admins = []
    for member in admins:
        if member.is_bot:
            continue
        user = member.model_dump(include=set(USER_FIELDS))
        if member.is_owner:
            people.insert(0, user)
        else:
            people.append(user)
    if not any(m.is_owner for m in admins):
        try:
            owner_id = (await bot.get_chat_by_id(chat_id)).owner_id
        except Exception as exc:
            log.warning("bot_added: GET /chats/%s failed (%s)", chat_id, type(exc).__name__)
            owner_id = None
        if owner_id is not None and all(p["user_id"] != owner_id for p in people):
            people.insert(0, {"user_id": owner_id, "first_name": "", "is_bot": False})
    return people


async def complete_bot_added(bot: ChatReader, update: Json, registered: Registered | None) -> Json:
    """`update` with `user` filled in when MAX left it out (see the module's docstring)."""
    if not lacks_user(update):
        return update
    chat_id: int = update["chat_id"]
    people = await _candidates(bot, chat_id)
    if not people:
        log.warning("bot_added: nobody known for chat %s; the update is left as it came", chat_id)
        return update
    known = await registered([p["user_id"] for p in people]) if registered is not None else set()
    adder = next((p for p in people if p["user_id"] in known), people[0])
    return {**update, "user": adder}


async def complete_updates(bot: ChatReader, batch: Json, registered: Registered | None) -> Json:
    """A `GET /updates` answer with every `bot_added` completed."""
    updates = batch.get("updates")
    if not isinstance(updates, list) or not any(lacks_user(u) for u in updates):
        return batch
    return {**batch, "updates": [await complete_bot_added(bot, u, registered) for u in updates]}


def is_rights_change(update: Any) -> bool:
    return (
        isinstance(update, dict)
        and update.get("update_type") == RIGHTS_CHANGED
        and isinstance(update.get("chat_id"), int)
    )


async def take_rights_changes(batch: Json, rights_changed: RightsChanged | None) -> Json:
    """A `GET /updates` answer without its `bot_admin_permissions_changed` updates, each
    handed to `rights_changed` first (a failure is logged: the daily read catches up)."""
    updates = batch.get("updates")
    if not isinstance(updates, list) or not any(is_rights_change(u) for u in updates):
        return batch
    for update in updates:
        if is_rights_change(update):
            await hand_rights_change(update, rights_changed)
    return {**batch, "updates": [u for u in updates if not is_rights_change(u)]}


async def hand_rights_change(update: Json, rights_changed: RightsChanged | None) -> None:
    if rights_changed is None:
        return
    try:
        await rights_changed(update["chat_id"])
    except Exception:
        log.exception("bot_admin_permissions_changed for chat %s not recorded", update["chat_id"])
