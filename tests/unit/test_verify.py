"""Screenshots, the pure parts: which item a photo is for, where the token may go, which
attachment is the photo."""

from __future__ import annotations

from bot.max import files
from bot.plan import default_plan
from bot.rules.checklist import ItemState
from bot.services import verify


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
