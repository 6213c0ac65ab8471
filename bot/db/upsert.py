"""INSERT ... ON CONFLICT for the two backends we run on, and bind-parameter helpers.

The statements on the answer path are built once per backend with named bind
parameters (`functools.cache` on a builder taking the dialect name): building
and cache-keying a statement costs more than running it on SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BindParameter, ColumnElement, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

Insert = postgresql.Insert | sqlite.Insert


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def dialect_insert(dialect: str, entity: Any) -> Insert:
    """An INSERT that supports `on_conflict_do_nothing/do_update` on this backend."""
    if dialect == "postgresql":
        return postgresql.insert(entity)
    if dialect == "sqlite":
        return sqlite.insert(entity)
    raise NotImplementedError(f"unsupported database backend {dialect!r}")


def insert(session: AsyncSession, entity: Any) -> Insert:
    """`dialect_insert` for the session's backend."""
    return dialect_insert(dialect_name(session), entity)


def param(name: str, column: ColumnElement[Any]) -> BindParameter[Any]:
    """A named bind parameter typed like `column` (so aware times and JSON are processed)."""
    return bindparam(name, type_=column.type)
