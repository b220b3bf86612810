"""Views: kpi — the administrator's /kpi screen and its keypad."""

from __future__ import annotations

from bot.services.kpi import KeypadResult, KpiView, Step, Typed, TypedResult
from bot.ui.keyboards import kpi as kb
from bot.ui.texts import kpi as t
from bot.ui.views import Answer, Rendered


def screen_message(view: KpiView, person_id: int) -> Rendered:
    """The /kpi screen with its keypad (from the digest's «📈 Показатели»)."""
    return t.screen(view), kb.kpi_keyboard(person_id)


def typed_message(result: TypedResult, person_id: int) -> Rendered:
    """The reply to `/kpi` or `/kpi staff 37`."""
    view = result.view
    if result.outcome is Typed.SAVED:
        assert result.indicator is not None and result.value is not None
        note = t.saved(result.indicator, result.value, view.week)
        return t.screen(view, note), kb.kpi_keyboard(person_id)
    if result.outcome is Typed.USAGE:
        return t.KPI_USAGE, []
    if result.outcome is Typed.BAD_VALUE:
        return t.BAD_PERCENT[result.reason or ""], []
    return t.screen(view), kb.kpi_keyboard(person_id)


def keypad_answer(step: KeypadResult, person_id: int, word: str) -> Answer:
    """The answer to a keypad press; `word`: the pressed button's indicator word."""
    if step.step is Step.INVALID:
        return t.KEYPAD_STALE, None, None
    if step.step in (Step.VIEW, Step.SAVED):
        assert step.view is not None
        toast = None
        if step.step is Step.SAVED:
            assert step.indicator is not None and step.value is not None
            toast = t.saved_toast(step.indicator, step.value)
        return toast, t.screen(step.view), kb.kpi_keyboard(person_id)
    assert step.indicator is not None and step.plan is not None and step.week is not None
    if step.step is Step.TENS:
        text = t.ask_tens(step.plan, step.indicator, step.week)
        return None, text, kb.tens_keyboard(person_id, word)
    assert step.tens is not None
    text = t.ask_units(step.plan, step.indicator, step.week, step.tens)
    return None, text, kb.units_keyboard(person_id, word, step.tens)
