"""Leaderboard and recording benchmark on SQLite and PostgreSQL.

Seeds ATTEMPTS attempts by MEMBERS members in GUILDS guilds (default 1,000,000 /
50,000 / 100, spread over the last 120 days, with the matching per-member and
per-topic totals) using bulk inserts, then prints p50/p99 of:

- a leaderboard page (10 rows) for the week, the month, all time, and a topic's week;
- a member's rank (week and all time);
- an answer being recorded (`bot.services.answer`: the whole transaction).

    python bench/bench_leaderboard.py                  # both engines, full size
    python bench/bench_leaderboard.py --small          # 50,000 attempts, for a quick look
    python bench/bench_leaderboard.py --engine sqlite --attempts 200000

PostgreSQL: a database is created on the server of --postgres-url (default
the local `test` database's server) and dropped afterwards. --database-url runs
against an existing empty database instead (the test suite does that).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import func, make_url, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bank.models import Bank, Difficulty, Question, Topic
from bot.db import Database, open_database
from bot.db.models import Attempt, Member
from bot.scoring.result import Score, Verdict
from bot.services import answer, leaderboard, member_rank, open_question
from bot.services.points import points_for

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
TOPICS = ("apis", "architecture", "caching", "databases", "devops", "dsa", "languages", "security")
QUESTIONS_PER_TOPIC = 60
DAYS = 120
MEMBER_BASE = 10**15  # snowflake-sized ids
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime on SQLite


@dataclass(frozen=True)
class Size:
    attempts: int
    members: int
    guilds: int


FULL = Size(1_000_000, 50_000, 100)
SMALL = Size(50_000, 2_500, 10)


@dataclass
class Row:
    engine: str
    operation: str
    p50_ms: float | None = None
    p99_ms: float | None = None
    note: str = ""
    samples: list[float] = field(default_factory=list, repr=False)


def make_bank() -> Bank:
    difficulties = list(Difficulty)
    topics = []
    for topic in TOPICS:
        questions = tuple(
            Question(
                id=f"{topic}.q{i:03}",
                topic=topic,
                difficulty=difficulties[i % 3],
                prompt=f"Question {i} about {topic}?",
                answer="A model answer.",
                hints=("A hint.",),
            )
            for i in range(QUESTIONS_PER_TOPIC)
        )
        topics.append(Topic(slug=topic, name=topic.title(), description="", questions=questions))
    return Bank(topics=tuple(topics))


class ConstantScorer:
    """Storage is what is measured here; the real scorer takes well under a millisecond."""

    def score(self, question: Question, answer: str) -> Score:
        return Score(70, Verdict.CORRECT, ("a",), ("b",), (), "ok")


VERDICTS = ((Verdict.CORRECT, 85), (Verdict.PARTIAL, 55), (Verdict.INCORRECT, 15))


def generate(size: Size, bank: Bank, now: datetime, seed: int = 1) -> Iterator[tuple]:  # type: ignore[type-arg]
    """Attempt tuples, oldest first: (guild, member, question, topic, difficulty, score,
    verdict, points, created_at)."""
    rng = random.Random(seed)
    questions = list(bank)
    start = now - timedelta(days=DAYS)
    span = (now - start).total_seconds() - 60
    offsets = sorted(rng.random() * span for _ in range(size.attempts))
    for offset in offsets:
        member = rng.randrange(size.members)
        question = rng.choice(questions)
        verdict, score = VERDICTS[rng.choices((0, 1, 2), weights=(4, 3, 3))[0]]
        yield (
            member % size.guilds + 1,
            MEMBER_BASE + member,
            question.id,
            question.topic,
            str(question.difficulty),
            score,
            str(verdict),
            points_for(question.difficulty, verdict),
            start + timedelta(seconds=offset),
        )


@dataclass
class Totals:
    points: int = 0
    attempts: int = 0
    correct: int = 0
    score_sum: int = 0
    reached: datetime | None = None
    first: datetime | None = None
    last: datetime | None = None

    def add(self, points: int, score: int, correct: bool, when: datetime) -> None:
        self.points += points
        self.attempts += 1
        self.correct += correct
        self.score_sum += score
        if points:
            self.reached = when
        self.first = self.first or when
        self.last = when


def aggregate(attempts: list[tuple]) -> tuple[dict, dict]:  # type: ignore[type-arg]
    members: dict[tuple[int, int], Totals] = {}
    topics: dict[tuple[int, int, str], Totals] = {}
    for guild, member, _q, topic, _d, score, verdict, points, when in attempts:
        correct = verdict == "correct"
        members.setdefault((guild, member), Totals()).add(points, score, correct, when)
        topics.setdefault((guild, member, topic), Totals()).add(points, score, correct, when)
    return members, topics


def _sqlite_time(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime(SQLITE_TIME) if moment else None


def seed_sqlite(path: str, attempts: list[tuple], members: dict, topics: dict) -> None:  # type: ignore[type-arg]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO members (guild_id, member_id, points, points_reached_at, attempts, correct,"
        " score_sum, current_streak, best_streak, first_seen_at, last_attempt_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
        (
            (
                g,
                m,
                t.points,
                _sqlite_time(t.reached),
                t.attempts,
                t.correct,
                t.score_sum,
                _sqlite_time(t.first),
                _sqlite_time(t.last),
            )
            for (g, m), t in members.items()
        ),
    )
    conn.executemany(
        "INSERT INTO member_topics (guild_id, member_id, topic, points, points_reached_at,"
        " attempts, correct, score_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (g, m, topic, t.points, _sqlite_time(t.reached), t.attempts, t.correct, t.score_sum)
            for (g, m, topic), t in topics.items()
        ),
    )
    conn.executemany(
        "INSERT INTO attempts (guild_id, member_id, question_id, topic, difficulty, source, score,"
        " verdict, points, hints, skipped, matched, missed, created_at)"
        " VALUES (?, ?, ?, ?, ?, 'quiz', ?, ?, ?, 0, 0, '[]', '[]', ?)",
        ((g, m, q, t, d, s, v, p, _sqlite_time(w)) for g, m, q, t, d, s, v, p, w in attempts),
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


async def seed_postgres(url: str, attempts: list[tuple], members: dict, topics: dict) -> None:  # type: ignore[type-arg]
    conn = await asyncpg.connect(_dsn(url))
    try:
        async with conn.transaction():
            await conn.copy_records_to_table(
                "members",
                columns=[
                    "guild_id",
                    "member_id",
                    "points",
                    "points_reached_at",
                    "attempts",
                    "correct",
                    "score_sum",
                    "current_streak",
                    "best_streak",
                    "first_seen_at",
                    "last_attempt_at",
                ],
                records=[
                    (
                        g,
                        m,
                        t.points,
                        t.reached,
                        t.attempts,
                        t.correct,
                        t.score_sum,
                        0,
                        0,
                        t.first,
                        t.last,
                    )
                    for (g, m), t in members.items()
                ],
            )
            await conn.copy_records_to_table(
                "member_topics",
                columns=[
                    "guild_id",
                    "member_id",
                    "topic",
                    "points",
                    "points_reached_at",
                    "attempts",
                    "correct",
                    "score_sum",
                ],
                records=[
                    (g, m, topic, t.points, t.reached, t.attempts, t.correct, t.score_sum)
                    for (g, m, topic), t in topics.items()
                ],
            )
            await conn.copy_records_to_table(
                "attempts",
                columns=[
                    "guild_id",
                    "member_id",
                    "question_id",
                    "topic",
                    "difficulty",
                    "source",
                    "score",
                    "verdict",
                    "points",
                    "hints",
                    "skipped",
                    "matched",
                    "missed",
                    "created_at",
                ],
                records=[
                    (g, m, q, t, d, "quiz", s, v, p, 0, False, "[]", "[]", w)
                    for g, m, q, t, d, s, v, p, w in attempts
                ],
            )
        # What autovacuum does soon after a bulk load (PostgreSQL 13+ vacuums after
        # inserts too): the visibility map lets leaderboards use index-only scans.
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def timed(
    engine: str, operation: str, samples: int, call: Callable[[int], Awaitable[object]]
) -> Row:
    for i in range(min(5, samples)):  # warm caches and the pool
        await call(-1 - i)
    times = []
    for i in range(samples):
        started = time.perf_counter()
        await call(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return Row(engine, operation, statistics.median(times), p99, samples=times)


async def run(url: str, size: Size, samples: int, seed: int = 1) -> list[Row]:
    """Seed an empty database at `url`, then time the operations. Returns the rows."""
    engine = make_url(url).get_backend_name()
    bank = make_bank()
    now = datetime.now(UTC).replace(microsecond=0)
    rows: list[Row] = []
    db: Database = await open_database(url)
    try:
        started = time.perf_counter()
        attempts = list(generate(size, bank, now, seed))
        members, topics = aggregate(attempts)
        if engine == "sqlite":
            path = make_url(url).database
            assert path
            await asyncio.to_thread(seed_sqlite, path, attempts, members, topics)
        else:
            await seed_postgres(url, attempts, members, topics)
        seeded = time.perf_counter() - started
        rows.append(
            Row(
                engine,
                "seed",
                note=f"{size.attempts:,} attempts, {len(members):,} "
                f"members, {size.guilds} guilds in {seeded:.1f} s",
            )
        )
        await _check(db, size)
        # The bot does not hold a million tuples: free them so GC pauses do not skew p99.
        del attempts, members, topics
        gc.collect()
        gc.freeze()  # as the bot does after start-up (bot.run): long-lived objects leave GC
        rows += await _measure(db, engine, size, bank, samples, now, seed)
    finally:
        await db.close()
    return rows


async def _check(db: Database, size: Size) -> None:
    """The seeded totals agree with the attempts (or the figures would mean nothing)."""
    async with db.sessions() as s:
        count, points = (await s.execute(select(func.count(), func.sum(Attempt.points)))).one()
        totals = await s.scalar(select(func.sum(Member.points)))
    assert count == size.attempts, (count, size.attempts)
    assert points == totals, (points, totals)


async def _measure(
    db: Database, engine: str, size: Size, bank: Bank, samples: int, now: datetime, seed: int
) -> list[Row]:
    rng = random.Random(seed + 1)
    sessions = db.sessions
    guilds = [rng.randrange(size.guilds) + 1 for _ in range(samples + 5)]
    members = [rng.randrange(size.members) for _ in range(samples + 5)]
    rows = []
    for period, topic in (("week", None), ("month", None), ("all", None), ("week", "databases")):
        label = f"leaderboard page ({period}{', topic' if topic else ''})"
        rows.append(
            await timed(
                engine,
                label,
                samples,
                lambda i, p=period, t=topic: leaderboard(
                    sessions, guild_id=guilds[i], period=p, topic=t, now=now
                ),
            )
        )
    for period in ("week", "all"):
        rows.append(
            await timed(
                engine,
                f"member rank ({period})",
                samples,
                lambda i, p=period: member_rank(
                    sessions,
                    guild_id=members[i] % size.guilds + 1,
                    member_id=MEMBER_BASE + members[i],
                    period=p,
                    now=now,
                ),
            )
        )
    questions = list(bank)
    opened = [
        await open_question(
            sessions,
            rng.choice(questions),
            guild_id=members[i] % size.guilds + 1,
            member_id=MEMBER_BASE + members[i],
            now=now,
        )
        for i in range(-5, samples)
    ]
    scorer = ConstantScorer()
    rows.append(
        await timed(
            engine,
            "record an answer",
            samples,
            lambda i: answer(
                sessions,
                bank,
                scorer,
                session_id=opened[i + 5].session_id,
                member_id=opened[i + 5].owner_id or 0,
                text="answer",
                zone=UTC,
                now=now + timedelta(seconds=1),
            ),
        )
    )
    async with sessions() as s:
        recorded = await s.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.created_at > now)
        )
    assert recorded == samples + min(5, samples), recorded
    if engine == "sqlite":
        async with db.engine.connect() as conn:
            pages = (await conn.execute(text("PRAGMA page_count"))).scalar() or 0
            page_size = (await conn.execute(text("PRAGMA page_size"))).scalar() or 0
        rows.append(Row(engine, "database size", note=f"{pages * page_size / 2**20:.0f} MiB"))
    else:
        async with db.engine.connect() as conn:
            size_bytes = (
                await conn.execute(text("SELECT pg_database_size(current_database())"))
            ).scalar() or 0
        rows.append(Row(engine, "database size", note=f"{size_bytes / 2**20:.0f} MiB"))
    return rows


def render(rows: list[Row]) -> str:
    lines = [f"{'engine':<11} {'operation':<34} {'p50 ms':>8} {'p99 ms':>8}  note"]
    for row in rows:
        p50 = f"{row.p50_ms:8.2f}" if row.p50_ms is not None else " " * 8
        p99 = f"{row.p99_ms:8.2f}" if row.p99_ms is not None else " " * 8
        lines.append(f"{row.engine:<11} {row.operation:<34} {p50} {p99}  {row.note}".rstrip())
    return "\n".join(lines)


async def run_engine(engine: str, args: argparse.Namespace, size: Size) -> list[Row]:
    if args.database_url:
        return await run(args.database_url, size, args.samples, args.seed)
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
            return await run(f"sqlite+aiosqlite:///{tmp}/bench.db", size, args.samples, args.seed)
    name = f"coach_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_dsn(args.postgres_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        url = make_url(args.postgres_url).set(database=name).render_as_string(hide_password=False)
        return await run(url, size, args.samples, args.seed)
    finally:
        admin = await asyncpg.connect(_dsn(args.postgres_url))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def parse(argv: list[str] | None) -> tuple[argparse.Namespace, Size]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--small", action="store_true", help="50,000 attempts in 10 guilds")
    parser.add_argument("--attempts", type=int)
    parser.add_argument("--members", type=int)
    parser.add_argument("--guilds", type=int)
    parser.add_argument("--samples", type=int, default=300, help="timed calls per operation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-url", default=POSTGRES_URL, help="server to create the benchmark database on"
    )
    parser.add_argument("--database-url", help="use this empty database instead")
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = parser.parse_args(argv)
    base = SMALL if args.small else FULL
    size = Size(
        args.attempts or base.attempts, args.members or base.members, args.guilds or base.guilds
    )
    if args.database_url:
        args.engine = make_url(args.database_url).get_backend_name()
    return args, size


async def main_async(argv: list[str] | None = None) -> list[Row]:
    args, size = parse(argv)
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    rows: list[Row] = []
    for engine in engines:
        rows += await run_engine(engine, args, size)
    if args.json:
        print(json.dumps([{k: v for k, v in vars(r).items() if k != "samples"} for r in rows]))
    else:
        print(render(rows))
    return rows


def main(argv: list[str] | None = None) -> int:
    asyncio.run(main_async(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
