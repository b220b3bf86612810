"""Where the repository is (the working directory of CLI subprocesses)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
