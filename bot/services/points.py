"""Points: what an attempt earns (DESIGN.md, "Rules of the game")."""

from __future__ import annotations

from datetime import timedelta

from bot.bank.models import Difficulty
from bot.scoring.result import Verdict

BASE_POINTS = {Difficulty.EASY: 10, Difficulty.MEDIUM: 20, Difficulty.HARD: 30}
# Only a member's first scored attempt on a question in this window earns points.
POINTS_WINDOW = timedelta(days=30)


def base_points(difficulty: Difficulty | str) -> int:
    return BASE_POINTS[Difficulty(difficulty)]


def hint_cost(difficulty: Difficulty | str) -> int:
    """What each hint takes away: a quarter of the base points, rounded down (2, 5 or 7)."""
    return base_points(difficulty) // 4


def points_for(difficulty: Difficulty | str, verdict: Verdict | str, hints: int = 0) -> int:
    """Correct earns the base, partial half of it, incorrect nothing; less each hint, never < 0."""
    base = base_points(difficulty)
    earned = {Verdict.CORRECT: base, Verdict.PARTIAL: base // 2}.get(Verdict(verdict), 0)
    return max(0, earned - hints * hint_cost(difficulty))
