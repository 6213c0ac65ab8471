"""INSERT ... ON CONFLICT for the two backends we run on (same API on both)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

Insert = postgresql.Insert | sqlite.Insert


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def insert(session: AsyncSession, entity: Any) -> Insert:
    """An INSERT that supports `on_conflict_do_nothing/do_update` on the session's backend."""
    name = dialect_name(session)
    if name == "postgresql":
        return postgresql.insert(entity)
    if name == "sqlite":
        return sqlite.insert(entity)
    raise NotImplementedError(f"unsupported database backend {name!r}")
