"""Inline keyboards and their callback payloads: one module per feature, the shared pieces
(`Rows`, `button`, `markup`) here, and the list of every payload prefix in use (below).

A keyboard is plain data — rows of {"text", "payload", "intent"} — so it can be stored in the
outbox and turned into a maxapi attachment by the sender (`markup`).

Payloads carry the person's id (a button pressed by someone else is refused) and, for answers,
the state the item had when the button was drawn (a button from an older message is refused).
"""

from __future__ import annotations

from typing import Any

from maxapi.filters.callback_payload import CallbackPayload
from maxapi.types.attachments.buttons import CallbackButton
from maxapi.utils.inline_keyboard import InlineKeyboardBuilder

Rows = list[list[dict[str, str]]]


def button(text: str, payload: CallbackPayload, intent: str = "default") -> dict[str, str]:
    return {"text": text, "payload": payload.pack(), "intent": intent}


def markup(rows: Rows) -> Any:
    """The maxapi inline keyboard attachment for `rows`."""
    kb = InlineKeyboardBuilder()
    for row in rows:
        kb.row(*(CallbackButton(**b) for b in row))
    return kb.as_markup()


# Callback payload prefixes in use (each must be unique across the bot):
#   a, o, m                 — keyboards/checklist.py (answer, open item, menu)
#   p                       — keyboards/pause.py
#   s                       — keyboards/inputs.py (skip a typed answer)
#   f                       — keyboards/privacy.py (forget me)
#   h                       — keyboards/help.py (help requests)
#   i, il                   — keyboards/invites.py (the /invite wizard, the /invites list)
#   st, stp, rm             — keyboards/staff.py (staff pages, a person's page, remind)
#   v*                      — keyboards/verify.py (evidence review)
#   c*                      — keyboards/chats.py (class chats)
#   k*                      — keyboards/kpi.py (KPI entry)
#   au*                     — keyboards/authority.py (rating, schools, overdue)
#   x*                      — keyboards/export.py (XLSX export)
#   an                      — keyboards/announce.py (announcements)
#   sc                      — keyboards/schools.py (the authority's schools)
