"""The database fixtures themselves: PostgreSQL unreachable fails in CI and skips elsewhere."""

from __future__ import annotations

import pytest

from tests import dbfixtures

CLOSED = "postgresql+asyncpg://postgres@127.0.0.1:1/test"


@pytest.fixture
def unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbfixtures, "POSTGRES_URL", CLOSED)
    monkeypatch.setattr(dbfixtures, "_unreachable", [])


@pytest.mark.usefixtures("unreachable")
async def test_unreachable_postgres_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="unreachable"):
        await dbfixtures.create_postgres_database()


@pytest.mark.usefixtures("unreachable")
async def test_unreachable_postgres_skips_on_a_developer_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="unreachable"):
        await dbfixtures.create_postgres_database()
    # Later tests skip at once instead of waiting for the connection again.
    with pytest.raises(pytest.skip.Exception):
        await dbfixtures.create_postgres_database()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("", False), ("false", False), ("0", False)],
)
def test_ci_flag(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("CI", value)
    assert dbfixtures.in_ci() is expected


async def test_each_test_gets_an_empty_database(database_url: str) -> None:
    from sqlalchemy import inspect

    from bot.db import create_engine

    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
        assert tables == []
    finally:
        await engine.dispose()
