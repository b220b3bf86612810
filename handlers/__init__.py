"""maxapi routers. Thin: parse the update, call one service, render with views, send."""

from __future__ import annotations

from maxapi import Router

from handlers import (
    announce,
    authority,
    chats,
    checklist,
    classes,
    common,
    digest,
    duties,
    export,
    help,
    inputs,
    invites,
    joining,
    kpi,
    lifecycle,
    pause,
    plans,
    privacy,
    progress,
    rollover,
    roster,
    schools,
    staff,
    verify,
)


def get_routers() -> list[Router]:
    # Order matters: the catch-all handlers in `common` go last; `plans` takes .toml files
    # before `roster`, which takes any file from an administrator.
    return [
        joining.router,
        lifecycle.router,
        inputs.router,
        duties.router,  # the authority's /checklist, before the school staff's
        checklist.router,
        pause.router,
        progress.router,
        digest.router,
        help.router,
        plans.router,
        roster.router,
        invites.router,
        staff.router,
        rollover.router,
        classes.router,
        verify.router,
        chats.router,
        kpi.router,
        authority.router,
        export.router,
        announce.router,
        schools.router,
        privacy.router,
        common.router,
    ]
