"""maxapi routers. Thin: parse the update, call one service, render with texts/keyboards."""

from __future__ import annotations

from maxapi import Router

from handlers import admin, checklist, common, inputs, pause, progress, start


def get_routers() -> list[Router]:
    # Order matters: the catch-all handlers in `common` go last.
    return [
        start.router,
        inputs.router,
        checklist.router,
        pause.router,
        progress.router,
        admin.router,
        common.router,
    ]
