"""The digest chart: completion per item as a horizontal bar chart (PNG, matplotlib Agg)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

MAX_LABEL = 42


def _label(title: str) -> str:
    return title if len(title) <= MAX_LABEL else title[: MAX_LABEL - 1] + "…"


def completion_chart(bars: list[tuple[str, float]], title: str) -> bytes:
    """bars: (item title, percent 0..100) in plan order, drawn top to bottom."""
    height = 1.2 + 0.32 * max(len(bars), 1)
    fig = Figure(figsize=(8, height), dpi=100)
    ax = fig.add_subplot()
    labels = [_label(t) for t, _ in bars][::-1]
    values = [p for _, p in bars][::-1]
    colors = ["#2e9d5b" if v >= 75 else "#e0a800" if v >= 30 else "#d9534f" for v in values]
    ax.barh(labels, values, color=colors)
    for y, v in enumerate(values):
        ax.text(min(v + 1, 92), y, f"{v:.0f} %", va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_title(title, fontsize=11)
    ax.tick_params(axis="y", labelsize=8)
    ax.axvline(75, color="#888888", linestyle="--", linewidth=0.8)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
