"""`coach practice`, `stats` and `review` keep their history in DATABASE_URL (guild 0)."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bank import load_bank
from bot.cli import main
from bot.db import open_database
from bot.scoring import Scorer
from bot.services import open_question
from bot.services.clock import local_zone
from bot.services.quiz import answer as answer_service

ROOT = Path(__file__).resolve().parents[2]
COACH = [sys.executable, "-m", "bot.cli"]
ANSWER = "priority queues and heapsort; lifo for the call stack"
MINI = """\
topic: mini
name: Mini
description: Two questions for history tests.
questions:
  - id: mini.heap
    difficulty: easy
    prompt: What is a binary heap used for?
    answer: >-
      A complete binary tree where each parent is smaller than its children;
      it backs priority queues and heapsort.
    keywords:
      - [priority queue, priority queues]
      - [heapsort, heap sort]
    hints: ["Think of scheduling by urgency."]
  - id: mini.stack
    difficulty: medium
    prompt: What is a stack and where do programs use one?
    answer: >-
      A last-in first-out collection; programs use a call stack for function
      calls and undo histories.
    keywords:
      - [last in first out, lifo]
      - [call stack, function calls]
"""


@pytest.fixture
def mini_bank(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def coach(*args: str, url: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"QUESTIONS_DIR", "DATABASE_URL"}}
    env.update({"DATABASE_URL": url, "PYTHONPATH": str(ROOT), "TZ": "Europe/Berlin"})
    return subprocess.run(
        [*COACH, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


async def test_practice_then_stats_through_the_entry_point(
    database_url: str, mini_bank: Path, tmp_path: Path
) -> None:
    def run(*args: str, stdin: str = "") -> str:
        out = coach(*args, url=database_url, stdin=stdin, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr
        return out.stdout

    before = await asyncio.to_thread(run, "stats")
    assert "No practice recorded yet" in before

    first = await asyncio.to_thread(
        run,
        "practice",
        "--bank",
        str(mini_bank),
        "--difficulty",
        "easy",
        "--count",
        "1",
        stdin=f":hint\n{ANSWER}\n\n",
    )
    assert "Hint 1: Think of scheduling by urgency." in first
    assert "+8 points · total 8 · streak 1 day" in first
    assert "Points: +8 this run, 8 total · streak 1 day (best 1 day)" in first
    stats = await asyncio.to_thread(run, "stats")
    assert "Attempts: 1 · correct: 1 · average score: 100/100" in stats
    assert "Points: 8 total" in stats

    # The fresh question first; then the pool is exhausted and the heap comes back,
    # answered within 30 days: feedback but no points.
    second = await asyncio.to_thread(
        run, "practice", "--bank", str(mini_bank), "--count", "2", stdin=f"{ANSWER}\n\n" * 2
    )
    assert second.index("mini · medium") < second.index("mini · easy")
    assert "+20 points · total 28" in second
    assert "No points: you answered this question in the last 30 days · total 28" in second
    assert "Summary: 2 answered, 0 skipped" in second
    stats = await asyncio.to_thread(run, "stats")
    assert "Attempts: 3 · correct: 3" in stats
    assert "Points: 28 total · streak 1 day" in stats
    assert "  mini    3 attempts  average 100  points 28" in stats

    review = await asyncio.to_thread(run, "review", "--bank", str(mini_bank))
    assert "Nothing is due for review; the next one falls due on" in review


async def test_review_practises_what_is_due(
    database_url: str,
    mini_bank: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bank = load_bank(mini_bank)
    db = await open_database(database_url)
    try:
        # Three days ago: the stack answered wrongly (due after a day), the heap
        # correctly (box 2: due after three days, so due too, but less overdue).
        then = datetime.now(UTC) - timedelta(days=3, hours=1)
        for qid, text in (("mini.heap", ANSWER), ("mini.stack", "no idea")):
            question = bank.get(qid)
            assert question is not None
            opened = await open_question(db.sessions, question, guild_id=0, member_id=0, now=then)
            await answer_service(
                db.sessions,
                bank,
                Scorer(bank),
                session_id=opened.session_id,
                member_id=0,
                text=text,
                zone=UTC,
                now=then,
            )
    finally:
        await db.close()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ANSWER}\n\n:skip\n"))
    status = await asyncio.to_thread(main, ["review", "--bank", str(mini_bank)])
    out = capsys.readouterr().out
    assert status == 0
    assert "2 questions to review." in out
    assert out.index("Question 1/2 · mini · medium") < out.index("Question 2/2 · mini · easy")
    # Answered within 30 days of the last attempt: no points, but the box moves up.
    assert "No points: you answered this question in the last 30 days" in out
    assert "(box 2 of 5)" in out
    assert "Summary: 1 answered, 1 skipped" in out

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status = await asyncio.to_thread(main, ["review", "--bank", str(mini_bank)])
    out = capsys.readouterr().out
    # The skipped heap is still due; the stack is not.
    assert "1 question to review." in out and "mini · easy" in out


async def test_hint_then_skip_in_practice_is_recorded(
    database_url: str,
    mini_bank: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(":hint\n:hint\n:skip\n"))
    args = ["practice", "--bank", str(mini_bank), "--difficulty", "easy", "--count", "1"]
    assert await asyncio.to_thread(main, args) == 0
    out = capsys.readouterr().out
    assert "No more hints for this question." in out
    assert "Counted as a miss after a hint" in out
    assert await asyncio.to_thread(main, ["stats"]) == 0
    stats = capsys.readouterr().out
    assert "Attempts: 1 · correct: 0" in stats and "streak 0 days" in stats


def test_unreachable_database(
    mini_bank: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://coach:secret@127.0.0.1:1/none")
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert "cannot open the database" in err and "secret" not in err
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ANSWER}\n\n"))
    assert main(["practice", "--bank", str(mini_bank), "--count", "1"]) == 0
    captured = capsys.readouterr()
    assert "this run is not saved" in captured.err
    assert "Summary: 1 answered, 0 skipped" in captured.out


def test_bad_database_url_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "data/coach.db")
    assert main(["stats"]) == 2
    assert "invalid setting DATABASE_URL" in capsys.readouterr().err


def test_no_history_practice_touches_no_database(
    mini_bank: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "never" / "coach.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{target}")
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ANSWER}\n\n"))
    assert main(["practice", "--no-history", "--bank", str(mini_bank), "--count", "1"]) == 0
    assert "Summary: 1 answered" in capsys.readouterr().out
    assert not target.exists()


def test_local_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert str(local_zone()) == "America/New_York"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_zone().utcoffset(datetime.now()) is not None
