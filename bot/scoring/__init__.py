"""Pure, synchronous answer scoring: answer text + question -> Score."""

from bot.scoring.result import CORRECT_AT, PARTIAL_AT, PitfallHit, Score, Verdict
from bot.scoring.scorer import K, Scorer

__all__ = ["CORRECT_AT", "PARTIAL_AT", "K", "PitfallHit", "Score", "Scorer", "Verdict"]
