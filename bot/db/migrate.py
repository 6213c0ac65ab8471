"""Run the packaged Alembic migrations from inside the running loop, one migrator at a time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# pg_advisory_xact_lock key: any constant shared by every process of this app.
POSTGRES_LOCK_KEY = 0x1C0AC4_0001


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """Heads before and after a `migrate()` call; `changed` when this process migrated."""

    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the migrations shipped in this package (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, revision: str = "head") -> MigrationReport:
    """Upgrade the schema to `revision` while holding the migration lock.

    The lock is the transaction itself: on SQLite it begins IMMEDIATE (the
    engine's begin hook), so a second process waits on the write lock; on
    PostgreSQL a transaction-scoped advisory lock. Either way the second
    migrator reads the version only after the first committed, and finds
    nothing to do.
    """
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_LOCK_KEY}
            )
        report = await connection.run_sync(_upgrade, revision)
    if report.changed:
        log.info("database migrated from %s to %s", report.before or "empty", report.after)
    return report


async def current_heads(engine: AsyncEngine) -> tuple[str, ...]:
    """The revisions the database is at (empty before the first migration)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_heads)


def _heads(connection: Connection) -> tuple[str, ...]:
    return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))


def _upgrade(connection: Connection, revision: str) -> MigrationReport:
    before = _heads(connection)
    command.upgrade(alembic_config(connection), revision)
    return MigrationReport(before=before, after=_heads(connection))
