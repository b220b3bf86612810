"""Settings from the environment and `.env` (pydantic-settings); `.env.example` lists them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_PATH = Path("data") / "bot.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    max_bot_token: str = Field(
        default="", description="MAX bot token from the MAX partner platform"
    )
    max_api_url: str = "https://platform-api2.max.ru"
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DB_PATH}"
    log_level: str = "INFO"
    # Username used in invite deep links when the MAX API is not reachable from the CLI.
    bot_username: str = ""


@cache
def get_settings() -> Settings:
    return Settings()
