"""The one rule for the bot's username in invite links (bot/max/identity.py)."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.max.identity import NoUsername, pick_username


def settings(username: str) -> Settings:
    return Settings(_env_file=None, max_bot_token="t", bot_username=username)  # type: ignore[call-arg]


def test_the_setting_wins_over_what_max_reports() -> None:
    assert pick_username(settings("school_bot"), "other_bot") == "school_bot"


def test_what_max_reports_is_used_without_the_setting() -> None:
    assert pick_username(settings(""), "other_bot") == "other_bot"


@pytest.mark.parametrize("reported", [None, ""])
def test_no_username_at_all_is_an_error_not_a_broken_link(reported: str | None) -> None:
    with pytest.raises(NoUsername):
        pick_username(settings(""), reported)
