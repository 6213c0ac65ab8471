"""Answer latency through the emulator: modal submit -> feedback received (attempt committed).

The real bot (built by `bot.run.build_bot` and started by `bot.run.serve_bot`,
as `coach run` does) runs on SQLite in a child process, against
`tests/fake_discord` running in this one: Discord is not in the bot's process
either, so the emulator's work is not charged to the bot's CPU (`--in-process`
runs both in one event loop, as before). N members each get questions ready
(slash command, Answer, modal shown); then their answers are submitted at a
fixed offered rate, and finally all at once (saturation).

    python bench/bench_interactions.py --members 100 --rate 100 --seconds 5

Prints p50/p99 latency and the sustained rate for both phases, and the fixed
load's p99 on a line of its own as `p99: N ms`. `--profile FILE` writes a
cProfile of the bot process.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import math
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
import yarl  # noqa: E402
from discord.gateway import DiscordWebSocket  # noqa: E402

from bot.app import CoachBot  # noqa: E402
from bot.bank import default_bank_path  # noqa: E402
from bot.run import build_bot, serve_bot  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fake_discord import (  # noqa: E402
    FakeDiscord,
    InjectionError,
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


def bot_settings(token: str, directory: Path, bank: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        discord_token=token,
        database_url=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
        questions_dir=bank,
    )


def tune_for_bench(bot: CoachBot) -> None:
    """What a bench needs and members do not: questions opened faster than the cooldown."""
    bot.start_cooldowns.rate = 10**9

    async def identify_now(shard_id: int | None, *, initial: bool = False) -> None:
        """The emulator has no identify rate limit: skip discord.py's 5 s wait."""

    bot.before_identify_hook = identify_now  # type: ignore[method-assign]


async def serve_child(api: str, gateway: str, token: str, directory: Path, bank: Path) -> None:
    """The bot process: point discord.py at the emulator, then start as `coach run` does."""
    discord.http.Route.BASE = api
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    bot = build_bot(bot_settings(token, directory, bank), guild_ready_timeout=0.05)
    tune_for_bench(bot)
    closing: list[asyncio.Task[None]] = []
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, lambda: closing.append(loop.create_task(bot.close())))
    await serve_bot(bot, token)
    await asyncio.gather(*closing)


async def start_child(
    emu: FakeDiscord, directory: Path, bank: Path, profile: Path | None
) -> asyncio.subprocess.Process:
    """Start the bot in a child process and wait until it answers a command."""
    args = [sys.executable]
    if profile is not None:
        args += ["-m", "cProfile", "-o", str(profile)]
    args += [__file__, "--serve-bot", emu.api_base, emu.gateway_url, emu.token, str(directory)]
    args += ["--bank", str(bank)]
    child = await asyncio.create_subprocess_exec(*args)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while not emu.gateway.live_sessions():
        if child.returncode is not None or loop.time() > deadline:
            raise RuntimeError("the bot process did not connect")
        await asyncio.sleep(0.02)
    # Ready once it answers: GUILD_CREATE handled, commands synced.
    while True:
        try:
            await (await emu.slash("quiz topics")).response(timeout=10)
            return child
        except InjectionError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.05)


async def stop_child(child: asyncio.subprocess.Process) -> None:
    if child.returncode is None:
        child.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(child.wait(), 30)
        except TimeoutError:
            child.kill()
            await child.wait()


async def bench(
    members: int,
    rate: float,
    seconds: float,
    directory: Path,
    bank: Path,
    *,
    in_process: bool,
    profile: Path | None,
) -> int:
    count = max(1, round(rate * seconds))
    per_member = -(-2 * count // members)  # both phases
    emu = FakeDiscord()
    emu.seed_default()
    async with emu:
        people = [emu.member] + [emu.add_member(emu.guild, f"member{i}") for i in range(1, members)]
        if in_process:
            with patch_discord(emu):
                bot = build_bot(bot_settings(emu.token, directory, bank), guild_ready_timeout=0.05)
                tune_for_bench(bot)
                await emu.start_bot(bot)
                try:
                    steady, steady_time, saturated, burst_time = await measure(
                        emu, people, per_member, count, rate
                    )
                finally:
                    # Before discord.py is pointed back at the real Discord.
                    await emu.stop_bot(bot)
        else:
            child = await start_child(emu, directory, bank, profile)
            try:
                steady, steady_time, saturated, burst_time = await measure(
                    emu, people, per_member, count, rate
                )
            finally:
                await stop_child(child)
    where = "one process" if in_process else "bot and emulator in separate processes"
    print(f"members {members}, SQLite, {where}, bank {bank}")
    own = resource.getrusage(resource.RUSAGE_SELF)
    bot_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"CPU: emulator process {own.ru_utime + own.ru_stime:.1f} s"
        + ("" if in_process else f", bot process {bot_cpu.ru_utime + bot_cpu.ru_stime:.1f} s")
    )
    print(summary(f"offered {rate:.0f}/s", steady, steady_time))
    print(summary("saturation (all at once)", saturated, burst_time))
    print(f"p99: {percentile(steady, 0.99):.0f} ms")
    return 0


async def measure(
    emu: FakeDiscord, people: list[Any], per_member: int, count: int, rate: float
) -> tuple[list[float], float, list[float], float]:
    clicks = await prepare(emu, people, per_member)
    # The emulator's world (every request and frame recorded) is garbage-free and
    # large: keep its collector's full passes out of the measured latencies.
    gc.collect()
    gc.freeze()
    fixed, burst = clicks[:count], clicks[count : 2 * count]
    began = time.perf_counter()
    steady = await offered(emu, fixed, rate)
    steady_time = time.perf_counter() - began
    began = time.perf_counter()
    saturated = list(await asyncio.gather(*(submit(emu, c) for c in burst)))
    burst_time = time.perf_counter() - began
    return steady, steady_time, saturated, burst_time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--rate", type=float, default=100.0, help="offered answers per second")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the fixed load")
    parser.add_argument("--bank", type=Path, default=None, help="question bank (default: bundled)")
    parser.add_argument(
        "--in-process", action="store_true", help="run the bot in the emulator's event loop"
    )
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the bot process")
    parser.add_argument("--serve-bot", nargs=4, metavar=("API", "GATEWAY", "TOKEN", "DIR"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    bank = args.bank or default_bank_path()
    if args.serve_bot:
        api, gateway, token, directory = args.serve_bot
        asyncio.run(serve_child(api, gateway, token, Path(directory), bank))
        return 0
    with tempfile.TemporaryDirectory() as directory:
        return asyncio.run(
            bench(
                args.members,
                args.rate,
                args.seconds,
                Path(directory),
                bank,
                in_process=args.in_process,
                profile=args.profile,
            )
        )


if __name__ == "__main__":
    sys.exit(main())
