"""B5 — the class chats' queue: reading every class chat again (the bot's rights, its members)
as `Ticker.refresh_chats` does each night, against the fake MAX API.

A school with `chats` class chats of `members` people each (the bot an administrator of all);
every chat is due. The queue is run unpaced (`CHAT_REFRESH_RPS` very high) to measure what one
chat costs the bot (requests, database, CPU); the night it takes is then what the pace makes
of it: at the default 1 chat a second, 10,000 chats take 10,000 s. The requests a chat needs,
times the pace, is the share of MAX's 30 requests a second it takes from replies and reminders.
"""

from __future__ import annotations

import time
from datetime import timedelta

from bench._common import Figure, Workspace
from bench._fake import FakeMax
from bot.app import build_app
from bot.clock import utcnow
from bot.config import Settings, default
from bot.services import setup
from bot.vocab import Kind
from storage.db import create_sessionmaker, open_database
from storage.repo import chats as chats_repo

NIGHT = timedelta(hours=8)
REGION_CHATS = 10_000  # the night: 10,000 chats
MAX_RPS = 30
GOAL_BUDGET_SHARE = 0.15  # of MAX's requests a second, at the default pace


async def _prepare(url: str, chat_ids: list[int]) -> None:
    async with open_database(url) as engine, create_sessionmaker(engine)() as session:
        now = utcnow()
        authority = await setup.add_authority(
            session, name="УО (замер)", tz="Europe/Moscow", plan_toml=None, now=now
        )
        school = await setup.add_school(
            session, authority_id=authority, name="МАОУ СОШ №1", kind=Kind.SCHOOL,
            tz="Europe/Moscow", staff=80, students=len(chat_ids) * 25, now=now,
        )  # fmt: skip
        for chat_id in chat_ids:
            chat = await chats_repo.upsert_chat(
                session, chat_id=chat_id, title=None, school_id=school, added_by=None,
                added_by_user_id=None, added_at=now,
            )  # fmt: skip
            chat.purpose, chat.bot_admin, chat.refresh_at = "parents", True, now
        await session.commit()


async def run(ws: Workspace, *, chats: int = 500, members: int = 30) -> list[Figure]:
    async with FakeMax() as fake:
        next_user = 8_000_000
        chat_ids = []
        for n in range(chats):
            chat_id = fake.create_group_chat(f"Чат {n}")
            for _ in range(members):
                next_user += 1
                fake.user(next_user, "Родитель")
                fake.set_chat_member(chat_id, next_user)
            chat_ids.append(chat_id)
        path = ws.path("chats.sqlite3")
        path.unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{path}"
        await _prepare(url, chat_ids)
        settings = Settings(
            _env_file=None, max_bot_token=fake.token, max_api_url=fake.url, database_url=url,
            out_rps=0, log_level="WARNING",
        )  # fmt: skip
        app = await build_app(settings)
        app.ticker.refresh_rps = 10_000  # unpaced: what a chat costs the bot itself
        try:
            before = len(fake.requests)
            started = time.perf_counter()
            read = await app.ticker.refresh_chats(limit=chats)
            seconds = time.perf_counter() - started
            requests = len(fake.requests) - before
            again = await app.ticker.refresh_chats(limit=chats)  # nothing is due twice
        finally:
            await app.close()
    assert read == chats and again == 0, (read, again)
    per_chat = requests / chats
    pace = default("chat_refresh_rps")
    night = timedelta(seconds=round(REGION_CHATS / pace + REGION_CHATS * seconds / chats))
    share = per_chat * pace / MAX_RPS
    return [
        Figure("B5", f"reading {chats} class chats of {members} members, unpaced", seconds, "s",
               digits=2, note=f"{chats / seconds:.0f} chats/s: the bot's own cost per chat "
                              f"({1000 * seconds / chats:.1f} ms with the fake's answers)"),
        Figure("B5", "  requests per chat (chat, rights, members pages)", per_chat, "",
               digits=1),
        Figure("B5", f"a night's {REGION_CHATS} chats at CHAT_REFRESH_RPS={pace:g}",
               night.total_seconds() / 3600, "h", f"≤ {NIGHT.total_seconds() / 3600:g} h",
               night <= NIGHT, digits=1, note=f"{night} (the pace and the cost above)"),
        Figure("B5", "  share of MAX's 30 requests/s it takes", 100 * share, "%",
               f"≤ {GOAL_BUDGET_SHARE:.0%}", share <= GOAL_BUDGET_SHARE, digits=0,
               note="the rest stays for replies and reminders"),
    ]  # fmt: skip
