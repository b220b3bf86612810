"""Screenshots, the pure parts: which item a photo is for, where the token may go, which
attachment is the photo."""

from __future__ import annotations

from datetime import date

from bot.max import files
from bot.plan import default_plan
from bot.rules import verify as verify_rules
from bot.rules.checklist import ItemState, Who, slot_states, slots_for, summarize
from bot.rules.progress import Member, school_progress
from bot.rules.staff import DONE, REVIEW, person_status
from bot.rules.verify import Mark, Tally, mark_of, tally
from bot.services import verify
from bot.vocab import Evidence


def test_pick_evidence_item_prefers_items_still_waiting_for_a_first_screenshot():
    plan = default_plan()
    join = plan.item("sferum_join")
    extra = join.model_copy(update={"code": "extra_shot"})
    self_item = plan.item("max_phone")
    states = [ItemState(self_item, None), ItemState(join, "done"), ItemState(extra, None)]
    assert verify.pick_evidence_item(states, {"sferum_join": "pending"}).code == "extra_shot"
    assert verify.pick_evidence_item(states, {"sferum_join": None}).code == "sferum_join"
    done = [ItemState(join, "done"), ItemState(extra, "na")]
    assert verify.pick_evidence_item(done, {"sferum_join": "pending"}).code == "sferum_join"
    assert verify.pick_evidence_item(done, {"sferum_join": "verified"}) is None
    assert verify.pick_evidence_item([ItemState(self_item, None)], {}) is None


def test_the_token_goes_only_to_the_api_host():
    auth = {"Authorization": "secret"}
    api = "https://platform-api.max.ru"
    assert files.token_headers("https://platform-api.max.ru/files/1", api, auth) == auth
    assert files.token_headers("https://i.oneme.ru/i?r=abc", api, auth) == {}
    assert files.token_headers("http://platform-api.max.ru/files/1", api, auth) == {}


def test_image_attachment_is_the_first_photo():
    photo = {"type": "image", "payload": {"url": "u", "token": "x", "photo_id": 1}}
    assert verify.image_attachment([{"type": "file"}, photo, {"type": "image"}]) == photo
    assert verify.image_attachment([{"type": "file"}]) is None


# --- what an answer is worth (bot.rules.verify) ---------------------------------------------


def test_mark_of_an_answer():
    assert mark_of("done", "verified") is Mark.VERIFIED
    assert mark_of("done", None) is Mark.SELF_REPORTED
    assert mark_of("done", "pending") is Mark.PENDING
    assert mark_of(None, None) is Mark.OPEN
    assert mark_of("help", "pending") is Mark.OPEN  # «Нужна помощь» after a screenshot
    assert mark_of("na", "verified") is Mark.NA


def test_tally_keeps_verified_self_reported_and_pending_apart():
    marks = tally(
        [mark_of("done", "verified"), mark_of("done", None), mark_of("done", None),
         mark_of("done", "pending"), mark_of(None, None), mark_of("help", None),
         mark_of("na", None)]
    )  # fmt: skip
    assert marks == Tally(verified=1, self_reported=2, pending=1, open=2, na=1)
    assert (marks.done, marks.counted) == (3, 6)  # pending: counted, not done
    assert marks + Tally(verified=1) == Tally(2, 2, 1, 2, 1)


def test_done_alone_closes_no_screenshot_item():
    shot, chat = Evidence.SCREENSHOT, Evidence.CHAT
    assert verify_rules.screenshot_needed(shot, Mark.OPEN)
    assert verify_rules.screenshot_needed(shot, Mark.PENDING)  # not done before the review
    assert not verify_rules.screenshot_needed(shot, Mark.VERIFIED)
    assert not verify_rules.screenshot_needed(shot, Mark.SELF_REPORTED)  # nobody to review
    assert not verify_rules.screenshot_needed(chat, Mark.OPEN)  # «Готово»: self-reported
    assert not verify_rules.screenshot_needed(Evidence.SELF, Mark.OPEN)


def test_class_verifications_take_the_better_answer():
    key = "chat_parents@2026/27#7"
    one = ({key: "done"}, {})  # self-reported
    two = ({key: "done"}, {key: "verified"})
    three = ({key: "help", "safe_mode": "done"}, {"safe_mode": "verified"})
    assert verify_rules.merge_class_verifications([one, two, three]) == {key: "verified"}
    assert verify_rules.merge_class_verifications([one, three]) == {}
    assert verify_rules.merge_class_verifications([({key: "done"}, {key: "pending"}), one]) == {}


def test_school_figures_split_verified_self_reported_and_pending():
    plan = default_plan()
    today = date(2026, 1, 13)
    j = "sferum_join"
    members = [
        Member(1, "Анна", "teacher", {j: "done"}, verifications={j: "verified"}),
        Member(2, "Борис", "teacher", {j: "done"}, verifications={j: "pending"}),
        Member(3, "Вера", "teacher", {j: "done"}),
        Member(4, "Глеб", "teacher", {j: "na"}),
        Member(5, "Дина", "teacher", {}),
    ]
    progress = school_progress(plan, "school", members, {}, today)
    join = next(f for f in progress.items if f.code == "sferum_join")
    assert (join.verified, join.self_reported, join.pending, join.done, join.counted) == (
        1, 1, 1, 2, 4,
    )  # fmt: skip
    assert join.checkable and join.tally == Tally(1, 1, 1, 1, 1)
    assert progress.checked == Tally(1, 1, 1, 1, 1)  # the only such item here
    order = next(f for f in progress.items if f.code == "order_read")
    assert not order.checkable


def test_a_school_item_the_bot_confirmed_is_verified_in_the_figures_and_the_checklist():
    plan = default_plan()
    today = date(2026, 1, 13)
    admin = Member(1, "Анна", "admin", {})
    answers = {"official_channel": "done"}
    channel = plan.item("official_channel")
    assert channel is not None and channel.evidence == Evidence.CHANNEL
    for checks, mark in (({"official_channel": "verified"}, (1, 0)), ({}, (0, 1))):
        progress = school_progress(plan, "school", [admin], answers, today, school_checks=checks)
        f = next(f for f in progress.items if f.code == "official_channel")
        assert f.checkable and (f.verified, f.self_reported) == mark
    slots = slots_for(plan, "school", Who("admin", today), today, today)
    states = slot_states(slots, {}, answers, school_verifications={"official_channel": "verified"})
    state = next(s for s in states if s.item.code == "official_channel")
    assert state.mark is Mark.VERIFIED


def test_a_screenshot_under_review_is_the_persons_staff_status():
    plan = default_plan()
    join, other = plan.item("sferum_join"), plan.item("max_phone")
    today = date(2026, 1, 13)
    pending = [ItemState(join, "done", verification="pending"), ItemState(other, "done")]
    assert person_status(pending, today, paused_until=None, unreachable_at=None) == REVIEW
    verified = [ItemState(join, "done", verification="verified"), ItemState(other, "done")]
    assert person_status(verified, today, paused_until=None, unreachable_at=None) == DONE
    summary = summarize(pending, today)
    assert (summary.done, summary.pending, summary.open) == (1, 1, 0)
