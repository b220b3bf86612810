"""Views: chats — what the person who added the bot is told; the answer to a chat-purpose
button."""

from __future__ import annotations

from bot.services.chats import AddedResult, PurposeOutcome, PurposeResult
from bot.ui import texts
from bot.ui.keyboards import chats as kb
from bot.ui.keyboards.announce import channel_keyboard
from bot.ui.keyboards.checklist import menu_keyboard
from bot.ui.texts import chats as t
from bot.ui.texts import checklist as checklist_texts
from bot.ui.views import Answer, Rendered
from bot.vocab import Status


def purpose_answer(result: PurposeResult, person_id: int) -> Answer:
    outcome = result.outcome
    if outcome is PurposeOutcome.VERIFIED:
        assert result.purpose is not None and result.item_title is not None
        text = t.chat_item_verified(result.chat_title, result.purpose, result.item_title)
        return checklist_texts.ACK[Status.DONE], text, menu_keyboard(person_id)
    if outcome is PurposeOutcome.OTHER:
        return None, t.chat_other(result.chat_title), menu_keyboard(person_id)
    if outcome is PurposeOutcome.ALREADY:
        assert result.purpose is not None
        return t.chat_purpose_already(result.purpose), None, None
    toast = {
        PurposeOutcome.REMOVED: t.CHAT_REMOVED,
        PurposeOutcome.NOT_APPLICABLE: checklist_texts.NOT_APPLICABLE_BUTTON,
        PurposeOutcome.FORBIDDEN: texts.FOREIGN_BUTTON,
    }.get(outcome, texts.UNKNOWN_BUTTON)
    return toast, None, None


def added_messages(result: AddedResult) -> list[Rendered]:
    """What the person who added the bot to a chat is told in their dialog: what the chat is
    for (when they have chat items to confirm), and how to make the bot its administrator."""
    out: list[Rendered] = []
    if result.ask:
        out.append(
            (
                t.chat_purpose_question(result.chat.title),
                kb.chat_purpose_keyboard(result.chat.id, result.ask),
            )
        )
    chat, adder = result.chat, result.adder
    if result.official is not None and adder is not None:
        official = result.official
        out.append(
            (
                t.channel_official(chat.title, official.for_authority, official.items),
                channel_keyboard(adder.id, official.for_authority),
            )
        )
    if result.rights_hint and chat.channel and adder is not None:
        out.append(
            (t.channel_rights_hint(chat.title), channel_keyboard(adder.id, adder.school is None))
        )
    elif result.rights_hint:
        out.append((t.rights_hint(chat.title), []))
    return out
