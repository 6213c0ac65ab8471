"""WAL checkpoints run in the background, never inside a commit (SQLite only)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from bot.db import open_database


async def test_commits_leave_checkpoints_to_the_background_task(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    db = await open_database(f"sqlite+aiosqlite:///{path}")
    try:
        assert db.checkpointer is not None
        async with db.engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA wal_autocheckpoint"))).scalar() == 0
        async with db.sessions.begin() as session:
            await session.execute(text("CREATE TABLE filler (x BLOB)"))
            for _ in range(50):
                await session.execute(text("INSERT INTO filler VALUES (randomblob(8000))"))
        busy, frames, done = await asyncio.to_thread(db.checkpointer.checkpoint)
        assert busy == 0 and frames > 0 and done == frames
    finally:
        await db.close()
    assert db.checkpointer._task is None  # stopped with the database


async def test_in_memory_databases_have_no_checkpointer() -> None:
    db = await open_database("sqlite+aiosqlite:///:memory:", run_migrations=False)
    try:
        assert db.checkpointer is None
    finally:
        await db.close()
