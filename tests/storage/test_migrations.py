"""Migrations: empty to head matches the models; concurrent start-ups migrate once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from bot.db import create_engine, migrate
from bot.db.migrate import POSTGRES_LOCK_KEY, alembic_config, current_heads
from bot.db.models import Base

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "alembic_version",
    "attempts",
    "member_topics",
    "members",
    "quiz_participants",
    "quiz_sessions",
    "reviews",
    "question_reports",  # 0002
    "command_syncs",  # 0002
    "daily_schedules",  # 0003
    "daily_posts",  # 0003
}
HEAD = "0003"


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_empty_to_head_then_autogenerate_finds_nothing(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await current_heads(engine) == ()
        report = await migrate(engine)
        assert report.before == () and report.changed
        assert report.after == (HEAD,)
        async with engine.connect() as conn:
            tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
            diff = await conn.run_sync(_diff)
        assert tables >= TABLES
        assert tables == set(Base.metadata.tables) | {"alembic_version"}
        assert diff == []
        again = await migrate(engine)
        assert not again.changed
    finally:
        await engine.dispose()


async def test_downgrade_to_base_and_back(database_url: str) -> None:
    from alembic import command

    engine = create_engine(database_url)
    try:
        await migrate(engine)
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "base"))
        async with engine.connect() as conn:
            tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        assert tables == {"alembic_version"}
        assert (await migrate(engine)).after == (HEAD,)
    finally:
        await engine.dispose()


async def test_a_migrator_waits_for_the_lock(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as holder:  # SQLite: BEGIN IMMEDIATE holds the write lock
            if holder.dialect.name == "postgresql":
                await holder.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": POSTGRES_LOCK_KEY}
                )
            other = create_engine(database_url)
            task = asyncio.create_task(migrate(other))
            await asyncio.sleep(0.5)
            assert not task.done()
        report = await asyncio.wait_for(task, 10)
        await other.dispose()
        assert report.changed and report.after == (HEAD,)
    finally:
        await engine.dispose()


MIGRATE_ONCE = """
import asyncio, pathlib, sys, time
from bot.db import create_engine, migrate

async def main(url, ready, go):
    engine = create_engine(url)
    pathlib.Path(ready).touch()
    while not pathlib.Path(go).exists():  # start together
        time.sleep(0.002)
    report = await migrate(engine)
    await engine.dispose()
    print("migrated" if report.changed else "up-to-date", ",".join(report.after))

asyncio.run(main(*sys.argv[1:]))
"""


async def test_two_processes_starting_at_once_migrate_once(
    database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(2)]
    procs = [
        subprocess.Popen(  # noqa: ASYNC220 - started together on purpose, waited on in threads
            [sys.executable, "-c", MIGRATE_ONCE, database_url, str(flag), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for flag in ready
    ]
    deadline = time.monotonic() + 60
    while not all(flag.exists() for flag in ready) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    go.touch()
    outputs = [await asyncio.to_thread(p.communicate, timeout=60) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    lines = sorted(out.strip() for out, _ in outputs)
    assert lines == [f"migrated {HEAD}", f"up-to-date {HEAD}"]
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
        assert [tuple(v) for v in versions] == [(HEAD,)]
    finally:
        await engine.dispose()


def test_migrations_ship_inside_the_package() -> None:
    location = Path(alembic_config().get_main_option("script_location") or "")
    assert location == ROOT / "bot" / "db" / "migrations"
    assert (location / "env.py").is_file()
    assert list((location / "versions").glob("0001_*.py"))
    assert list((location / "versions").glob("0002_*.py"))
