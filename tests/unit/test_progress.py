"""Progress: the figures of a school."""

from __future__ import annotations

from datetime import date

from bot.plan import builtin_plan
from bot.rules.progress import Member, school_progress


def test_school_progress_figures():
    plan = builtin_plan("2025")  # the campaign's dates: before and after 30.11.2025
    teacher_items = [i.code for i in plan.personal_items_for("teacher", "school")]
    members = [
        Member(1, "Анна", "teacher", {c: "done" for c in teacher_items}),
        Member(2, "Борис", "teacher", {teacher_items[0]: "na", teacher_items[1]: "help"}),
        Member(3, "Вера", "admin", {}),
    ]
    progress = school_progress(plan, "school", members, {"school_order": "done"}, date(2025, 11, 1))
    by_code = {f.code: f for f in progress.items}
    first = by_code[teacher_items[0]]
    assert (first.applicable, first.done, first.na, first.counted) == (3, 1, 1, 2)
    assert by_code[teacher_items[1]].help == 1
    assert by_code["school_order"].done == 1 and by_code["school_order"].counted == 1
    assert progress.finished_people == 1 and progress.overdue == []  # before the deadlines
    done = sum(f.done for f in progress.items)
    assert progress.percent == 100 * done / sum(f.counted for f in progress.items)
    late = school_progress(plan, "school", members, {}, date(2025, 12, 1))
    assert [name for name, _ in late.overdue] == ["Борис", "Вера"]
