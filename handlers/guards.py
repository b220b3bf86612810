"""Access checks shared by handlers (being replaced by router-level `handlers.access.Access`)."""

from __future__ import annotations

from handlers.access import refusal

__all__ = ["refusal"]
