"""Pure question choice for daily posts: no repeats until the pool is exhausted; difficulty mix."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.bank.models import Bank, Difficulty, Question
from bot.services.errors import NoQuestionsError

# Warn the moderators when this many unposted questions are left (a week of posts).
WARN_REMAINING = 7


class DifficultyMix(StrEnum):
    """Which difficulties a schedule posts: one of them, any, or easy/medium/hard in turn."""

    ANY = "any"
    MIX = "mix"
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


ROTATION = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)


def pool(bank: Bank, topics: Sequence[str], mix: DifficultyMix) -> list[Question]:
    """The active questions a schedule draws from (all topics when none are configured)."""
    wanted = None if mix in (DifficultyMix.ANY, DifficultyMix.MIX) else Difficulty(mix.value)
    if not topics:
        return list(bank.active(difficulty=wanted))
    found: list[Question] = []
    for topic in topics:
        found.extend(bank.active(topic=topic, difficulty=wanted))
    return found


@dataclass(frozen=True, slots=True)
class Choice:
    question: Question
    # Questions of the pool not yet posted in the current round, after this one.
    remaining: int
    # Rounds through the whole pool completed before this post (0 on the first).
    round: int


def choose(
    candidates: Sequence[Question],
    posted: Iterable[str],
    *,
    mix: DifficultyMix,
    number: int,
    rng: random.Random,
) -> Choice:
    """Pick the next question: one posted the fewest times, of the mix's difficulty for `number`.

    Within a server no question repeats until every question of the pool was
    posted; then a new round starts. With the `mix` setting day n asks easy,
    medium, hard in turn, falling back to any difficulty when that one is used up.
    """
    if not candidates:
        raise NoQuestionsError("No questions match this schedule's topics and difficulty.")
    counts = Counter(posted)
    fewest = min(counts[q.id] for q in candidates)
    fresh = [q for q in candidates if counts[q.id] == fewest]
    if mix is DifficultyMix.MIX:
        target = ROTATION[(number - 1) % len(ROTATION)]
        preferred = [q for q in fresh if q.difficulty == target]
        fresh_pick = preferred or fresh
    else:
        fresh_pick = fresh
    question = rng.choice(sorted(fresh_pick, key=lambda q: q.id))
    remaining = len(fresh) - 1
    return Choice(question=question, remaining=remaining, round=fewest)
