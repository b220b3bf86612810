"""Invites: class labels sort naturally."""

from __future__ import annotations

from bot.services.invites import class_sort_key


def test_class_labels_sort_naturally():
    assert sorted(["10А", "5Б", "Ромашка", "5А", "11В", "1Д"], key=class_sort_key) == [
        "1Д", "5А", "5Б", "10А", "11В", "Ромашка",
    ]  # fmt: skip
