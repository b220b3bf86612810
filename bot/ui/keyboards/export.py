"""Keyboards and callback payloads: export (part of `bot.ui.keyboards`).

Prefixes: "x" (build and send the authority's XLSX report).
"""

from __future__ import annotations

from maxapi.filters.callback_payload import CallbackPayload

from bot.ui.keyboards import button
from bot.ui.texts import export as t

GO = "go"


class ExportCb(CallbackPayload, prefix="x"):
    """Build and send the authority's XLSX report: act "go"."""

    act: str


def export_button() -> dict[str, str]:
    return button(t.BTN_EXPORT, ExportCb(act=GO))
