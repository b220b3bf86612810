"""Settings from the environment and `.env` (pydantic-settings); `.env.example` lists them.

The fields are flat (each one is its environment variable, e.g. `out_rps` = `OUT_RPS`) and
grouped in sections: the MAX connection, the database, outgoing requests, webhook mode,
personal data, scheduling. Every default is defined here once; code that needs one without a
`Settings` at hand (a constructor's default argument) reads it with `default(name)`.
"""

from __future__ import annotations

from datetime import time
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.rules.schedule import Policy

DEFAULT_DB_PATH = Path("data") / "bot.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- the MAX connection ---------------------------------------------------------------
    max_bot_token: str = Field(
        default="", description="MAX bot token from the MAX partner platform"
    )
    max_api_url: str = "https://platform-api2.max.ru"
    # Username used in invite deep links when the MAX API is not reachable from the CLI.
    bot_username: str = ""
    log_level: str = "INFO"

    # --- the database ---------------------------------------------------------------------
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB_PATH}"

    # --- outgoing requests to the MAX API (bot/max/ratelimit.py, bot/max/sender.py) --------
    # Requests per second (MAX allows 30; 0 = unlimited, only for local testing), messages
    # per second into one chat and the burst allowed.
    out_rps: float = Field(default=25, ge=0, le=30)
    chat_rps: float = Field(default=1.0, gt=0, le=10)
    chat_burst: int = Field(default=3, ge=1, le=20)
    # Quick retries of one failed call (429, 5xx, timeouts) and the first backoff, seconds.
    send_retries: int = Field(default=3, ge=0, le=10)
    send_backoff: float = Field(default=0.5, ge=0, le=30)
    # A send whose sender died is checked against the dialog and retried after this, seconds.
    claim_lease_seconds: int = Field(default=60, ge=1, le=3600)

    # --- webhook mode (`python -m bot run --webhook`, bot/max/webhook.py, docs/WEBHOOK.md) --
    # Where the bot listens (plain HTTP behind the TLS reverse proxy, which may run on another
    # host or container), the path MAX posts updates to, the X-Max-Bot-Api-Secret value (5-256
    # of A-Z a-z 0-9 _ -; required for run --webhook), and the public https:// URL used by
    # `python -m bot webhook set|delete` when --url is not given.
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = Field(default="/max/webhook", pattern=r"^/")
    webhook_secret: str = ""
    webhook_url: str = ""
    # How many updates are handled at once (different people; one person's in order). Each
    # holds a database connection: keep it under the pool's size (storage/db.py, POOL_SIZE).
    webhook_workers: int = Field(default=8, ge=1, le=64)

    # --- personal data (152-ФЗ) -----------------------------------------------------------
    # Screenshots are dropped after this many days; sent messages (their texts may name
    # people) are deleted after this many days.
    evidence_retention_days: int = Field(default=90, ge=1, le=3650)
    messages_retention_days: int = Field(default=30, ge=1, le=3650)
    # Class chats' members are kept as keyed hashes of their MAX ids (HMAC-SHA256), never
    # names: the key (32+ characters; empty = one is made and kept in the database, then
    # whoever has the database has the key too — set it to keep them apart).
    member_hash_key: str = ""

    # --- class chats (bot/services/chats.py): counting who is in them ---------------------
    # Each class chat is read again (rights, members) about this often, on a low-priority
    # queue of at most this many chats a second (10,000 chats at 1/s: under 3 hours).
    chat_refresh_hours: int = Field(default=24, ge=1, le=168)
    chat_refresh_rps: float = Field(default=1.0, gt=0, le=5)

    # --- scheduling, in each school's (or authority's) local time ------------------------
    remind_at: time = time(10, 0)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    escalation_days: int = 3
    # An overdue item is reminded the day after it was due, then weekly this many times more.
    overdue_nudges: int = Field(default=3, ge=0, le=10)
    digest_weekday: int = 1  # ISO weekday: 1 = Monday
    digest_at: time = time(9, 0)
    # The authority's monthly report: 0 = the month's first working day, else a day 1..31.
    report_day: int = Field(default=0, ge=0, le=31)
    report_at: time = time(9, 0)
    # The authority's digest brings to it: help requests open this many days, administrators
    # silent this many days, KPI figures this many points below their target.
    stale_help_days: int = Field(default=3, ge=1, le=60)
    idle_admin_days: int = Field(default=14, ge=1, le=365)
    kpi_margin: float = Field(default=15.0, ge=0, le=100)
    scheduler_tick_seconds: int = Field(default=60, ge=5, le=3600)

    @model_validator(mode="after")
    def _policy_is_consistent(self) -> Settings:
        problems = self.policy().problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def policy(self) -> Policy:
        return Policy(
            remind_at=self.remind_at,
            quiet_start=self.quiet_start,
            quiet_end=self.quiet_end,
            digest_weekday=self.digest_weekday,
            digest_at=self.digest_at,
            escalation_days=self.escalation_days,
            overdue_nudges=self.overdue_nudges,
            report_day=self.report_day,
            report_at=self.report_at,
            stale_help_days=self.stale_help_days,
            idle_admin_days=self.idle_admin_days,
            kpi_margin=self.kpi_margin,
        )

    def retention(self) -> tuple[int, int]:
        """Days kept: screenshots, sent messages."""
        return self.evidence_retention_days, self.messages_retention_days


def default(name: str) -> Any:
    """The default of the setting `name` (the one definition, above)."""
    return Settings.model_fields[name].default


@cache
def get_settings() -> Settings:
    return Settings()
