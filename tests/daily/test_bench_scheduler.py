"""bench/bench_scheduler.py runs end to end at a tiny size, so it cannot rot."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_scheduler.py"


async def test_bench_scheduler_runs_tiny(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_scheduler", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    results = await module.main_async(["--servers", "300", "--due", "12", "--samples", "20"])
    assert results["tick"]["median_ms"] > 0
    assert results["post"]["seconds"] > 0
    out = capsys.readouterr().out
    assert "target < 5 ms" in out and "posts/s" in out
