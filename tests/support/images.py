"""Photos a fake user sends (screenshots as evidence)."""

from __future__ import annotations

import struct
import zlib

from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import verify as verify_texts


def png(seed: int = 0) -> bytes:
    """A valid 1×1 PNG (a different pixel per seed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(bytes([0, seed % 256, 128, 64]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )


async def answer_with_screenshot(user, label: str, seed: int = 0) -> bool:
    """Press `label` on the item shown; where «Готово» asks for a screenshot, send one
    instead (as a person would). True when a screenshot was sent."""
    await user.press(label)
    if label != checklist_texts.BTN_DONE:
        return False
    if user.notifications()[-1:] != [verify_texts.SCREENSHOT_NEEDED_TOAST]:
        return False
    await user.send_image(png(seed))
    return True
