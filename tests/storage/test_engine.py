"""Engine set-up: SQLite PRAGMAs and IMMEDIATE writes, aware UTC times on both engines."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.db import Sessions, create_engine, open_database, reading
from bot.db.engine import READ_ONLY
from bot.db.models import Member
from tests.dbfixtures import sqlite_url
from tests.storage.helpers import GUILD, at


async def test_sqlite_pragmas_on_every_connection(tmp_path: Path) -> None:
    database = await open_database(sqlite_url(tmp_path))
    # Read-only connections: three IMMEDIATE transactions at once would queue.
    connections = [
        await (await database.engine.connect()).execution_options(**{READ_ONLY: True})
        for _ in range(3)
    ]
    try:
        for conn in connections:
            values = [
                (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            ]
            # busy_timeout 0: lock waits are retried asynchronously (bot.db.inline_sqlite).
            assert values == ["wal", 1, 0, 1]
    finally:
        for conn in connections:
            await conn.close()
        await database.close()


async def test_sqlite_directory_is_created(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "coach.db"
    engine = create_engine(f"sqlite+aiosqlite:///{target}")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
    assert target.is_file()


async def test_read_then_write_units_never_hit_database_is_locked(sessions: Sessions) -> None:
    # Each unit reads, yields to the others, then writes. Deferred SQLite
    # transactions would fail here with "database is locked"; IMMEDIATE ones queue.
    async def unit(member_id: int) -> None:
        async with sessions.begin() as s:
            await s.scalar(select(Member).where(Member.guild_id == GUILD))
            await asyncio.sleep(0.01)
            s.add(Member(guild_id=GUILD, member_id=member_id, first_seen_at=at("2024-01-01")))

    await asyncio.gather(*(unit(i) for i in range(8)))
    async with sessions() as s:
        assert len((await s.scalars(select(Member))).all()) == 8


async def test_reads_do_not_wait_for_a_writer(sessions: Sessions) -> None:
    async with sessions.begin() as writer:
        writer.add(Member(guild_id=GUILD, member_id=1, first_seen_at=at("2024-01-01")))
        await writer.flush()

        async def read() -> int:
            async with reading(sessions) as s:
                return len((await s.scalars(select(Member))).all())

        # The uncommitted row is invisible, and the read does not queue behind the writer.
        assert await asyncio.wait_for(read(), timeout=2) == 0


async def test_times_come_back_aware_utc(sessions: Sessions) -> None:
    tokyo_time = datetime(2024, 3, 10, 23, 50, tzinfo=timezone(timedelta(hours=9)))
    async with sessions.begin() as s:
        s.add(Member(guild_id=GUILD, member_id=1, first_seen_at=tokyo_time))
    async with sessions() as s:
        stored = await s.scalar(select(Member.first_seen_at))
        found = await s.scalar(
            select(Member.member_id).where(Member.first_seen_at >= at("2024-03-10 14:50"))
        )
    assert stored == at("2024-03-10 14:50")
    assert stored is not None and stored.utcoffset() == timedelta(0)
    assert found == 1


async def test_naive_times_are_refused_by_the_database_layer(sessions: Sessions) -> None:
    with pytest.raises(Exception, match="naive"):
        async with sessions.begin() as s:
            s.add(Member(guild_id=GUILD, member_id=1, first_seen_at=datetime(2024, 1, 1)))


async def test_sqlite_runs_in_the_loop_and_waits_for_another_process_without_blocking(
    tmp_path: Path,
) -> None:
    import sqlite3
    import threading

    database = await open_database(sqlite_url(tmp_path))
    threads = threading.active_count()
    other = sqlite3.connect(tmp_path / "coach.db", isolation_level=None)
    try:
        async with database.engine.connect() as conn:
            assert (await conn.execute(text("SELECT 1"))).scalar() == 1
        assert threading.active_count() == threads  # no aiosqlite worker thread
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        writer = asyncio.create_task(_insert_member(database.sessions))
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.sleep(0.1)  # SQLite's own busy handler would hold the loop for 15 s
        assert loop.time() - started < 2
        assert not writer.done()
        other.execute("COMMIT")
        await asyncio.wait_for(writer, 5)
    finally:
        other.close()
        await database.close()


async def _insert_member(sessions: Sessions) -> None:
    async with sessions.begin() as s:
        s.add(Member(guild_id=GUILD, member_id=1, first_seen_at=at("2024-01-01")))
