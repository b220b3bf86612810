"""Callback payloads: every `CallbackPayload` subclass under bot/ui/keyboards has a prefix of
its own, and no payload of one can be read as another's.

maxapi packs a payload as `prefix|value|value…` (`separator` "|") and unpacks it by splitting on
the separator and comparing the first part with the prefix exactly; so two payloads clash when
their prefixes are equal, or when a prefix contains a separator (its first part is then another
prefix, and its own payloads never unpack).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

import pytest
from maxapi.filters.callback_payload import CallbackPayload

import bot.ui.keyboards
from bot.ui.keyboards.announce import AnnounceCb
from bot.ui.keyboards.authority import AuthorityCb
from bot.ui.keyboards.chats import ChatClassCb, ChatPurposeCb
from bot.ui.keyboards.checklist import AnswerCb, MenuCb, OpenItemCb
from bot.ui.keyboards.classes import ClassesCb
from bot.ui.keyboards.common import CommonCb
from bot.ui.keyboards.duties import DutyCb
from bot.ui.keyboards.export import ExportCb
from bot.ui.keyboards.help import HelpCb
from bot.ui.keyboards.inputs import SkipInputCb
from bot.ui.keyboards.invites import InviteCb, InviteListCb
from bot.ui.keyboards.kpi import KpiCb
from bot.ui.keyboards.pause import PauseCb
from bot.ui.keyboards.plans import PlanCb
from bot.ui.keyboards.privacy import ForgetCb
from bot.ui.keyboards.progress import ProgressCb
from bot.ui.keyboards.rollover import RolloverCb
from bot.ui.keyboards.schools import SchoolCb
from bot.ui.keyboards.staff import (
    RemindCb,
    StaffCb,
    StaffLeaveCb,
    StaffPersonCb,
    StaffTotalCb,
)
from bot.ui.keyboards.verify import EvidenceCb

MAX_PAYLOAD_BYTES = 64  # MAX's limit on a button's payload


def payload_classes() -> list[type[CallbackPayload]]:
    package = bot.ui.keyboards
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
    found: list[type[CallbackPayload]] = []
    todo = list(CallbackPayload.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        concrete = cls is not bot.ui.keyboards.Payload  # the base with wire codes
        if concrete and cls.__module__.startswith(package.__name__) and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda cls: cls.prefix)


CLASSES = payload_classes()


def test_the_payloads_are_found() -> None:
    names = {cls.__name__ for cls in CLASSES}
    assert {"AnswerCb", "MenuCb"} <= names and len(CLASSES) >= 10


def test_prefixes_are_unique_across_the_bot() -> None:
    counts = Counter(cls.prefix for cls in CLASSES)
    clashes = {
        prefix: [cls.__qualname__ for cls in CLASSES if cls.prefix == prefix]
        for prefix, n in counts.items()
        if n > 1
    }
    assert not clashes, f"prefixes used twice: {clashes}"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__qualname__)
def test_prefix_is_not_empty_and_has_no_separator(cls: type[CallbackPayload]) -> None:
    separators = {other.separator for other in CLASSES}
    assert cls.prefix, f"{cls.__qualname__} has an empty prefix"
    assert not any(sep in cls.prefix for sep in separators), (
        f"{cls.__qualname__}: prefix {cls.prefix!r} contains a separator"
    )


def test_all_payloads_use_the_same_separator() -> None:
    assert {cls.separator for cls in CLASSES} == {"|"}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__qualname__)
def test_no_other_payload_unpacks_this_ones_data(cls: type[CallbackPayload]) -> None:
    """Data shaped like this class's (its prefix, one empty value per field) is refused by
    every other class: maxapi tries the filters in turn, the first that unpacks wins."""
    data = cls.separator.join([cls.prefix, *[""] * len(cls.attrs())])
    assert len(data.encode()) <= MAX_PAYLOAD_BYTES
    for other in CLASSES:
        if other is cls:
            continue
        with pytest.raises(ValueError, match="prefix"):
            other.unpack(data)


# The wire format as buttons sent before the regrouping carry it (packed with the code of
# d8b32dd): such buttons stay in people's chats and in the outbox, so every one of them must
# still unpack to the same meaning, and a new button must pack exactly like the old one.

WIRE = [
    (AnswerCb(person_id=7, code="safe_mode", act="d", seen=""), "a|7|safe_mode|d|"),
    (AnswerCb(person_id=7, code="safe_mode", act="h", seen="d"), "a|7|safe_mode|h|d"),
    (OpenItemCb(person_id=7, code="safe_mode"), "o|7|safe_mode"),
    (MenuCb(person_id=7, act="next"), "m|7|next"),
    (MenuCb(person_id=7, act="list"), "m|7|list"),
    (HelpCb(request_id=12, act="done"), "h|12|done"),
    (HelpCb(request_id=12, act="answer"), "h|12|ans"),
    (HelpCb(request_id=12, act="pass"), "h|12|pass"),
    (HelpCb(request_id=12, act="notnow"), "h|12|no"),
    (CommonCb(act="help"), "cm|help"),
    (PauseCb(person_id=7, act="week"), "p|7|week"),
    (PauseCb(person_id=7, act="date"), "p|7|date"),
    (PauseCb(person_id=7, act="off"), "p|7|off"),
    (SkipInputCb(person_id=7), "s|7"),
    (ForgetCb(person_id=7, act="yes"), "f|7|yes"),
    (ForgetCb(person_id=7, act="no"), "f|7|no"),
    (AnnounceCb(act="audience", audience="all"), "an|aud|all|0"),
    (AnnounceCb(act="audience", audience="class:5А"), "an|aud|class:5А|0"),
    (AnnounceCb(act="classes"), "an|cls||0"),
    (AnnounceCb(act="send", announcement_id=3), "an|send||3"),
    (AnnounceCb(act="cancel", announcement_id=3), "an|cancel||3"),
    (AnnounceCb(act="cancel_ok", announcement_id=3), "an|cancel_ok||3"),
    (AnnounceCb(act="back", announcement_id=3), "an|back||3"),
    (AnnounceCb(act="new"), "an|new||0"),
    (SchoolCb(act="open", school_id=4), "sc|open|4|"),
    (SchoolCb(act="link", school_id=4), "sc|link|4|"),
    (SchoolCb(act="progress", school_id=4), "sc|prog|4|"),
    (SchoolCb(act="tz", school_id=4, kind="3"), "sc|tz|4|3"),
    (SchoolCb(act="skip", school_id=4), "sc|skip|4|"),
    (SchoolCb(act="cancel"), "sc|cancel|0|"),
    (SchoolCb(act="add"), "sc|add|0|"),
    (SchoolCb(act="list"), "sc|list|0|"),
    (SchoolCb(act="kind", kind="preschool"), "sc|kind|0|preschool"),
    (InviteCb(act="role", role="class_teacher"), "i|r|class_teacher|||"),
    (InviteCb(act="other", role="class_teacher"), "i|o|class_teacher|||"),
    (InviteCb(act="grade", role="class_teacher", class_label="5"), "i|g|class_teacher|5||"),
    (InviteCb(act="class", role="class_teacher", class_label="5А"), "i|c|class_teacher|5А||"),
    (InviteCb(act="days", role="teacher", days=30), "i|d|teacher||30|"),
    (
        InviteCb(act="uses", role="class_teacher", class_label="5А", days=7, uses=1),
        "i|u|class_teacher|5А|7|1",
    ),
    (InviteCb(act="cancel"), "i|x||||"),
    (InviteListCb(act="page", page=2), "il|page|2|"),
    (InviteListCb(act="revoke", page=1, invite_id=9), "il|rev|1|9"),
    (InviteListCb(act="revoke_ok", page=1, invite_id=9), "il|revok|1|9"),
    (InviteListCb(act="unused", page=1), "il|all|1|"),
    (InviteListCb(act="unused_ok", page=1), "il|allok|1|"),
    (StaffCb(status_filter="overdue", page=2), "st|overdue|2"),
    (StaffPersonCb(person_id=7, status_filter="all", page=1), "stp|7|all|1"),
    (
        StaffLeaveCb(admin_id=3, person_id=7, act="ask", seen="w", status_filter="all", page=1),
        "stl|3|7|ask|w|all|1",
    ),
    (StaffTotalCb(person_id=7, what="staff"), "stt|7|staff"),
    (RemindCb(act="go"), "rm|go"),
    (KpiCb(person_id=7, act="enter", indicator="staff"), "k|7|in|s|"),
    (KpiCb(person_id=7, act="enter", indicator="parents"), "k|7|in|p|"),
    (KpiCb(person_id=7, act="tens", indicator="staff", value=30), "k|7|t|s|30"),
    (KpiCb(person_id=7, act="value", indicator="parents", value=37), "k|7|v|p|37"),
    (KpiCb(person_id=7, act="back", indicator="staff"), "k|7|x|s|"),
    (AuthorityCb(act="rating", target=0), "au|r|0"),
    (AuthorityCb(act="write", target=5), "au|w|5"),
    (AuthorityCb(act="nowrite", target=5), "au|n|5"),
    (DutyCb(person_id=7, act="list"), "du|7|l||0|||"),
    (DutyCb(person_id=7, act="set", code="duty_seminars", value="d"), "du|7|s|duty_seminars|0|d||"),
    (
        DutyCb(
            person_id=7,
            act="school",
            code="duty_consultations",
            target=3,
            value="d",
            period="2026-W50",
        ),
        "du|7|t|duty_consultations|3|d||2026-W50",
    ),
    (AuthorityCb(act="rating", target=2), "au|r|2"),
    (AuthorityCb(act="overdue", target=1), "au|o|1"),
    (AuthorityCb(act="school", target=4), "au|s|4"),
    (ExportCb(act="go"), "x|go"),
    (
        PlanCb(person_id=7, act="replace", draft="0123456789ab", plan="ba9876543210"),
        "pl|7|ok|0123456789ab|ba9876543210",
    ),
    (PlanCb(person_id=7, act="cancel", draft="0123456789ab", plan=""), "pl|7|x|0123456789ab|"),
    (RolloverCb(person_id=7, act="set", class_id=3, action="keep", page=2), "ro|7|s|3|k|0||2"),
    (RolloverCb(person_id=7, act="yes", digest="0a1b2c3d"), "ro|7|y|0||0|0a1b2c3d|1"),
    (ClassesCb(person_id=7, act="set", class_id=3, teacher_id=9), "cl|7|s|3|9|1"),
    (ClassesCb(person_id=7, act="list", page=2), "cl|7|l|0|0|2"),
    (ProgressCb(person_id=7, part="overdue", page=2, seen=14), "pg|7|o|2|14|0"),
    (ProgressCb(person_id=7, part="all", fresh=1), "pg|7|a|1|0|1"),
    (ProgressCb(person_id=7, part="help", seen=3, fresh=1), "pg|7|h|1|3|1"),
    (EvidenceCb(evidence_id=5, act="approve"), "v|5|ok"),
    (EvidenceCb(evidence_id=5, act="return"), "v|5|ret"),
    (EvidenceCb(evidence_id=5, act="r1"), "v|5|r1"),
    (ChatPurposeCb(chat_row_id=12, purpose="students"), "c|12|s"),
    (ChatPurposeCb(chat_row_id=12, purpose="parents"), "c|12|p"),
    (ChatPurposeCb(chat_row_id=12, purpose="teachers"), "c|12|t"),
    (ChatPurposeCb(chat_row_id=12, purpose="other"), "c|12|o"),
    (ChatClassCb(chat_row_id=12, purpose="parents", class_id=4), "cc|12|p|4"),
    (ChatClassCb(chat_row_id=12, purpose="teachers"), "cc|12|t|0"),
    (ClassesCb(person_id=7, act="parents", class_id=3), "cl|7|tp|3|0|1"),
    (ClassesCb(person_id=7, act="howto", class_id=3), "cl|7|h|3|0|1"),
]


@pytest.mark.parametrize(("payload", "wire"), WIRE, ids=[w for _, w in WIRE])
def test_wire_format_is_the_one_buttons_already_carry(payload: CallbackPayload, wire: str) -> None:
    assert payload.pack() == wire
    assert type(payload).unpack(wire) == payload


def test_every_payload_class_has_its_wire_format_pinned() -> None:
    pinned = {type(payload) for payload, _ in WIRE}
    assert pinned == set(CLASSES), set(CLASSES) ^ pinned
