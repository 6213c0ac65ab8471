"""How well each exponent k of rule 1 grades the bank's examples and labelled answers.

For k in 0.5..1.0 prints the share of good examples graded correct, of bad
examples graded incorrect (or caught by a pitfall), of model answers graded
correct, and the verdict agreement with `bench/data/graded_answers.jsonl`:
answers written the way candidates type them and labelled correct / partial /
incorrect by reviewers acting as interviewers, before they were scored (the
bank's keywords were then improved on the disagreements, so it is a training
set, not a held-out one). Run: python bench/calibrate_k.py [BANK]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.bank import load_bank
from bot.scoring import Scorer
from bot.scoring import scorer as scorer_module

ROOT = Path(__file__).resolve().parents[1]
GRADED = ROOT / "bench" / "data" / "graded_answers.jsonl"


def graded_answers() -> list[dict[str, str]]:
    """The labelled answers: {"id", "label", "answer"} per line."""
    with GRADED.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> None:
    bank = load_bank(sys.argv[1] if len(sys.argv) > 1 else ROOT / "questions")
    scorer = Scorer(bank)
    original = scorer_module.K
    print(f"{len(bank)} questions; current K = {original}")
    labelled = [row for row in graded_answers() if row["id"] in bank]
    print(
        f"{'k':>5} {'good->correct':>14} {'bad->incorrect/pitfall':>23} {'model->correct':>15}"
        f" {'labelled agree':>15}"
    )
    try:
        for step in range(11):
            k = 0.5 + step / 20
            scorer_module.K = k
            good = [
                scorer.score(q, a).verdict.value == "correct" for q in bank for a in q.examples.good
            ]
            bad = [
                (r.verdict.value == "incorrect" or bool(r.pitfalls))
                for q in bank
                for r in (scorer.score(q, a) for a in q.examples.bad)
            ]
            model = [scorer.score(q, q.answer).verdict.value == "correct" for q in bank]
            agree = [
                scorer.score(row["id"], row["answer"]).verdict.value == row["label"]
                for row in labelled
            ]
            print(
                f"{k:5.2f} {sum(good) / max(1, len(good)):14.1%} "
                f"{sum(bad) / max(1, len(bad)):23.1%} {sum(model) / max(1, len(model)):15.1%}"
                f" {sum(agree) / max(1, len(agree)):15.1%}"
            )
    finally:
        scorer_module.K = original


if __name__ == "__main__":
    main()
