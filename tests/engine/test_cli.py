"""Every `coach` command through its console entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COACH = [sys.executable, "-m", "bot.cli"]

NO_KEYWORDS = """\
topic: mini
name: Mini
questions:
  - id: mini.heap
    difficulty: easy
    prompt: What is a binary heap used for?
    answer: |
      A complete tree kept in an array where each parent is smaller than its children,
      so the minimum sits at the root; it backs priority queues and heapsort.
"""


def _scratch_db() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="coach-cli-")) / "coach.db"


def coach(*args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path = ROOT):
    full_env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "QUESTIONS_DIR"}}
    # Practice keeps history: never in the developer's own data/coach.db.
    full_env["DATABASE_URL"] = f"sqlite+aiosqlite:///{_scratch_db()}"
    full_env.update(env or {})
    return subprocess.run(
        [*COACH, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=60,
        check=False,
    )


def test_console_script_is_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'coach = "bot.cli:main"' in text


def test_validate_shipped_bank_is_clean() -> None:
    out = coach("validate")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("OK: ")
    assert "databases" in out.stdout


def test_validate_reports_calibration_failures(tmp_path: Path) -> None:
    text = (ROOT / "questions" / "databases.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        '"atomic, consistent, isolated, durable transactions"', '"atomic transactions only"'
    )
    (tmp_path / "databases.yaml").write_text(broken, encoding="utf-8")
    out = coach("validate", str(tmp_path))
    assert out.returncode == 1
    assert "[databases.acid]" in out.stdout
    assert "good example 1 'atomic transactions only' scores" in out.stdout


def test_validate_flags_near_duplicate_prompts(tmp_path: Path) -> None:
    text = NO_KEYWORDS + NO_KEYWORDS.split("questions:\n", 1)[1].replace(
        "mini.heap", "mini.heap2"
    ).replace("What is a binary heap used for?", "Explain what a binary heap is used for.")
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    out = coach("validate", str(tmp_path))
    assert out.returncode == 1
    assert "near-duplicate" in out.stdout and "mini.heap2" in out.stdout


def test_validate_broken_yaml_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text("topic: mini\nquestions: [\n", encoding="utf-8")
    out = coach("validate", str(tmp_path))
    assert out.returncode == 1
    assert "mini.yaml:" in out.stdout and "Traceback" not in out.stderr


def test_score_json_lines_follow_the_contract() -> None:
    lines = "\n".join(
        [
            json.dumps(
                {"id": "databases.acid", "answer": "atomic consistent isolated durable", "x": 1}
            ),
            json.dumps({"id": "nope.nope", "answer": "x"}),
            "{not json",
            json.dumps({"id": "apis.put-vs-patch", "answer": "PUT is not idempotent"}),
        ]
    )
    out = coach("score", "questions", "--answers", "-", stdin=lines)
    assert out.returncode == 1
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 4
    assert list(rows[0]) == ["id", "score", "verdict", "matched", "missed", "pitfalls"]
    assert rows[0]["score"] == 100 and rows[0]["verdict"] == "correct"
    assert rows[1] == {"id": "nope.nope", "error": "unknown question id"}
    assert rows[2]["id"] is None and "error" in rows[2]
    assert rows[3]["pitfalls"] == ["PUT is not idempotent"]


def test_score_file_all_good_exits_zero(tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"id": "databases.acid", "answer": ""}) + "\n", encoding="utf-8")
    out = coach("score", "questions", "--answers", str(answers))
    assert out.returncode == 0
    assert json.loads(out.stdout)["score"] == 0


def test_score_bank_without_keywords(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(NO_KEYWORDS, encoding="utf-8")
    line = json.dumps(
        {"id": "mini.heap", "answer": "priority queues, heapsort, minimum at the root"}
    )
    out = coach("score", str(tmp_path / "mini.yaml"), "--answers", "-", stdin=line)
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)
    assert row["verdict"] in {"correct", "partial"} and row["matched"]


def test_score_one_answer_human_readable() -> None:
    out = coach(
        "score", "questions", "--id", "databases.acid", "Consistency means eventual consistency"
    )
    assert out.returncode == 0
    assert "INCORRECT" in out.stdout or "PARTIAL" in out.stdout
    assert "Pitfall (eventual consistency): ACID's consistency" in out.stdout


def test_score_unknown_id_and_missing_bank() -> None:
    assert coach("score", "questions", "--id", "no.such", "x").returncode == 1
    missing = coach("score", "no-such-dir", "--answers", "-")
    assert missing.returncode == 1 and "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_practice_played_through_with_piped_answers() -> None:
    answers = ":hint\n" + "atomic consistent isolated durable\n\n" * 3
    out = coach("practice", "--topic", "databases", "--count", "3", stdin=answers)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("Question ") == 3
    assert "Model answer:" in out.stdout
    assert "Summary: 3 answered, 0 skipped" in out.stdout


def test_practice_skip_quit_and_eof_end_with_summary() -> None:
    out = coach("practice", "--count", "3", stdin=":skip\n:quit\n")
    assert out.returncode == 0
    assert "Summary: 0 answered, 1 skipped" in out.stdout
    eof = coach("practice", "--count", "2", stdin="")
    assert eof.returncode == 0 and "No questions answered" in eof.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--topic", "cooking"], "unknown topic 'cooking'"),
        (["--count", "0"], "positive whole number"),
        (["--difficulty", "extreme"], "invalid choice"),
    ],
)
def test_practice_bad_options_are_explained(args: list[str], message: str) -> None:
    out = coach("practice", *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_run_without_token_says_what_to_set(tmp_path: Path) -> None:
    out = coach("run", cwd=tmp_path)
    assert out.returncode != 0
    assert "DISCORD_TOKEN" in out.stderr
    assert "discord.com/developers/applications" in out.stderr
    assert "Traceback" not in out.stderr


def test_run_reads_dotenv_and_explains_a_malformed_token(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=not a token\n")
    out = coach("run", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "does not look like a bot token" in out.stderr


def test_run_explains_an_invalid_setting(tmp_path: Path) -> None:
    out = coach("run", env={"DISCORD_TOKEN": "aaaa.bbbb.cccc", "SHARD_IDS": "0,1"}, cwd=tmp_path)
    assert out.returncode == 2
    assert "SHARD_IDS needs SHARD_COUNT" in out.stderr and "Traceback" not in out.stderr
