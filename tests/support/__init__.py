"""Helpers shared by the tests of every level (tests/unit, tests/services, tests/e2e).

Test modules import from here, never from each other; the fixtures built on these helpers
live in tests/conftest.py (every level) and in each level's conftest.py.

- ``paths``: ``ROOT``, the repository.
- ``db``: the test databases (``fresh_database``, ``create_database``/``drop_database``) and a
  short-lived session on one (``session_on``, ``rows``).
- ``region``: the set-up region (``World``, ``make_world``/``add_world``, ``make_invite``) and the
  month-of-reminders school (``make_school``, ``at``, ``START``, ``DAYS``).
- ``people``: people joined through the joining service directly (``join_many``).
- ``running``: the real bot polling the emulator (``RunningBot``).
- ``cli``: ``python -m bot`` in a subprocess (``run_cli``, ``cli_env``, ``CliResult``).
- ``roster``: roster files (``csv_bytes``, ``xlsx_bytes``, ``sheet_rows``, ``HEADER``).
- ``uploads``: hostile roster files built with zipfile (``padded_to_xfd``, ``formatted_rows``,
  ``giant_shared_string``, ``busy_strings``, …) and a roster's text (``roster_text``).
- ``demo``: the demo's fixed start (``DEMO_START``).
- ``images``: a photo to send (``png``); «Готово», or the screenshot an item asks for
  (``answer_with_screenshot``).
"""
