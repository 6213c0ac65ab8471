"""Find the default question bank in a checkout or in an installed package."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "QUESTIONS_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_bank_path() -> Path:
    """`QUESTIONS_DIR` if set, else the bank shipped in the wheel, else the checkout's."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    installed = _PACKAGE_DIR / "questions"  # where pyproject's package-dir puts it
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "questions"


def schema_path() -> Path:
    """The JSON Schema of a bank file, shipped beside the bank."""
    installed = _PACKAGE_DIR / "questions" / "schema.json"
    return installed if installed.exists() else _PACKAGE_DIR.parent / "questions" / "schema.json"
