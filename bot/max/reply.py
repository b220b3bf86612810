"""`Reply`: what a handler answers through.

Two implementations satisfy it: `Sender` (straight to MAX; the CLI and the scheduler) and
`Replies` (a handler's replies, written to the outbox in the update's own transaction and
delivered after the commit). Handlers are typed against this protocol only.
"""

from __future__ import annotations

from typing import Protocol

from bot.ui.keyboards import Rows


class Reply(Protocol):
    async def send(
        self, user_id: int, text: str, rows: Rows | None = None, image: bytes | None = None
    ) -> None:
        """A message to the person (with buttons, and a picture if `image`)."""

    async def send_file(self, user_id: int, text: str, data: bytes, filename: str) -> None:
        """A document under exactly `filename`."""

    async def answer_callback(
        self,
        callback_id: str,
        *,
        notification: str | None = None,
        text: str | None = None,
        rows: Rows | None = None,
    ) -> None:
        """Answer a button press: a toast, and optionally replace the message it was on."""
