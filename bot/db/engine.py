"""Engine and session factory: SQLite tuned for a busy bot, PostgreSQL through asyncpg.

SQLite connections run their calls in the event loop (`bot.db.inline_sqlite`:
no thread round trip per call, lock waits retried asynchronously), get their
PRAGMAs on every new connection (WAL, foreign keys), and every transaction
begins IMMEDIATE, so a read-then-write takes
the write lock up front and never fails half-way with "database is locked".
Reads that never write can ask for a deferred transaction with `reading()`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, event, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.db import inline_sqlite
from bot.db.checkpoint import WalCheckpointer
from bot.db.inline_sqlite import InlineConnection
from bot.db.migrate import migrate

SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option: this unit of work only reads, so SQLite may begin it DEFERRED.
READ_ONLY = "coach_read_only"

Sessions = async_sessionmaker[AsyncSession]


def create_engine(
    url: str | URL, *, background_checkpoints: bool = False, **kwargs: Any
) -> AsyncEngine:
    """Build the async engine for `url`, creating a SQLite file's directory when missing.

    With `background_checkpoints`, SQLite connections leave WAL checkpoints to a
    `WalCheckpointer` (see bot.db.checkpoint) instead of doing them inside a commit.
    """
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        _ensure_sqlite_directory(url)
        connect_args: list[tuple[list[Any], dict[str, Any]]] = []

        async def inline_connection() -> InlineConnection:
            # Arguments as the dialect derives them from the URL (file:, ?mode=ro, ...).
            (database, *_), params = connect_args[0]
            return await inline_sqlite.connect(
                database, busy_timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, **params
            )

        engine = create_async_engine(url, async_creator=inline_connection, **kwargs)
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        connect_args.append((list(cargs), dict(cparams)))
        _install_sqlite_hooks(engine, background_checkpoints=background_checkpoints)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def create_sessions(engine: AsyncEngine) -> Sessions:
    """The one session factory: `async with sessions.begin() as session:` per unit of work."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def reading(sessions: Sessions) -> AsyncIterator[AsyncSession]:
    """A session for a unit of work that only reads (a deferred transaction on SQLite)."""
    async with sessions() as session:
        await session.connection(execution_options={READ_ONLY: True})
        yield session


@dataclass(frozen=True, slots=True)
class Database:
    """The engine and its session factory, built once at start-up and passed down."""

    engine: AsyncEngine
    sessions: Sessions
    checkpointer: WalCheckpointer | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def close(self) -> None:
        if self.checkpointer is not None:
            await self.checkpointer.stop()
        await self.engine.dispose()


async def open_database(url: str | URL, *, run_migrations: bool = True, **kwargs: Any) -> Database:
    """Create the engine, bring the schema to head (under a lock), return the `Database`.

    A file-backed SQLite database gets its WAL checkpoints from a background task.
    """
    path = sqlite_file(make_url(url))
    engine = create_engine(url, background_checkpoints=path is not None, **kwargs)
    try:
        if run_migrations:
            await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    checkpointer = WalCheckpointer(path) if path is not None else None
    if checkpointer is not None:
        checkpointer.start()
    return Database(engine=engine, sessions=create_sessions(engine), checkpointer=checkpointer)


def sqlite_file(url: URL) -> str | None:
    """The path of a plain file-backed SQLite database, else None."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:") or url.query:
        return None
    return str(Path(database).expanduser())


def _ensure_sqlite_directory(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_hooks(engine: AsyncEngine, *, background_checkpoints: bool) -> None:
    sync_engine = engine.sync_engine
    locked_error: type[Exception] = engine.dialect.loaded_dbapi.OperationalError

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Hand transaction control to the "begin" hook below instead of the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # Lock waits are retried without blocking the event loop (bot.db.inline_sqlite).
            cursor.execute("PRAGMA busy_timeout=0")
            cursor.execute("PRAGMA foreign_keys=ON")
            _use_wal(cursor, locked_error)
            cursor.execute("PRAGMA synchronous=NORMAL")
            if background_checkpoints:
                cursor.execute("PRAGMA wal_autocheckpoint=0")
        finally:
            cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        deferred = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if deferred else "BEGIN IMMEDIATE")


def _use_wal(cursor: Any, locked_error: type[Exception]) -> None:
    """Switch the file to WAL (it stays WAL), retrying while another process races us.

    Switching needs an exclusive lock, and SQLite answers "database is locked" at
    once instead of calling the busy handler when two new connections try it
    together (two processes starting on a fresh file). Once the file is in WAL
    this is one cheap query per connection.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        cursor.execute("PRAGMA journal_mode")
        if str(cursor.fetchone()[0]).lower() in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.fetchall()
            return
        except locked_error:
            if time.monotonic() > deadline:
                raise
            # Only ever at first start-up on a new file; a short blocking wait is fine.
            time.sleep(0.02)
