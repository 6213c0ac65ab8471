"""The scoring benchmark runs at a tiny size so it cannot rot (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_scoring_prints_its_figures() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_scoring.py"), "--rounds", "5"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "4000 chars" in out.stdout and "difflib baseline" in out.stdout
    assert "p99 ms" in out.stdout
