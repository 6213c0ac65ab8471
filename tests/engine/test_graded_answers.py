"""Regression guard: the scorer keeps agreeing with interviewers' verdicts.

`bench/data/graded_answers.jsonl` holds 912 answers written the way
candidates type them and labelled before they were scored. The bank's
keywords were improved on the disagreements, so this is a training set: the
test stops a scorer or bank change from quietly undoing that work, and
`bench/calibrate_k.py` shows the same figure for every k.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bot.bank import Bank
from bot.scoring import Scorer

ROOT = Path(__file__).resolve().parents[2]
ORDER = ["incorrect", "partial", "correct"]


def test_verdicts_agree_with_interviewers(bank: Bank, scorer: Scorer) -> None:
    rows = [
        json.loads(line)
        for line in (ROOT / "bench" / "data" / "graded_answers.jsonl").read_text().splitlines()
        if line.strip()
    ]
    assert len(rows) >= 912 and all(row["id"] in bank for row in rows)
    outcome: Counter[str] = Counter()
    for row in rows:
        got = ORDER.index(scorer.score(row["id"], row["answer"]).verdict.value)
        want = ORDER.index(row["label"])
        outcome["agree" if got == want else "harsh" if got < want else "generous"] += 1
        # Never two steps off: a wrong answer graded correct, or a right one incorrect.
        assert abs(got - want) <= 1, row
    assert outcome["agree"] >= 0.9 * len(rows), outcome
