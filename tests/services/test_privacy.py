"""Forgetting a person on a migrated database: their traces go wherever they are, and what is
someone else's — a namesake's roster row, another person's name, a chart — stays."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utcnow
from bot.services.privacy import forget
from bot.ui.texts.privacy import FORGOTTEN_NAME
from bot.vocab import Role
from storage import models as m
from tests.support.region import World

ULYANA, OTHER = 7_700_001, 7_700_002  # MAX ids
ULYANA_DIALOG = 7_800_001


def _outbox(key: str, to: m.Person, text: str, image: bytes | None = None) -> m.Outbox:
    return m.Outbox(key=key, kind="test", person_id=to.id, user_id=to.max_user_id,
                    chat_id=to.chat_id, text=text, buttons=[], image=image,
                    next_attempt_at=utcnow())  # fmt: skip


async def test_forgetting_spares_namesakes_and_other_peoples_data(
    session: AsyncSession, world: World
) -> None:
    now, school = utcnow(), world.school_id
    admin = m.Person(max_user_id=7_700_009, name="Директор", role=Role.ADMIN, school_id=school)
    ulyana = m.Person(max_user_id=ULYANA, name="Ульяна Забытова", role=Role.TEACHER,
                      school_id=school, chat_id=ULYANA_DIALOG)  # fmt: skip
    other = m.Person(max_user_id=OTHER, name="Ульяна Петрова", role=Role.TEACHER, school_id=school)
    session.add_all([admin, ulyana, other])
    await session.flush()
    # Roster rows: hers (never linked: found by name), a namesake's row linked to someone else.
    link = m.Invite(code_hash="h1", school_id=school, role=Role.TEACHER, max_uses=1,
                    expires_at=now, label="Забытова Ульяна Андреевна")  # fmt: skip
    others_link = m.Invite(code_hash="h2", school_id=school, role=Role.TEACHER, max_uses=1,
                           expires_at=now, label="Петрова Ульяна")  # fmt: skip
    session.add_all([link, others_link])
    await session.flush()
    hers = m.RosterEntry(school_id=school, full_name="Забытова Ульяна Андреевна",
                         name_key="забытова ульяна андреевна", position="учитель", role="teacher",
                         invite_id=link.id)  # fmt: skip
    namesake = m.RosterEntry(school_id=school, full_name="Забытова Ульяна", role="teacher",
                             name_key="забытова ульяна", person_id=other.id)  # fmt: skip
    theirs = m.RosterEntry(school_id=school, full_name="Петрова Ульяна", role="teacher",
                           name_key="петрова ульяна", invite_id=others_link.id)  # fmt: skip
    session.add_all([hers, namesake, theirs])
    notice = _outbox("help:1:1", admin, "🆘 <b>Ульяна Забытова</b> просит помощи", b"\x89PNG shot")
    digest = _outbox("digest:1:w", admin, "Не начали: Ульяна Петрова", b"\x89PNG chart")
    session.add_all([notice, digest])
    session.add_all([
        m.Audit(actor="person", action="join.unknown", details={"max_user_id": ULYANA}),
        m.Audit(actor="person", action="join.unknown", details={"max_user_id": OTHER}),
        m.ProcessedUpdate(key=f"bot_started:1:{ULYANA_DIALOG}:{ULYANA}"),
        m.ProcessedUpdate(key=f"bot_started:1:7800002:{OTHER}"),
        m.Chat(chat_id=-1, title="Кружок", added_by_user_id=ULYANA),  # no school: hers alone
        m.Chat(chat_id=-2, title="5А · Ульяна Забытова", school_id=school, added_by=ulyana.id,
               added_by_user_id=ULYANA),
        m.HelpRequest(person_id=other.id, school_id=school, item_code="x",
                      comment="Ульяна Забытова тоже не знает"),
    ])  # fmt: skip
    await session.flush()

    await forget(session, ulyana, now, by="operator")

    assert (hers.full_name, hers.position, hers.name_key) == (
        FORGOTTEN_NAME,
        None,
        f"forgotten-{hers.id}",
    )
    assert (namesake.full_name, theirs.full_name) == ("Забытова Ульяна", "Петрова Ульяна")
    assert (link.label, others_link.label) == (None, "Петрова Ульяна")
    await session.refresh(notice)
    await session.refresh(digest)
    assert (notice.text, notice.image) == (f"🆘 <b>{FORGOTTEN_NAME}</b> просит помощи", None)
    assert (digest.text, digest.image) == ("Не начали: Ульяна Петрова", b"\x89PNG chart")
    details = list(await session.scalars(select(m.Audit.details).where(
        m.Audit.action == "join.unknown").order_by(m.Audit.id)))  # fmt: skip
    assert details == [{}, {"max_user_id": OTHER}]
    keys = list(await session.scalars(select(m.ProcessedUpdate.key)))
    assert keys == [f"bot_started:1:7800002:{OTHER}"]
    chats = (await session.execute(select(m.Chat.chat_id, m.Chat.title, m.Chat.added_by,
                                          m.Chat.added_by_user_id))).all()  # fmt: skip
    assert chats == [(-2, f"5А · {FORGOTTEN_NAME}", None, None)]
    comment = await session.scalar(select(m.HelpRequest.comment))
    assert comment == f"{FORGOTTEN_NAME} тоже не знает"
    assert (other.name, other.max_user_id) == ("Ульяна Петрова", OTHER)
