"""The bot's own username, for deep links (`https://max.ru/<username>?start=<code>`).

One rule everywhere: `BOT_USERNAME` when set, else the username MAX reports for the bot
(`GET /me`). A bot without either cannot make links: `NoUsername` is raised rather than a
link to a wrong bot.
"""

from __future__ import annotations

from maxapi import Bot

from bot.config import Settings


class NoUsername(Exception):
    """Neither BOT_USERNAME nor MAX knows the bot's username."""


def pick_username(settings: Settings, reported: str | None) -> str:
    """The rule itself: the setting wins; then what MAX reported."""
    username = settings.bot_username or reported or ""
    if not username:
        raise NoUsername("the bot has no username; set BOT_USERNAME")
    return username


async def bot_username(bot: Bot, settings: Settings) -> str:
    """The username for `bot`: asks MAX (`GET /me`) only when neither the setting nor an
    earlier answer (`bot.me`) has it."""
    if settings.bot_username:
        return settings.bot_username
    me = bot.me if bot.me is not None else await bot.get_me()
    return pick_username(settings, me.username)
