"""The one outgoing path to MAX: every message, callback answer and upload goes through here.

Handlers reply through `send`/`answer_callback`; scheduled messages are written to the outbox
first (exactly-once keys) and delivered by `drain`, which retries failures on later ticks. A
reply that failed is retried sooner, by the sender itself: its row is due again after
`RetryPolicy.soon` (about 1, 2, 4, 8 s) and the sender's retry loop (one asyncio task a
process, running only while replies wait) drains the replies at those times.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from maxapi import Bot
from maxapi.enums.parse_mode import ParseMode
from maxapi.exceptions.base import MaxError
from maxapi.exceptions.max import MaxApiError
from maxapi.types.input_media import InputMedia, InputMediaBuffer
from maxapi.types.updates.message_callback import MessageForCallback
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import utcnow
from bot.config import Settings
from bot.max.retry import (
    CLAIM_LEASE,
    ONCE,
    REPLY_QUICK_FOR,
    SEND_BACKOFF,
    SEND_RETRIES,
    RetryPolicy,
    Unreachable,
)
from bot.rules.schedule import Policy, may_message, next_allowed, to_local
from bot.rules.text import MAX_TEXT, split_html
from bot.ui.keyboards import Rows, markup
from storage.models import Outbox
from storage.repo import people, schedule

log = logging.getLogger(__name__)
T = TypeVar("T")

DRAIN_BATCH = 200
RECONCILE_LOOKBACK = 50  # recent dialog messages searched for an unconfirmed send
PROGRESS_EVERY = 100  # a large wave logs its progress every this many messages sent
TAG_RE = re.compile(r"<[^>]+>")
AFTER_PART = timedelta(milliseconds=1)  # a later part waits for the one before it
REPLY = "reply"  # the outbox kind of a handler's messages (`Replies`)
# Sent whatever the hour: what answers a person's own doing (`Sender._quiet_until`).
ANSWERS = (REPLY, "help")
ANSWER_KEYS = ("announce-report:",)
NAP = 0.05  # seconds: the retry loop's shortest sleep (never a busy loop)


def _plain(text: str) -> str:
    """Text without HTML tags and extra spaces (MAX returns markup separately)."""
    return " ".join(html.unescape(TAG_RE.sub("", text)).split())


PARTIAL_MARKUP = re.compile(r"(&[#A-Za-z0-9]*|<[^>]*)$")  # an entity or a tag cut in two
OPEN_TAG = re.compile(r"<(b|i|u|s|code|pre|a)\b[^>]*>|</(b|i|u|s|code|pre|a)>")


def fit(text: str) -> str:
    """The text within MAX's limit: cut with «…», never inside an HTML entity or a tag, and
    with the tags the cut left open closed again (so the message stays valid HTML)."""
    if len(text) <= MAX_TEXT:
        return text
    cut = PARTIAL_MARKUP.sub("", text[: MAX_TEXT - 20])
    open_tags: list[str] = []
    for match in OPEN_TAG.finditer(cut):
        if match.group(1):
            open_tags.append(match.group(1))
        elif open_tags and open_tags[-1] == match.group(2):
            open_tags.pop()
    return cut + "…" + "".join(f"</{tag}>" for tag in reversed(open_tags))


class Sender:
    def __init__(
        self,
        bot: Bot,
        *,
        retries: int = SEND_RETRIES,
        backoff: float = SEND_BACKOFF,
        claim_lease: timedelta = CLAIM_LEASE,
        hours: Policy | None = None,
    ) -> None:
        self.bot = bot
        self.policy = RetryPolicy(retries, backoff)
        # Quiet hours and Sundays, checked again when a scheduled message is sent: a wave
        # that has not finished by the evening waits for the next allowed morning.
        self.hours = hours if hours is not None else Policy()
        self.claim_lease = claim_lease  # a send still unconfirmed after this is reconciled
        self.retrying: asyncio.Task[None] | None = None  # the replies' quick retry loop
        self.wake = asyncio.Event()  # set when a reply fails: the loop looks again

    @classmethod
    def from_settings(cls, bot: Bot, settings: Settings) -> Sender:
        return cls(
            bot,
            retries=settings.send_retries,
            backoff=settings.send_backoff,
            claim_lease=timedelta(seconds=settings.claim_lease_seconds),
            hours=settings.policy(),
        )

    async def _call(self, call: Callable[[], Awaitable[T]]) -> T:
        return await self.policy.run(call)

    async def _attachments(self, rows: Rows | None, image: bytes | None) -> list[Any]:
        attachments: list[Any] = []
        if image is not None:
            # No extension in the file name: maxapi appends the detected one (notes §6).
            attachments.append(InputMediaBuffer(buffer=image, filename="chart"))
        if rows:
            attachments.append(markup(rows))
        return attachments

    async def _message(
        self,
        policy: RetryPolicy,
        user_id: int,
        text: str,
        attachments: list[Any],
        chat_id: int | None = None,
    ) -> None:
        """One HTML message (cut to MAX's limit) with attachments already uploaded or built,
        into the person's dialog (or into the chat `chat_id`)."""
        await policy.run(
            lambda: self.bot.send_message(
                chat_id=chat_id,
                user_id=None if chat_id is not None else user_id,
                text=fit(text),
                attachments=attachments,
                format=ParseMode.HTML,
                sleep_after_input_media=False,
            )
        )

    async def send(
        self,
        user_id: int,
        text: str,
        rows: Rows | None = None,
        image: bytes | None = None,
        *,
        retry: bool = True,
    ) -> None:
        """Send a message (with a chart, if `image`); `retry=False`: one attempt only. A text
        over MAX's limit goes as several messages (`split_html`): the image with the first,
        the buttons with the last. (The outbox stores such a text as its parts already.)"""
        policy = self.policy if retry else ONCE
        media: list[Any] = []
        if image is not None:  # upload once, even if the message itself is retried
            chart = (await self._attachments(None, image))[0]
            media = [await policy.run(lambda: self.bot.upload_media(chart))]
        parts = split_html(text)
        for n, part in enumerate(parts):
            buttons = await self._attachments(rows if n == len(parts) - 1 else None, None)
            await self._message(policy, user_id, part, (media if not n else []) + buttons)

    async def post(self, chat_id: int, text: str, *, retry: bool = True) -> None:
        """A text into a channel (`schedule.CHANNEL_POST`), as several messages when long."""
        policy = self.policy if retry else ONCE
        for part in split_html(text):
            await self._message(policy, chat_id, part, [], chat_id=chat_id)

    async def send_file(
        self, user_id: int, text: str, data: bytes, filename: str, *, retry: bool = True
    ) -> None:
        """Send a document (an XLSX export, a list of links) under exactly `filename`;
        `retry=False`: one attempt only (the outbox retries, reconciled).

        Sent from a temporary file with `InputMedia(path)`: `InputMediaBuffer` would rename
        an XLSX to `.xlsx.docx` (maxapi notes §6).
        """
        with tempfile.TemporaryDirectory(prefix="bot-upload-") as folder:
            path = Path(folder) / filename
            await asyncio.to_thread(path.write_bytes, data)
            policy = self.policy if retry else ONCE
            uploaded = await policy.run(lambda: self.bot.upload_media(InputMedia(str(path))))
            await self._message(policy, user_id, text, [uploaded])

    async def answer_callback(
        self,
        callback_id: str,
        *,
        notification: str | None = None,
        text: str | None = None,
        rows: Rows | None = None,
    ) -> None:
        """Answer a button press: a toast, and optionally replace the message it was on."""
        message = None
        if text is not None:
            message = MessageForCallback(
                text=fit(text),
                attachments=[markup(rows)] if rows else [],
                format=ParseMode.HTML,
            )
        try:
            await self._call(
                lambda: self.bot.send_callback(
                    callback_id=callback_id, message=message, notification=notification
                )
            )
        except MaxApiError as exc:
            if exc.code != 404:
                raise
            # MAX no longer knows the press (expired, or a forged callback id): nobody to
            # answer, nothing wrong with the bot.
            log.warning("callback answer: MAX does not know this callback (404); not answered")

    async def _delivered(self, row: Outbox, claimed_at: datetime) -> bool:
        """Whether the dialog already holds this message, sent at or after `claimed_at`."""
        if row.chat_id is None:
            return False
        since = int(claimed_at.timestamp() * 1000) - 1000
        found = await self.bot.get_messages(chat_id=row.chat_id, count=RECONCILE_LOOKBACK)
        wanted = _plain(fit(row.text))
        bot_id = self.bot.me.user_id if self.bot.me else None
        return any(
            m.timestamp >= since
            and (bot_id is None or (m.sender and m.sender.user_id == bot_id))
            and m.body is not None
            and _plain(m.body.text or "") == wanted
            for m in found.messages
        )

    async def _deliver(self, row: Outbox, moment: datetime, policy: RetryPolicy) -> None:
        """Send an outbox row, never twice. A failure that may have reached MAX anyway (a 5xx,
        a timeout, a dropped connection; or a sender that died mid-send, which left its claim)
        is checked against the dialog (`GET /messages`) before the message is sent again."""
        claimed_at = row.claimed_at or moment

        async def send_once() -> None:
            if row.kind == schedule.CHANNEL_POST and row.chat_id is not None:
                await self.post(row.chat_id, row.text, retry=False)
                return
            if row.file_name is not None and row.image is not None:
                await self.send_file(row.user_id, row.text, row.image, row.file_name, retry=False)
                return
            await self.send(row.user_id, row.text, row.buttons or None, row.image, retry=False)

        async def delivered() -> bool:
            return await self._delivered(row, claimed_at)

        await policy.run(send_once, delivered=delivered, uncertain=row.claimed_at is not None)

    async def _quiet_until(
        self, session: AsyncSession, row: Outbox, moment: datetime
    ) -> datetime | None:
        """When a scheduled message may go, if not now: the end of quiet hours (or of a
        Sunday) in its person's zone. What answers a person's own doing always goes (a reply,
        a helper's answer, an announcement's report to its author), and so does a later part
        of a message whose first part went (a message is never split across the night)."""
        if row.kind in ANSWERS or row.key.startswith(ANSWER_KEYS) or row.person_id is None:
            return None
        if schedule.PART in row.key:  # `part_waits` let it through: the part before it went
            return None
        zone = await schedule.zone_of(session, row.person_id)
        if zone is None:
            return None
        local = to_local(moment, zone)
        if may_message(local, self.hours):
            return None
        return next_allowed(local, self.hours).astimezone(moment.tzinfo)

    def _retry_at(self, row: Outbox, moment: datetime) -> tuple[datetime, bool]:
        """When a failed row is due again, and whether the quick retry loop takes it: a reply
        written less than REPLY_QUICK_FOR ago soon (`RetryPolicy.soon`), anything else at a
        later tick (`RetryPolicy.later`)."""
        now = max(moment, utcnow())
        if row.kind == REPLY and now - row.created_at < REPLY_QUICK_FOR:
            return now + self.policy.soon(row.attempts + 1), True
        return moment + self.policy.later(row.attempts + 1), False

    def _retry_replies(self, sessionmaker: async_sessionmaker) -> None:
        """Make sure the quick retry loop runs (it stops by itself when no reply waits)."""
        self.wake.set()
        if self.retrying is None or self.retrying.done():
            self.retrying = asyncio.create_task(self._retry_loop(sessionmaker))

    async def _retry_loop(self, sessionmaker: async_sessionmaker) -> None:
        """Sleep until the earliest failed reply is due, drain the due replies (one attempt
        each: the next retry is the row's own, `RetryPolicy.soon`), and again, while any
        reply waits for a quick retry. Any process may send a row: the claim decides."""
        try:
            while True:
                self.wake.clear()
                now = utcnow()
                async with sessionmaker() as session:
                    due = await schedule.next_reply_retry(session, now - REPLY_QUICK_FOR)
                if due is None:
                    if self.wake.is_set():  # a reply failed while we looked
                        continue
                    return
                wait = max((due - utcnow()).total_seconds(), NAP)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=wait)
                if self.wake.is_set() and utcnow() < due:  # another reply failed: it may
                    continue  # be due sooner (the earliest due never moves later)
                await self.drain(sessionmaker, kind=REPLY, quick=True)
        except Exception:  # the ticks still deliver what waits
            log.exception("the replies' retry loop failed; replies wait for the next tick")

    async def close(self) -> None:
        """Stop the retry loop (a send it had claimed is reconciled by the next drain)."""
        if self.retrying is not None and not self.retrying.done():
            self.retrying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.retrying
        self.retrying = None

    async def drain(
        self,
        sessionmaker: async_sessionmaker,
        now: datetime | None = None,
        keys: list[str] | None = None,
        kind: str | None = None,
        *,
        quick: bool = False,
    ) -> int:
        """Deliver due outbox messages (all, only `keys`, or only of `kind`); failures are
        rescheduled with backoff, never dropped (a reply's soon, by the retry loop). Returns
        how many were sent. `quick`: one attempt a message (the retry loop's drain).

        Progress is logged ("outbox: sent N of M due") every PROGRESS_EVERY messages and at
        the end; M counts the due rows fetched so far and reads "M+" while more may follow.
        """
        policy = ONCE if quick else self.policy
        if keys is None:
            return await self._drain(sessionmaker, now, None, kind, [], policy)
        total = 0
        while keys:  # a long message's later parts are drained with their first part
            sent_keys: list[str] = []
            total += await self._drain(sessionmaker, now, keys, kind, sent_keys, policy)
            keys = [schedule.next_part(key) for key in sent_keys]
        return total

    async def _drain(
        self,
        sessionmaker: async_sessionmaker,
        now: datetime | None,
        keys: list[str] | None,
        kind: str | None,
        sent_keys: list[str],
        policy: RetryPolicy,
    ) -> int:
        sent = failed = unreachable = due = held = 0
        more = False
        while True:
            moment = now or utcnow()
            async with sessionmaker() as session:
                batch = await schedule.due_messages(session, moment, DRAIN_BATCH, keys, kind)
            if not batch:
                if due:
                    # A scheduler drain or a large wave at INFO; a handler's few replies quietly.
                    level = logging.INFO if keys is None or due >= PROGRESS_EVERY else logging.DEBUG
                    log.log(level, "outbox: sent %d of %d due (%d failed, retried later; "
                            "%d unreachable; %d held for the end of quiet hours)", sent, due,
                            failed, unreachable, held)  # fmt: skip
                return sent
            due += len(batch)
            more = len(batch) == DRAIN_BATCH
            for row in batch:
                async with sessionmaker() as session:
                    wait = await schedule.part_waits(session, row)
                    if wait is not None:  # the part before it goes first
                        await schedule.postpone(session, row.id, max(wait, moment) + AFTER_PART)
                        await session.commit()
                        continue
                    until = await self._quiet_until(session, row, moment)
                    if until is not None:  # night (or Sunday) where the person is: not now
                        await schedule.postpone(session, row.id, until)
                        await session.commit()
                        held += 1
                        continue
                    claimed = await schedule.claim(
                        session, row.id, moment, moment + self.claim_lease
                    )
                    await session.commit()
                if not claimed:
                    continue  # another sender has it
                try:
                    await self._deliver(row, moment, policy)
                except Unreachable:
                    log.info("outbox %s (%s): person %s is unreachable", row.id, row.kind,
                             row.person_id)  # fmt: skip
                    async with sessionmaker() as session:
                        await schedule.mark_unreachable(session, row, utcnow())
                        await session.commit()
                    unreachable += 1
                    continue
                except (MaxError, TimeoutError, OSError) as exc:
                    log.warning("outbox %s (%s) failed: %r", row.id, row.kind, exc)
                    retry_at, soon = self._retry_at(row, moment)
                    async with sessionmaker() as session:
                        await schedule.mark_failed(session, row.id, repr(exc), retry_at)
                        await session.commit()
                    if soon:
                        self._retry_replies(sessionmaker)
                    failed += 1
                    continue
                async with sessionmaker() as session:
                    await schedule.mark_sent(session, row.id, utcnow())
                    await session.commit()
                sent += 1
                sent_keys.append(row.key)
                if sent % PROGRESS_EVERY == 0:
                    log.info("outbox: sent %d of %d%s due", sent, due, "+" if more else "")


