"""`python -m bot demo [--port N]`: the demo command (imports the demo only when run)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.common import EXIT_BAD_INPUT, Subparsers
from bot.config import Settings

DEFAULT_PORT = 8080


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    demo = subparsers.add_parser(
        "demo",
        help="try the bot without a MAX token: a MAX emulator and a web chat on 127.0.0.1",
    )
    demo.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port of the web chat on 127.0.0.1 (default: {DEFAULT_PORT})",
    )
    return demo


def run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.demo.server import serve

    if not 0 < args.port < 65536:
        print(f"error: --port must be 1..65535, not {args.port}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return asyncio.run(serve(settings, port=args.port))
