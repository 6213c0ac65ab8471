from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank import Bank, load_bank
from bot.scoring import Scorer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank(ROOT / "questions")


@pytest.fixture(scope="session")
def scorer(bank: Bank) -> Scorer:
    return Scorer(bank)


@pytest.fixture
def adhoc(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build a scorer over a small bank written in the test."""

    def build(yaml_text: str, topic: str = "demo") -> Scorer:
        path = tmp_path / f"{topic}.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        return Scorer(load_bank(path))

    return build
