"""Fake MAX Bot API for end-to-end tests of the bot with the real maxapi client."""

from .contract import Contract
from .server import (
    BOT_USER_ID,
    ApiError,
    CallbackAnswer,
    FakeMax,
    RecordedRequest,
    Upload,
    bot_polling,
    dialog_id,
)
from .user import ChatMessage, FakeUser

__all__ = [
    "BOT_USER_ID",
    "ApiError",
    "CallbackAnswer",
    "ChatMessage",
    "Contract",
    "FakeMax",
    "FakeUser",
    "RecordedRequest",
    "Upload",
    "bot_polling",
    "dialog_id",
]