class Replies:
    """What a handler sees as `sender` while it handles one update.

    Messages are not sent at once: they are written to the outbox in the update's own
    transaction (keys `reply:<update>:<n>`) and delivered right after it commits, so a crash
    never loses a reply to a handled update nor repeats one; one that fails is retried by the
    sender's retry loop within seconds (`Sender._retry_loop`). Callback answers and files go
    out directly (a callback answer cannot wait; a file can be asked for again).
    """

    def __init__(
        self, sender: Sender, session: AsyncSession, update_key: str, chat_id: int | None
    ) -> None:
        self.session, self.update_key, self.chat_id = session, update_key, chat_id
        self.keys: list[str] = []
        # Files and callback answers go straight to MAX, as `Sender` sends them.
        self.send_file = sender.send_file
        self.answer_callback = sender.answer_callback

    async def send(
        self, user_id: int, text: str, rows: Rows | None = None, image: bytes | None = None
    ) -> None:
        key = f"reply:{self.update_key}:{len(self.keys)}"[:128]
        person = await people.by_max_user(self.session, user_id)
        await schedule.enqueue(
            self.session,
            key=key,
            kind=REPLY,
            person_id=person.id if person else None,
            user_id=user_id,
            chat_id=person.chat_id if person and person.chat_id else self.chat_id,
            text=text,
            buttons=rows or [],
            image=image,
            next_attempt_at=utcnow(),
        )
        self.keys.append(key)
