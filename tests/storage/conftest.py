from __future__ import annotations

import pytest

from bot.bank.models import Bank
from tests.dbfixtures import database, database_url, engine_kind, sessions
from tests.storage.helpers import FakeScorer, default_bank

__all__ = ["database", "database_url", "engine_kind", "sessions"]


@pytest.fixture
def bank() -> Bank:
    return default_bank()


@pytest.fixture
def scorer() -> FakeScorer:
    return FakeScorer()
