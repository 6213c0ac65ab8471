"""Pure, synchronous answer scoring: answer text + question -> Score."""

from bot.scoring.result import CORRECT_AT, PARTIAL_AT, PitfallHit, Score, Verdict
from bot.scoring.scorer import K, Scorer

__all__ = ["CORRECT_AT", "K", "PARTIAL_AT", "PitfallHit", "Score", "Scorer", "Verdict"]
