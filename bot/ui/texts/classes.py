"""Classes: what is wrong with a class label, in plain Russian."""

from __future__ import annotations

from bot.rules.classes import NAME_MAX, LabelProblem


def label_problem(problem: LabelProblem, text: str, suggestion: str) -> str:
    """Why `text` is not a class label (`suggestion`: what was probably meant)."""
    match problem:
        case LabelProblem.EMPTY:
            return "класс не указан — напишите, например, «5А»"
        case LabelProblem.SPACED:
            return f"класс пишется вместе, без пробела и дефиса: «{suggestion}», а не «{text}»"
        case LabelProblem.LATIN:
            return f"в «{text}» латинская буква — нужна русская: «{suggestion}»"
        case LabelProblem.GRADE:
            return f"классы — с 1 по 11, а «{text}» не подходит"
        case LabelProblem.TOO_LONG:
            return f"название группы длиннее {NAME_MAX} символов"
    return f"«{text}» не похоже на класс: напишите цифру и русскую букву, например «5А»"
