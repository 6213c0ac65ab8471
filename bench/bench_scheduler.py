"""Daily scheduler figures: tick cost with many schedules and nothing due; posting to many due.

1. `tick`: N configured servers (default 10,000) whose next posts are spread
   over the coming day; the cost of one scheduler tick when nothing is due (one
   indexed range query on daily_schedules.next_due_utc). Target: under 5 ms.
2. `post`: M servers (default 1,000) due at the same minute, posted through
   the real bot (discord.py) to the local Discord emulator; wall time until
   every post is sent and recorded.

    .venv/bin/python bench/bench_scheduler.py [--servers 10000] [--due 1000]
        [--database-url URL-of-an-empty-scratch-database]

Figures are printed, never asserted (tests/daily/test_bench_scheduler.py runs it tiny).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from bot.bank import default_bank_path, load_bank
from bot.db import Database, open_database
from bot.db.models import DailySchedule
from bot.services.daily.posting import DailyScheduler, OutgoingPost, RevealPost, Sent

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


class NullPoster:
    async def send(self, post: OutgoingPost) -> Sent:
        raise AssertionError("nothing should be due")

    async def find_sent(self, channel_id: int, session_id: int) -> Sent | None:
        return None

    async def reveal(self, reveal: RevealPost) -> int:
        raise AssertionError("nothing should be due")

    async def find_reveal(self, channel_id: int, message_id: int) -> int | None:
        return None

    async def notify(self, guild_id: int, moderator_id: int, text: str) -> None:
        return None


def schedule_rows(
    guilds: list[int], channels: list[int], due: list[datetime]
) -> list[dict[str, Any]]:
    return [
        {
            "guild_id": guild,
            "channel_id": channel,
            "post_time": "09:00",
            "timezone": "UTC",
            "role_id": None,
            "topics": [],
            "difficulty": "mix",
            "reveal_after_hours": None,
            "open_thread": False,
            "pin": False,
            "paused": False,
            "configured_by": 1,
            "first_day": date(2025, 3, 1),
            "next_post_day": moment.date(),
            "next_post_utc": moment,
            "next_due_utc": moment,
            "updated_at": NOW,
        }
        for guild, channel, moment in zip(guilds, channels, due, strict=True)
    ]


async def bench_tick(database: Database, servers: int, samples: int) -> dict[str, float]:
    """Median and p95 of a tick with `servers` schedules, none due."""
    guilds = [(i + 1) << 22 for i in range(servers)]
    due = [NOW + timedelta(seconds=60 + (i * 86_400) // max(servers, 1)) for i in range(servers)]
    async with database.sessions.begin() as session:
        rows = schedule_rows(guilds, guilds, due)
        for start in range(0, len(rows), 2000):
            await session.execute(insert(DailySchedule), rows[start : start + 2000])
    async with database.engine.connect() as connection:
        if database.dialect == "sqlite":
            await connection.execute(text("ANALYZE"))
            plan = await connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT guild_id FROM daily_schedules "
                    "WHERE next_due_utc <= :now ORDER BY next_due_utc LIMIT 200"
                ),
                {"now": NOW.replace(tzinfo=None).isoformat(sep=" ")},
            )
            print("  plan:", " | ".join(str(row[-1]) for row in plan))
    bank = load_bank(default_bank_path())
    scheduler = DailyScheduler(database.sessions, bank, NullPoster(), lambda: NOW)
    for _ in range(5):  # warm the pool and statement caches
        await scheduler.tick()
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        report = await scheduler.tick()
        timings.append((time.perf_counter() - started) * 1000)
        assert report.due == 0
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1] if len(timings) >= 20 else timings[-1],
    }


async def bench_post(database_url: str, servers: int) -> dict[str, float]:
    """Seconds to post to `servers` guilds due at the same minute, through the emulator."""
    from bot.run import build_bot
    from bot.settings import Settings
    from tests.fake_discord import FakeDiscord, patch_discord

    emu = FakeDiscord()
    guilds = [emu.add_guild(f"g{i}") for i in range(servers)]
    channels = [emu.add_text_channel(g, "daily") for g in guilds]
    async with emu:
        with patch_discord(emu):
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None,
                discord_token=emu.token,
                database_url=database_url,
            )
            clock_now = [NOW]
            bot = build_bot(settings, guild_ready_timeout=0.05, clock=lambda: clock_now[0])
            await emu.start_bot(bot)
            cog: Any = bot.get_cog("Daily")
            cog.loop.cancel()
            async with bot.database.sessions.begin() as session:
                await session.execute(
                    insert(DailySchedule),
                    schedule_rows(
                        [g.id for g in guilds], [c.id for c in channels], [NOW] * servers
                    ),
                )
            started = time.perf_counter()
            posted = 0
            while True:
                report = await cog.scheduler.tick()
                posted += report.posted
                if report.due == 0:
                    break
            elapsed = time.perf_counter() - started
            await emu.stop_bot(bot)
    assert posted == servers, f"posted {posted} of {servers}"
    return {"seconds": elapsed, "posts_per_s": servers / elapsed if elapsed else 0.0}


async def main_async(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'tick.db'}"
        database = await open_database(url)
        try:
            print(f"tick with {args.servers} servers, nothing due ({database.dialect}):")
            results["tick"] = await bench_tick(database, args.servers, args.samples)
        finally:
            await database.close()
        print(
            f"  median {results['tick']['median_ms']:.2f} ms, "
            f"p95 {results['tick']['p95_ms']:.2f} ms (target < 5 ms)"
        )
        post_url = f"sqlite+aiosqlite:///{Path(tmp) / 'post.db'}"
        print(f"post to {args.due} servers due at the same minute (emulator, SQLite):")
        results["post"] = await bench_post(post_url, args.due)
        print(f"  {results['post']['seconds']:.2f} s, {results['post']['posts_per_s']:.0f} posts/s")
    return results


if __name__ == "__main__":
    asyncio.run(main_async())
