"""Answer latency through the emulator: modal submit -> feedback received (attempt committed).

The real bot (built by `bot.run.build_bot`, as `coach run` builds it) runs on
SQLite against `tests/fake_discord`, in the same process and event loop as the
emulator, so the figures include the emulator's own work. N members each get
questions ready (slash command, Answer, modal shown); then their answers are
submitted at a fixed offered rate, and finally all at once (saturation).

    python bench/bench_interactions.py --members 100 --rate 100 --seconds 5

Prints p50/p99 latency and the sustained rate for both phases, and the fixed
load's p99 on a line of its own as `p99: N ms`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.bank import default_bank_path  # noqa: E402
from bot.run import BotSettings, build_bot  # noqa: E402
from tests.fake_discord import (  # noqa: E402
    FakeDiscord,
    InteractionHandle,
    InteractionRejectedError,
    patch_discord,
)

ANSWER = (
    "Atomicity means all or nothing, consistency keeps constraints, isolation hides concurrent "
    "transactions, durability means committed data survives a crash; an index keeps keys "
    "sorted so lookups avoid a full table scan."
)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


async def prepare(emu: FakeDiscord, members: list[Any], per_member: int) -> list[InteractionHandle]:
    """Open `per_member` questions for each member and show each one's answer modal."""

    # Opening is not what is measured: a few at a time keeps SQLite's writers apart.
    gate = asyncio.Semaphore(2)

    async def one(member: Any) -> list[InteractionHandle]:
        ready = []
        for _ in range(per_member):
            async with gate:
                ready.append(await open_one(member))
        return ready

    async def open_one(member: Any) -> InteractionHandle:
        question = await emu.slash("quiz start", member=member)
        reply = await question.response()
        answer_id = next(
            c["custom_id"]
            for row in reply.components
            for c in row["components"]
            if c["custom_id"].startswith("ic:answer:")
        )
        click = await question.click(answer_id, member=member)
        await click.response()
        return click

    batches = await asyncio.gather(*(one(m) for m in members))
    return [click for batch in batches for click in batch]


async def submit(emu: FakeDiscord, click: InteractionHandle) -> float:
    """Milliseconds from modal submit to the feedback; inf when Discord's 3 s ran out."""
    started = time.perf_counter()
    handle = await emu.submit_modal(click, {"answer": ANSWER})
    try:
        reply = await handle.response(timeout=30)
    except InteractionRejectedError:
        return math.inf
    elapsed = time.perf_counter() - started
    assert reply.embeds and "/100" in reply.embeds[0]["description"], reply.data
    return elapsed * 1000


async def offered(emu: FakeDiscord, clicks: list[InteractionHandle], rate: float) -> list[float]:
    """Submit one answer every 1/rate seconds, each measured on its own."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = []
    for i, click in enumerate(clicks):
        delay = start + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(submit(emu, click)))
    return list(await asyncio.gather(*tasks))


def summary(label: str, latencies: list[float], seconds: float) -> str:
    answered = [ms for ms in latencies if math.isfinite(ms)]
    expired = len(latencies) - len(answered)
    return (
        f"{label}: {len(answered)} answers in {seconds:.2f} s = "
        f"{len(answered) / seconds:.0f}/s; p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {percentile(latencies, 0.99):.1f} ms, max {max(latencies):.1f} ms"
        + (f"; {expired} past Discord's 3 s" if expired else "")
    )


async def bench(members: int, rate: float, seconds: float, directory: Path, bank: Path) -> int:
    count = max(1, round(rate * seconds))
    per_member = -(-2 * count // members)  # both phases
    emu = FakeDiscord()
    emu.seed_default()
    async with emu:
        with patch_discord(emu):
            settings = BotSettings(
                _env_file=None,  # type: ignore[call-arg]
                discord_token=emu.token,
                database_url=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
                questions_dir=bank,
            )
            bot = build_bot(settings, guild_ready_timeout=0.05)
            bot.start_cooldowns.rate = 10**9  # the bench opens questions faster than members do
            await emu.start_bot(bot)
            try:
                people = [emu.member] + [
                    emu.add_member(emu.guild, f"member{i}") for i in range(1, members)
                ]
                clicks = await prepare(emu, people, per_member)
                fixed, burst = clicks[:count], clicks[count : 2 * count]
                began = time.perf_counter()
                steady = await offered(emu, fixed, rate)
                steady_time = time.perf_counter() - began
                began = time.perf_counter()
                saturated = list(await asyncio.gather(*(submit(emu, c) for c in burst)))
                burst_time = time.perf_counter() - began
            finally:
                # Before discord.py is pointed back at the real Discord.
                await emu.stop_bot(bot)
    print(f"members {members}, SQLite, bank {bank}")
    print(summary(f"offered {rate:.0f}/s", steady, steady_time))
    print(summary("saturation (all at once)", saturated, burst_time))
    print(f"p99: {percentile(steady, 0.99):.0f} ms")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--rate", type=float, default=100.0, help="offered answers per second")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the fixed load")
    parser.add_argument("--bank", type=Path, default=None, help="question bank (default: bundled)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as directory:
        return asyncio.run(
            bench(
                args.members,
                args.rate,
                args.seconds,
                Path(directory),
                args.bank or default_bank_path(),
            )
        )


if __name__ == "__main__":
    sys.exit(main())
