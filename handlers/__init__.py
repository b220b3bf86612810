"""maxapi routers. Thin: parse the update, call one service, render with texts/keyboards."""

from __future__ import annotations

from maxapi import Router

from handlers import (
    admin,
    announce,
    checklist,
    common,
    inputs,
    invites,
    kpi,
    lifecycle,
    pause,
    privacy,
    progress,
    roster,
    schools,
    staff,
    start,
    verify,
)


def get_routers() -> list[Router]:
    # Order matters: the catch-all handlers in `common` go last.
    return [
        start.router,
        lifecycle.router,
        inputs.router,
        checklist.router,
        pause.router,
        progress.router,
        admin.router,
        roster.router,
        invites.router,
        staff.router,
        verify.router,
        kpi.router,
        announce.router,
        schools.router,
        privacy.router,
        common.router,
    ]
