"""The leaderboard benchmark runs end to end at a tiny size, so it cannot rot."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_leaderboard.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_leaderboard", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


async def test_bench_runs_at_a_tiny_size(
    database_url: str, engine_kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = load_bench()
    rows = await bench.main_async(
        [
            "--database-url",
            database_url,
            "--attempts",
            "3000",
            "--members",
            "120",
            "--guilds",
            "3",
            "--samples",
            "5",
        ]
    )
    operations = [row.operation for row in rows]
    assert operations == [
        "seed",
        "leaderboard page (week)",
        "leaderboard page (month)",
        "leaderboard page (all)",
        "leaderboard page (week, topic)",
        "member rank (week)",
        "member rank (all)",
        "record an answer",
        "database size",
    ]
    assert all(row.engine == engine_kind for row in rows)
    timed = [row for row in rows if row.p50_ms is not None]
    assert len(timed) == 7
    assert all(0 < row.p50_ms <= row.p99_ms for row in timed)
    out = capsys.readouterr().out
    assert "record an answer" in out and "3,000 attempts" in out


def test_sizes() -> None:
    bench = load_bench()
    _, full = bench.parse([])
    _, small = bench.parse(["--small", "--guilds", "4"])
    assert (full.attempts, full.members, full.guilds) == (1_000_000, 50_000, 100)
    assert (small.attempts, small.guilds) == (50_000, 4)
