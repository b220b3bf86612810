"""Invite codes and their validity. Plain functions."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

CODE_BYTES = 24  # 192 bits of randomness -> 32 URL-safe characters
CODE_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")

EXPIRED = "expired"
REVOKED = "revoked"
USED_UP = "used_up"


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def well_formed(code: str) -> bool:
    return CODE_RE.fullmatch(code) is not None


def deep_link(bot_username: str, code: str) -> str:
    return f"https://max.ru/{bot_username}?start={code}"


def invite_problem(
    *,
    now: datetime,
    expires_at: datetime,
    revoked_at: datetime | None,
    uses: int,
    max_uses: int | None,
) -> str | None:
    """Why an invite cannot be used now, or None when it can."""
    if revoked_at is not None:
        return REVOKED
    if now >= expires_at:
        return EXPIRED
    if max_uses is not None and uses >= max_uses:
        return USED_UP
    return None
