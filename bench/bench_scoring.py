"""Scoring speed: p50/p99 per call and answers per second, beside a difflib baseline.

Run: python bench/bench_scoring.py [--rounds N]
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bot.bank import Question, load_bank
from bot.scoring import Scorer

ROOT = Path(__file__).resolve().parents[1]

SHORT = "atomic, consistent, isolated, durable"
TYPICAL = (
    "A transaction is atomic: it either fully commits or rolls back. It keeps the database "
    "consistent because constraints are checked, concurrent transactions are isolated from "
    "each other's uncommitted changes depending on the isolation level, and once committed the "
    "data is durable because it was written to the write-ahead log and flushed to disk."
)
LONG_FILLER = (
    "In my last job we ran a busy PostgreSQL cluster behind a connection pool, and we learned "
    "that most incidents came from long transactions holding locks while the application "
    "waited on slow network calls. "
)


def long_answer(chars: int = 4000) -> str:
    text = (LONG_FILLER * (chars // len(LONG_FILLER) + 1))[: chars - 60]
    return text + " In short: atomic, consistent, isolated and durable."


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def measure(fn: Callable[[], object], rounds: int) -> list[float]:
    for _ in range(min(20, rounds)):
        fn()  # warm caches, as a long-running bot would be
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def eight_concept_question(scorer: Scorer) -> Question:
    """The bank question with the most concepts (the bench wants about 8)."""
    return max(scorer.bank, key=lambda q: len(scorer.concepts(q)))


def run(rounds: int) -> dict[str, dict[str, float]]:
    bank = load_bank(ROOT / "questions")
    started = time.perf_counter()
    scorer = Scorer(bank)
    build_ms = (time.perf_counter() - started) * 1000
    question = bank.get("databases.acid")
    assert question is not None
    wide = eight_concept_question(scorer)
    answers = {"short": SHORT, "typical": TYPICAL, "4000 chars": long_answer()}
    print(f"bank: {len(bank)} questions; scorer built in {build_ms:.0f} ms")
    print(f"{'answer':<12} {'method':<22} {'p50 ms':>8} {'p99 ms':>8} {'answers/s':>10}")
    results: dict[str, dict[str, float]] = {}
    for name, answer in answers.items():
        for method, fn in (
            ("scorer (acid, 4 c.)", lambda a=answer: scorer.score(question, a)),
            (
                f"scorer ({len(scorer.concepts(wide))} concepts)",
                lambda a=answer: scorer.score(wide, a),
            ),
            (
                "difflib baseline",
                lambda a=answer: difflib.SequenceMatcher(
                    None, a.lower(), question.answer.lower()
                ).ratio(),
            ),
        ):
            samples = measure(fn, rounds)
            p50, p99 = percentile(samples, 50) * 1000, percentile(samples, 99) * 1000
            rate = 1 / statistics.fmean(samples)
            results[f"{name}/{method}"] = {"p50_ms": p50, "p99_ms": p99, "per_s": rate}
            print(f"{name:<12} {method:<22} {p50:8.3f} {p99:8.3f} {rate:10.0f}")
    batch = [(q, TYPICAL) for q in list(bank)[:50]] * 40
    start = time.perf_counter()
    for q, a in batch:
        scorer.score(q, a)
    elapsed = time.perf_counter() - start
    print(
        f"{len(batch)} typical answers across {min(50, len(bank))} questions: "
        f"{elapsed * 1000:.0f} ms"
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    run(parser.parse_args().rounds)


if __name__ == "__main__":
    main()
