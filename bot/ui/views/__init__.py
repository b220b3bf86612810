"""Turn service results into (text, keyboard) pairs. No I/O; texts and keyboards only.

One module per feature (`views/checklist.py`, `views/pause.py`, `views/staff.py`, …);
`Rendered` is shared.
"""

from __future__ import annotations

from bot.ui.keyboards import Rows

Rendered = tuple[str, Rows]
Answer = tuple[str | None, str | None, Rows | None]
"""A button's answer: (the toast, the message's new text, its new buttons); None = none."""
