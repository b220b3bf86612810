"""Fake MAX Bot API for end-to-end tests of the bot with the real maxapi client."""

from .contract import Contract
from .server import FakeMax, bot_polling
from .user import ChatMessage, FakeUser
from .world import BOT_USER_ID, ApiError, CallbackAnswer, RecordedRequest, Upload, dialog_id

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
