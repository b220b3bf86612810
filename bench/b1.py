"""B1 — update throughput: button presses through the fake MAX API, the real maxapi client, our
handlers and a SQLite file, against a bare maxapi bot that only answers the callback.

Both bots get the same updates (pushed at once; maxapi fetches them 100 a poll and handles them
one after another, as in production) from a fresh fake; the time is from the push until the
bot has asked for updates past the last one (`fake.wait_processed`), so every handler finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import time_machine
from maxapi import Dispatcher
from maxapi.types import MessageCallback

from bench._common import Figure, Workspace, count_statements
from bench._fake import FakeMax, bot_polling, dialog_id
from bench._region import PLAN, Region
from bot.app import build_app
from bot.config import Settings
from bot.plan import builtin_plan
from bot.ui.keyboards import markup
from bot.ui.keyboards.checklist import AnswerCb, item_keyboard, short_status
from bot.ui.texts import checklist as checklist_texts
from bot.vocab import Evidence, Role, Status

GOAL_RATIO = 0.2  # issue 17: from 0.06×
ACTS = ((Status.DONE, 0.9), (Status.NA, 0.05), (Status.HELP, 0.05))  # what people press, roughly


@dataclass(frozen=True)
class Press:
    user_id: int
    first_name: str
    payload: str


def plan_presses(region: Region, presses: int, users: int, seed: int) -> list[Press]:
    """`presses` valid presses from `users` distinct people, in rounds (each person presses
    their next item in turn); each payload names the person and the item's status as stored,
    so none is refused as stale or foreign. Unanswered items are pressed first."""
    rnd = random.Random(seed)
    plan = builtin_plan(PLAN)
    chosen = rnd.sample(region.people, users)
    screenshot = {i.code: i.evidence == Evidence.SCREENSHOT for i in plan.items}
    queues: list[tuple[Any, list[str], dict[str, str | None]]] = []
    for person in chosen:
        codes = [i.code for i in plan.personal_items_for(person.role, person.kind)]
        rnd.shuffle(codes)
        codes.sort(key=lambda c: person.answers.get(c) is not None)  # unanswered first
        queues.append((person, codes, dict(person.answers)))
    out: list[Press] = []
    round_no = 0
    while len(out) < presses:
        for person, codes, state in queues:
            if len(out) == presses:
                break
            code = codes[round_no % len(codes)]
            seen = state.get(code)
            act = rnd.choices([a for a, _ in ACTS], [w for _, w in ACTS])[0]
            allowed = [a for a, _ in ACTS if a != seen]
            if screenshot[code] and seen != Status.DONE:  # «Готово» closes it not: a photo does
                allowed.remove(Status.DONE)
            if act not in allowed:
                act = allowed[0]
            state[code] = act
            payload = AnswerCb(
                person_id=person.id, code=code, act=short_status(act), seen=short_status(seen)
            ).pack()
            out.append(Press(person.max_user_id, person.name.split()[1], payload))
        round_no += 1
    return out


def _updates(fake: FakeMax, presses: list[Press]) -> list[dict[str, Any]]:
    """message_callback updates as MAX sends them: the message the keyboard was on included."""
    messages: dict[int, dict[str, Any]] = {}
    out = []
    for press in presses:
        if press.user_id not in messages:
            fake.user(press.user_id, press.first_name)
            keyboard = markup(item_keyboard(0, "order_read", None)).model_dump(mode="json")
            messages[press.user_id] = fake.store_message(
                dialog_id(press.user_id), fake.bot_user, "Пункт чек-листа", [keyboard]
            )
        now = int(time.time() * 1000)
        out.append(
            {
                "update_type": "message_callback",
                "timestamp": now,
                "callback": {
                    "timestamp": now,
                    "callback_id": fake.new_callback_id(),
                    "payload": press.payload,
                    "user": fake.user_info(press.user_id),
                },
                "message": messages[press.user_id],
                "user_locale": "ru",
            }
        )
    return out


async def _push_and_wait(fake: FakeMax, updates: list[dict[str, Any]], limit: float) -> float:
    """Push every update at once; seconds until the bot has handled them all."""
    started = time.perf_counter()
    for update in updates:
        fake.push(update)
    await fake.wait_processed(timeout=limit)
    return time.perf_counter() - started


async def run_bare(updates: list[dict[str, Any]], limit: float) -> tuple[float, int, float]:
    """A bare maxapi bot: one message_callback handler that answers the callback, nothing else.
    Returns seconds, callbacks answered and the process's CPU seconds meanwhile."""
    dp = Dispatcher()

    @dp.message_callback()
    async def on_callback(event: MessageCallback) -> None:
        await event.ack()

    async with FakeMax() as fake:
        prepared = _updates_for(fake, updates)
        async with bot_polling(fake, dp, auto_requests=False):
            cpu = time.process_time()
            seconds = await _push_and_wait(fake, prepared, limit)
            cpu = time.process_time() - cpu
        return seconds, len(fake.answers), cpu


