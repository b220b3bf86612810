"""Reminders: the policy's defaults are the settings'."""

from __future__ import annotations

from bot.rules.schedule import Policy


def test_policy_defaults_match_the_settings():
    from bot.config import Settings

    assert Settings(_env_file=None).policy() == Policy()
