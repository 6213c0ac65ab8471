"""Question choice: no repeats until exhausted, difficulty mix, topics."""

from __future__ import annotations

import random
from collections import Counter

from bot.bank.models import Difficulty
from bot.services.daily.choice import DifficultyMix, choose, pool
from tests.storage.helpers import default_bank


def test_no_repeat_until_the_pool_is_exhausted() -> None:
    bank = default_bank()
    candidates = pool(bank, ["db"], DifficultyMix.ANY)
    assert candidates and all(q.topic == "db" for q in candidates)
    rng = random.Random(1)
    posted: list[str] = []
    for number in range(1, 2 * len(candidates) + 1):
        choice = choose(candidates, posted, mix=DifficultyMix.ANY, number=number, rng=rng)
        posted.append(choice.question.id)
    first = posted[: len(candidates)]
    assert len(set(first)) == len(candidates)
    assert Counter(posted) == Counter({q.id: 2 for q in candidates})


def test_remaining_counts_down_and_a_new_round_starts() -> None:
    bank = default_bank()
    candidates = pool(bank, [], DifficultyMix.ANY)[:5]
    posted: list[str] = []
    seen = []
    for number in range(1, 7):
        choice = choose(
            candidates, posted, mix=DifficultyMix.ANY, number=number, rng=random.Random(number)
        )
        posted.append(choice.question.id)
        seen.append((choice.remaining, choice.round))
    assert seen == [(4, 0), (3, 0), (2, 0), (1, 0), (0, 0), (4, 1)]


def test_mix_rotates_easy_medium_hard() -> None:
    bank = default_bank()
    candidates = pool(bank, [], DifficultyMix.MIX)
    posted: list[str] = []
    got = []
    for number in range(1, 7):
        q = choose(
            candidates, posted, mix=DifficultyMix.MIX, number=number, rng=random.Random(0)
        ).question
        posted.append(q.id)
        got.append(q.difficulty)
    assert got == [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD] * 2


def test_single_difficulty_pool() -> None:
    bank = default_bank()
    assert all(q.difficulty == Difficulty.HARD for q in pool(bank, [], DifficultyMix.HARD))
