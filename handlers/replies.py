"""Small answers several handlers give the same way: a view's `Answer` to a button press (the
toast, the message's new text, its new buttons); the bot's username for a link, or a refusal."""

from __future__ import annotations

from maxapi.types import MessageCallback, MessageCreated

from bot.config import get_settings
from bot.max.identity import NoUsername, bot_username
from bot.max.reply import Reply
from bot.ui import texts
from bot.ui.views import Answer


async def answer(sender: Reply, event: MessageCallback, reply: Answer) -> None:
    toast, text, rows = reply
    await sender.answer_callback(
        event.callback.callback_id, notification=toast, text=text, rows=rows
    )


async def link_username(sender: Reply, event: MessageCallback | MessageCreated) -> str | None:
    """The bot's username for an invite link; None after telling the person no link can be made
    (neither BOT_USERNAME nor MAX knows it), so that the handler changes nothing."""
    assert event.bot is not None  # maxapi binds the bot to every update it dispatches
    try:
        return await bot_username(event.bot, get_settings())
    except NoUsername:
        if isinstance(event, MessageCallback):
            await sender.answer_callback(
                event.callback.callback_id, notification=texts.NO_BOT_USERNAME
            )
        else:
            assert event.message.sender is not None  # a message in the person's dialog
            await sender.send(event.message.sender.user_id, texts.NO_BOT_USERNAME)
        return None
