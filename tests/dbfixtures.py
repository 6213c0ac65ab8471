"""Database fixtures for tests: every test gets its own fresh database, on SQLite and PostgreSQL.

Use `database` (a migrated `bot.db.Database`), `sessions` (its session factory)
or `database_url` (an empty database, for code that builds its own engine, such
as a subprocess). They are parametrised over both engines. On PostgreSQL
`database` is a fresh schema (cheap), `database_url` a fresh database. The server comes from
TEST_POSTGRES_URL (default: the local server's `test` database, used only to
create and drop one database per test). When it cannot be reached the
PostgreSQL half is skipped on a developer's machine but FAILS when CI is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy import make_url

from bot.db import Database, Sessions, open_database

ENGINES = ("sqlite", "postgresql")
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)

_unreachable: list[str] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def sqlite_url(directory: Path) -> str:
    return f"sqlite+aiosqlite:///{directory / 'coach.db'}"


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _admin() -> asyncpg.Connection:
    if _unreachable and not in_ci():
        pytest.skip(_unreachable[0])
    try:
        return await asyncpg.connect(_dsn(POSTGRES_URL), timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        message = f"PostgreSQL at {POSTGRES_URL} unreachable: {error!r}"
        if in_ci():
            pytest.fail(message)
        _unreachable.append(message)
        pytest.skip(message)


async def create_postgres_database() -> str:
    """Create an empty database with a fresh name and return its SQLAlchemy URL."""
    name = f"coach_test_{uuid.uuid4().hex[:16]}"
    admin = await _admin()
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    admin = await _admin()
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(params=ENGINES)
def engine_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(engine_kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of the parametrised kind, dropped after the test."""
    if engine_kind == "sqlite":
        yield sqlite_url(tmp_path)
        return
    url = await create_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture
async def database(engine_kind: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database of the parametrised kind, its engine disposed after the test."""
    if engine_kind == "sqlite":
        db = await open_database(sqlite_url(tmp_path))
        try:
            yield db
        finally:
            await db.close()
        return
    schema = f"coach_test_{uuid.uuid4().hex[:16]}"
    admin = await _admin()
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        db = await open_database(
            POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}}
        )
        try:
            yield db
        finally:
            await db.close()
    finally:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.close()


@pytest.fixture
def sessions(database: Database) -> Sessions:
    return database.sessions
