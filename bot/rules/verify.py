"""What an answer is worth: verified, self-reported, waiting for review, open. Pure.

The one definition behind every figure (the checklist, `/progress`, `/staff`, the digests,
the export), so they agree:

- **verified**: done, and confirmed by someone other than the person — an administrator
  approved the screenshot, the bot recognised the chat (`answer.verification` "verified"), or
  the bot was made an administrator of the school's channel (`school_answer.verification`);
- **self-reported**: done on the person's word only («Готово»; a screenshot nobody could
  review; a school-level item the bot could not check);
- **pending**: a screenshot sent and waiting for the administrator. Not done yet: it counts in
  the denominator, not in the numerator, and is shown apart («на проверке»). Nothing is asked
  of the person meanwhile (no reminders, not overdue, the walk goes past it);
- **open**: not answered, or «Нужна помощь» (a returned screenshot is open again);
- **na**: «Не относится ко мне», out of the denominator.

Done = verified + self-reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.vocab import Evidence, Status, Verification

CHECKABLE = frozenset({Evidence.SCREENSHOT, Evidence.CHAT, Evidence.CHANNEL})
"""Items whose answer can be confirmed beyond the person's word."""


class Mark(StrEnum):
    VERIFIED = "verified"
    SELF_REPORTED = "self"
    PENDING = "pending"
    OPEN = "open"
    NA = "na"


DONE_MARKS = frozenset({Mark.VERIFIED, Mark.SELF_REPORTED})


def mark_of(status: str | None, verification: str | None) -> Mark:
    """The mark of one answer: its status and its verification."""
    if status == Status.NA:
        return Mark.NA
    if status != Status.DONE:
        return Mark.OPEN
    if verification == Verification.VERIFIED:
        return Mark.VERIFIED
    if verification == Verification.PENDING:
        return Mark.PENDING
    return Mark.SELF_REPORTED


@dataclass(frozen=True, slots=True)
class Tally:
    """How many answers have each mark."""

    verified: int = 0
    self_reported: int = 0
    pending: int = 0
    open: int = 0
    na: int = 0

    @property
    def done(self) -> int:
        return self.verified + self.self_reported

    @property
    def counted(self) -> int:
        """The denominator: everything but "does not apply"."""
        return self.done + self.pending + self.open

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.verified + other.verified,
            self.self_reported + other.self_reported,
            self.pending + other.pending,
            self.open + other.open,
            self.na + other.na,
        )


_FIELD = {
    Mark.VERIFIED: "verified",
    Mark.SELF_REPORTED: "self_reported",
    Mark.PENDING: "pending",
    Mark.OPEN: "open",
    Mark.NA: "na",
}


def tally(marks: Iterable[Mark]) -> Tally:
    counts = dict.fromkeys(_FIELD.values(), 0)
    for mark in marks:
        counts[_FIELD[mark]] += 1
    return Tally(**counts)


def screenshot_needed(evidence: str, mark: Mark) -> bool:
    """Whether «Готово» is refused: a screenshot item is closed by a reviewed screenshot only
    (open, returned or still under review: «Готово» changes nothing)."""
    return evidence == Evidence.SCREENSHOT and mark not in DONE_MARKS


# The better news wins when two teachers of a class answered the same class item.
_RANK = {Mark.VERIFIED: 5, Mark.SELF_REPORTED: 4, Mark.PENDING: 3, Mark.NA: 2}


def merge_class_verifications(
    answers: Sequence[tuple[Mapping[str, str], Mapping[str, str]]],
) -> dict[str, str]:
    """The verifications of class items ("…#<class id>" keys) of several teachers, given as
    (statuses, verifications) per teacher: the verification of the best answer of each key
    (as `bot.rules.progress.merge_class_answers` picks the status)."""
    best: dict[str, tuple[int, str | None]] = {}
    for statuses, verifications in answers:
        for key, status in statuses.items():
            if "#" not in key:
                continue
            verification = verifications.get(key)
            rank = _RANK.get(mark_of(status, verification), 0)
            if rank > best.get(key, (0, None))[0]:
                best[key] = (rank, verification)
    return {key: v for key, (_, v) in best.items() if v is not None}
