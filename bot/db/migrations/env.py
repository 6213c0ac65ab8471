"""Alembic environment: run by `bot.db.migrate` with a live connection, or by the `alembic` CLI."""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.models import Base
from bot.db.types import UTCDateTime

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name)


def render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | bool:
    """Render our column types as plain SQLAlchemy ones so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_item=render_item,
        compare_type=True,
        **kwargs,
    )


def run_offline() -> None:
    configure(
        url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"}, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_with(connection: Connection) -> None:
    configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


async def run_async() -> None:
    engine = create_async_engine(_url())
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_with)
    finally:
        await engine.dispose()


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from bot.settings import Settings

    return os.environ.get("DATABASE_URL") or Settings().database_url


if context.is_offline_mode():
    run_offline()
elif (connection := config.attributes.get("connection")) is not None:
    run_with(connection)
else:
    asyncio.run(run_async())