def _updates_for(fake: FakeMax, updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same updates, registered with another fake (users, dialogs, keyboard messages)."""
    out = []
    stored: dict[int, dict[str, Any]] = {}
    for update in updates:
        user = update["callback"]["user"]
        uid = user["user_id"]
        if uid not in stored:
            fake.user(uid, user["first_name"])
            message = update["message"]
            stored[uid] = fake.store_message(
                dialog_id(uid), fake.bot_user, message["body"]["text"],
                message["body"]["attachments"],
            )  # fmt: skip
        copy = dict(update, message=stored[uid])
        copy["callback"] = dict(update["callback"], callback_id=fake.new_callback_id())
        out.append(copy)
    return out


async def run_ours(
    region: Region, updates: list[dict[str, Any]], limit: float
) -> tuple[float, Counter[str], int, float]:
    """Our bot (build_app: middleware, routers, services, SQLite) with out_rps=0. Returns
    seconds, the callbacks' notifications, SQL statements and CPU seconds (the process's:
    the fake MAX in it serves both bots alike)."""
    async with FakeMax() as fake:
        prepared = _updates_for(fake, updates)
        for person in region.people:  # the administrators get help requests
            if person.role == Role.ADMIN:
                fake.user(person.max_user_id, person.name.split()[1])
        settings = Settings(
            _env_file=None,
            max_bot_token=fake.token,
            max_api_url=fake.url,
            database_url=region.url,
            out_rps=0,  # the limiter is measured in B3
            log_level="WARNING",
        )
        app = await build_app(settings)
        task = asyncio.create_task(app.dp.start_polling(app.bot))
        try:
            await fake.wait_polling()
            with count_statements(app.engine) as statements:
                cpu = time.process_time()
                seconds = await _push_and_wait(fake, prepared, limit)
                cpu = time.process_time() - cpu
        finally:
            await app.dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await app.close()
        answers = Counter(a.notification or "" for a in fake.answers)
        return seconds, answers, statements.count, cpu


async def run(
    ws: Workspace, *, presses: int = 5000, users: int = 1000, schools: int = 500
) -> list[Figure]:
    region = await ws.region(schools)
    plan = plan_presses(region, presses, users, ws.seed)
    timeout = max(60.0, presses / 20)
    updates = _updates(FakeMax(), plan)  # registered again with each bot's own fake
    bare_s, bare_answered, bare_cpu = await run_bare(updates, timeout)
    # Our handlers compare dates with the region's day: run "on" that day, at noon in Moscow.
    with time_machine.travel(region.report_now, tick=True):
        ours_s, notes, statements, ours_cpu = await run_ours(region, updates, timeout)
    recorded = sum(notes[checklist_texts.ACK[s]] for s in checklist_texts.ACK)
    refused = presses - recorded
    ours, bare = presses / ours_s, presses / bare_s
    ratio = ours / bare
    return [
        Figure("B1", f"our bot: {presses} presses / {users} users", ours, "updates/s",
               note=f"{recorded} answers recorded, {refused} refused; {ours_s:.1f} s"),
        Figure("B1", "bare maxapi bot (ack only)", bare, "updates/s",
               note=f"{bare_answered} callbacks answered; {bare_s:.1f} s"),
        Figure("B1", "ratio ours / bare", ratio, "×", f"≥ {GOAL_RATIO}×",
               ratio >= GOAL_RATIO and refused == 0, digits=2),
        Figure("B1", "  CPU per press: ours", 1000 * ours_cpu / presses, "ms", digits=2,
               note="the process's CPU time over the run (the fake MAX in it included)"),
        Figure("B1", "  CPU per press: bare maxapi bot", 1000 * bare_cpu / presses, "ms",
               digits=2),
        Figure("B1", "  SQL statements per press (ours)", statements / presses, "", digits=1,
               note="read the person, their answers and the update's mark; write the answer, "
                    "the audit row and the mark; sent replies and help requests add a few "
                    "(BEGIN and COMMIT not counted)"),
    ]  # fmt: skip
