"""The MAX emulator the demo drives (bot/emulator, shared with the tests)."""

from bot.emulator import ChatMessage, FakeMax, FakeUser, dialog_id

__all__ = ["ChatMessage", "FakeMax", "FakeUser", "dialog_id"]
