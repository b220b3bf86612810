"""Inline keyboards and their callback payloads: one module per feature, the shared pieces
(`Rows`, `button`, `markup`) here, and the list of every payload prefix in use (below).

A keyboard is plain data — rows of {"text", "payload", "intent"} — so it can be stored in the
outbox and turned into a maxapi attachment by the sender (`markup`).

Payloads carry the person's id (a button pressed by someone else is refused) and, for answers,
the state the item had when the button was drawn (a button from an older message is refused).

Buttons live on in people's chats and in the outbox for weeks, so what a payload packs into
(`prefix|value|value…`) is a stable wire format: the same fields in the same order, and short
codes for the words the code uses (`Payload.codes`). `tests/unit/test_payloads.py` pins it.
"""

from __future__ import annotations

from typing import ClassVar, Self

from maxapi.filters.callback_payload import CallbackPayload
from maxapi.types.attachments.buttons import CallbackButton
from maxapi.types.attachments.buttons.attachment_button import AttachmentButton
from maxapi.utils.inline_keyboard import InlineKeyboardBuilder

Rows = list[list[dict[str, str]]]


class Payload(CallbackPayload):
    """A callback payload whose readable values travel as short, stable codes.

    `codes` maps a field to {value in the code: code on the wire}, e.g.
    `{"act": {"approve": "ok"}}`: the code compares `payload.act == "approve"`, the button
    carries `ok`, as buttons sent before the names were readable do. A value without a code
    travels as itself; an unknown code arrives as itself (and is refused as a stale button).
    """

    codes: ClassVar[dict[str, dict[str, str]]] = {}

    def pack(self) -> str:
        if not self.codes:
            return super().pack()
        wire = {
            field: table.get(value, value)
            for field, table in self.codes.items()
            if isinstance(value := getattr(self, field), str)
        }
        return CallbackPayload.pack(self.model_copy(update=wire))

    @classmethod
    def unpack(cls, data: str) -> Self:
        payload = super().unpack(data)
        assert isinstance(payload, cls)
        if not cls.codes:
            return payload
        names = {}
        for field, table in cls.codes.items():
            value = getattr(payload, field)
            readable = {code: name for name, code in table.items()}
            if isinstance(value, str) and value in readable:
                names[field] = readable[value]
        return payload.model_copy(update=names)


def button(text: str, payload: CallbackPayload, intent: str = "default") -> dict[str, str]:
    return {"text": text, "payload": payload.pack(), "intent": intent}


def markup(rows: Rows) -> AttachmentButton:
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
#   st, stp, stl, stt, rm   — keyboards/staff.py (staff pages, a person's page, leaving,
#                             declared totals, remind)
#   v*                      — keyboards/verify.py (evidence review)
#   c*                      — keyboards/chats.py (class chats)
#   k*                      — keyboards/kpi.py (KPI entry)
#   au*                     — keyboards/authority.py (rating, schools, overdue)
#   x*                      — keyboards/export.py (XLSX export)
#   an                      — keyboards/announce.py (announcements)
#   sc                      — keyboards/schools.py (the authority's schools)
#   pl                      — keyboards/plans.py (replacing the authority's roadmap)
#   ro                      — keyboards/rollover.py (the school-year roll-over)
#   cl                      — keyboards/classes.py (the school's classes)
#   pg                      — keyboards/progress.py (the digest's details, pages of /progress)
#   cm                      — keyboards/common.py (the next steps under /help and the hints)
#   du                      — keyboards/duties.py (the authority's own checklist)


# Messages sent to a person's dialog without a button, on purpose (every other one offers the
# sensible next action; tests/e2e/test_next_step.py checks it over each persona's screens).
# Each: the start of the message (a text from bot.ui.texts), and why it needs no button.
NO_NEXT_STEP: tuple[tuple[str, str], ...] = (
    ("Здравствуйте, ", "the greeting after a link: the first item (or the overview, or the "
     "authority's commands) follows at once, with its buttons"),
    ("Спасибо, передал ✅", "a help comment passed on: the next item follows at once"),
    ("✅ Вопрос решён: ", "the helper's notice, closed: the person was told; nothing is left "
     "to do with it"),
    ("🎒 Школа уже в ", "/rollover before its date: nothing to do yet, the bot will remind"),
    ("Готово: ваши данные удалены", "after /forget_me: the person is a stranger now; the way back "
     "is a new invite link"),
    ("📋 <b>План (дорожная карта)</b>", "/plan: the next step is sending a .toml file, "
     "which no button can do"),
)  # fmt: skip
