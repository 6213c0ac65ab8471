"""Ctrl-C in the middle of `coach practice` ends cleanly with the summary."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ctrl_c_prints_the_summary_and_exits_cleanly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "QUESTIONS_DIR"}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/coach.db"
    env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "practice", "--count", "2"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    seen = ""
    deadline = time.monotonic() + 60
    while "Question 1/2" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    assert "Question 1/2" in seen
    time.sleep(0.3)  # let it block on reading the answer
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "No questions answered" in out or "Summary:" in out
    assert "Traceback" not in err
