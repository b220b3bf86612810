"""`python -m bot webhook set | delete | info`: the bot's webhook subscription at MAX.

`set` subscribes an HTTPS URL (`POST /subscriptions`) with the secret MAX will send in the
`X-Max-Bot-Api-Secret` header; without one configured it generates a secret and prints it
for WEBHOOK_SECRET. While a subscription exists MAX delivers updates only to it (long polling
gets nothing), so `delete` it before going back to `python -m bot run` without `--webhook`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from urllib.parse import urlsplit

from bot.cli.common import EXIT_BAD_INPUT, Subparsers
from bot.config import Settings
from bot.max.webhook import new_secret, valid_secret


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("webhook", help="the MAX webhook subscription (production mode)")
    sub = p.add_subparsers(dest="webhook_cmd", required=True)
    s = sub.add_parser("set", help="subscribe the bot's HTTPS URL (POST /subscriptions)")
    s.add_argument("--url", help="public HTTPS URL of the webhook (default: WEBHOOK_URL)")
    s.add_argument(
        "--secret",
        help="secret MAX sends in X-Max-Bot-Api-Secret (default: WEBHOOK_SECRET, else generated)",
    )
    d = sub.add_parser("delete", help="unsubscribe (default: every subscription of the bot)")
    d.add_argument("--url", help="unsubscribe only this URL (default: WEBHOOK_URL, else all)")
    sub.add_parser("info", help="show the bot's webhook subscriptions")
    return p


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Exit code: 0 done, 2 a bad URL or secret (nothing sent to MAX)."""
    return asyncio.run(run_async(settings, args))


async def run_async(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import make_bot

    match args.webhook_cmd:
        case "set":
            url = args.url or settings.webhook_url
            problem = url_problem(url)
            if problem:
                return _error(problem)
            configured = settings.webhook_secret
            secret = args.secret or configured or new_secret()
            if not valid_secret(secret):
                return _error("the secret must be 5-256 characters of A-Z, a-z, 0-9, '_', '-'")
            warning = path_warning(url, settings.webhook_path)
            if warning:
                print(f"warning: {warning}", file=sys.stderr)
            bot = make_bot(settings)
            try:
                await bot.subscribe_webhook(url, secret=secret)
            finally:
                await bot.close_session()
            print(f"subscribed: {url}")
            if not args.secret and not configured:
                print(f"generated secret: {secret}")
                print(
                    "Put it into the bot's environment (.env) as WEBHOOK_SECRET="
                    f"{secret} and start the bot with `python -m bot run --webhook`."
                )
            elif args.secret and args.secret != configured:
                print("Make sure WEBHOOK_SECRET in the bot's environment is the same secret.")
            return 0
        case "delete":
            url = args.url or settings.webhook_url
            bot = make_bot(settings)
            try:
                if url:
                    targets = [url]
                else:
                    targets = [s.url for s in (await bot.get_subscriptions()).subscriptions]
                for target in targets:
                    await bot.unsubscribe_webhook(target)
                    print(f"unsubscribed: {target}")
            finally:
                await bot.close_session()
            if not targets:
                print("no webhook subscriptions")
            return 0
        case "info":
            bot = make_bot(settings)
            try:
                subscriptions = (await bot.get_subscriptions()).subscriptions
            finally:
                await bot.close_session()
            if not subscriptions:
                print("no webhook subscriptions (updates are delivered by long polling)")
            for s in subscriptions:
                since = datetime.fromtimestamp(s.time / 1000, UTC)
                types = ", ".join(s.update_types) if s.update_types else "all"
                print(f"{s.url}  since {since:%Y-%m-%d %H:%M} UTC  updates: {types}")
            return 0
    return _error(f"unknown webhook command {args.webhook_cmd!r}")


def url_problem(url: str) -> str | None:
    """Why MAX would refuse this webhook URL, or None."""
    if not url:
        return "no URL: pass --url or set WEBHOOK_URL"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return f"{url!r}: MAX delivers webhooks only to https:// URLs (see docs/WEBHOOK.md)"
    return None


def path_warning(url: str, path: str) -> str | None:
    parts = urlsplit(url)
    notes = []
    if parts.port not in (None, 443):
        notes.append(f"MAX expects HTTPS on port 443, the URL names port {parts.port}")
    if (parts.path or "/") != path:
        notes.append(
            f"the URL path {parts.path or '/'!r} differs from WEBHOOK_PATH {path!r}: "
            "the reverse proxy must map one to the other"
        )
    return "; ".join(notes) or None


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
