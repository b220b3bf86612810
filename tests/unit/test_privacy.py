"""Privacy: the logs never show the token."""

from __future__ import annotations

import logging

from bot.cli.main import RedactSecrets


def test_logs_never_show_the_token(caplog):
    logger = logging.getLogger("test.redact")
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets("secret-token-123"))
    record = logger.makeRecord("t", logging.INFO, __file__, 1, "url ?a=%s", ("secret-token-123",),
                               None)  # fmt: skip
    assert handler.filter(record)
    assert record.getMessage() == "url ?a=***"
