"""The interaction benchmark runs at a tiny size so it cannot rot (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_interactions_prints_its_figures() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_interactions.py"),
            *("--members", "3", "--rate", "20", "--seconds", "0.3"),
            *("--bank", str(ROOT / "tests" / "bot" / "questions")),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "offered 20/s" in out.stdout and "saturation" in out.stdout
    assert re.search(r"^p99: \d+ ms$", out.stdout, re.MULTILINE), out.stdout
