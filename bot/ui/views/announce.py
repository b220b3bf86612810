"""Views: announcements (`/announce` and the typed text of a draft)."""

from __future__ import annotations

from bot.rules.audience import AUTHORITY_AUDIENCES, CHANNEL, SCHOOL_AUDIENCES
from bot.services.announce import Draft, DraftOutcome, Sending
from bot.ui.keyboards import Rows
from bot.ui.keyboards import announce as kb
from bot.ui.texts import announce as t
from bot.ui.texts import common as common_texts
from bot.ui.views import Rendered
from storage.models import Announcement


def choose_audience(for_authority: bool, channel: bool = False) -> Rendered:
    """The first step: whom to send to (an administrator may also pick one class; the
    authority its channel, when the bot administers one — else how to add one)."""
    if for_authority:
        rows = kb.audience_keyboard(list(AUTHORITY_AUDIENCES), False, with_channel=channel)
        return t.ANNOUNCE_CHOOSE + ("" if channel else t.ANNOUNCE_HOW_TO_CHANNEL), rows
    return t.ANNOUNCE_CHOOSE, kb.audience_keyboard(list(SCHOOL_AUDIENCES), with_class=True)


def choose_class(labels: list[str]) -> Rendered:
    text = t.ANNOUNCE_CHOOSE_CLASS if labels else t.ANNOUNCE_NO_CLASSES
    return text, kb.class_keyboard(labels)


def ask_text(draft: Announcement) -> Rendered:
    """The draft exists: ask for the text, with a way out."""
    return t.announce_ask_text(draft.audience), kb.cancel_keyboard(draft.id)


def queued(sending: Sending) -> str:
    if sending.announcement is not None and sending.announcement.audience == CHANNEL:
        return t.channel_queued()
    return t.announce_queued(len(sending.keys))


def draft_message(draft: Draft) -> Rendered:
    """The reply to the typed text of an announcement: a preview, or what is wrong."""
    if draft.outcome is DraftOutcome.PREVIEW:
        a = draft.announcement
        assert a is not None  # a preview always has its draft
        if a.audience == CHANNEL:
            if draft.channel is None:
                return t.ANNOUNCE_NO_CHANNEL, kb.report_keyboard()
            return t.channel_preview(a.text, draft.channel), kb.preview_keyboard(a.id, 1, True)
        return (
            t.announce_preview(a.text, a.audience, draft.count, draft.name, draft.title),
            kb.preview_keyboard(a.id, draft.count),
        )
    problem = {
        DraftOutcome.EMPTY: t.ANNOUNCE_EMPTY,
        DraftOutcome.TOO_LONG: t.ANNOUNCE_TOO_LONG,
    }.get(draft.outcome, common_texts.HINT)
    return problem, []


def cancel_confirm(announcement_id: int) -> Rendered:
    """«Точно отменить?» before a draft is dropped."""
    return t.ANNOUNCE_CANCEL_CONFIRM, kb.cancel_confirm_keyboard(announcement_id)


def cancelled() -> Rendered:
    return t.ANNOUNCE_CANCELLED, kb.report_keyboard()


def reopened(draft: Draft) -> Rendered | None:
    """The draft again after «Нет»: its preview or the question for its text; None when it
    is no longer a draft (sent or not the caller's)."""
    if draft.outcome is DraftOutcome.ASKING:
        assert draft.announcement is not None
        return ask_text(draft.announcement)
    if draft.outcome is DraftOutcome.PREVIEW:
        return draft_message(draft)
    return None


def interim_report(delivered: int, total: int) -> Rendered:
    return t.announce_report(delivered, total), kb.report_keyboard()


def new_rows() -> Rows:
    """«Новое объявление» (under the queued preview and the reports)."""
    return kb.report_keyboard()
