"""Command line: `python -m bot run [--webhook] | migrate | plan check | plan set | authority |
school | invite | roster | export | forget | webhook | demo`.

This module builds the parser, sets up logging and dispatches; each command lives in its own
module of `bot.cli` (`add_parser(s)` + `run`), sharing `bot.cli.common`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from maxapi.exceptions.base import MaxError

from bot.cli import demo as cli_demo
from bot.cli import export as cli_export
from bot.cli import privacy as cli_privacy
from bot.cli import roster as cli_roster
from bot.cli import setup as cli_setup
from bot.cli import webhook as cli_webhook
from bot.cli.common import EXIT_BAD_INPUT, EXIT_MAX_API
from bot.config import Settings, get_settings
from bot.services import setup


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Sferum-in-MAX roadmap bot")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the bot (long polling, or --webhook)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve MAX webhook updates instead of long polling (docs/WEBHOOK.md)",
    )
    cli_setup.add_parsers(sub)
    cli_privacy.add_parser(sub)
    cli_roster.add_parser(sub)
    cli_export.add_parser(sub)
    cli_webhook.add_parser(sub)
    cli_demo.add_parser(sub)
    return p


class RedactSecrets(logging.Filter):
    """Keep the bot token (and the webhook secret) out of every log line."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    redact = RedactSecrets(settings.max_bot_token, settings.webhook_secret)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


def _run_bot(settings: Settings, args: argparse.Namespace) -> int:
    if args.webhook:
        from bot.max.webhook import run_webhook

        asyncio.run(run_webhook(settings))
    else:
        from bot.app import run_polling

        asyncio.run(run_polling(settings))
    return 0


COMMANDS = {
    "run": _run_bot,
    "migrate": cli_setup.run,
    "plan": cli_setup.run,
    "authority": cli_setup.run,
    "school": cli_setup.run,
    "invite": cli_setup.run,
    "forget": cli_privacy.run,
    "roster": cli_roster.run,
    "export": cli_export.run,
    "webhook": cli_webhook.run,
    "demo": cli_demo.run,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    setup_logging(settings)
    try:
        return COMMANDS[args.command](settings, args)
    except setup.SetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MaxError as exc:
        print(f"error: the MAX API at {settings.max_api_url} failed: {exc!r}", file=sys.stderr)
        return EXIT_MAX_API
    except KeyboardInterrupt:
        return 0
