"""What the scorer returns: the contract shared by the bot, the CLI and `coach score`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CORRECT_AT = 70
PARTIAL_AT = 40


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"

    @classmethod
    def for_score(cls, score: int) -> Verdict:
        if score >= CORRECT_AT:
            return cls.CORRECT
        if score >= PARTIAL_AT:
            return cls.PARTIAL
        return cls.INCORRECT


@dataclass(frozen=True, slots=True)
class PitfallHit:
    label: str
    feedback: str


@dataclass(frozen=True, slots=True)
class Score:
    """A graded answer. `matched`/`missed` are concept labels in bank order."""

    score: int
    verdict: Verdict
    matched: tuple[str, ...]
    missed: tuple[str, ...]
    pitfalls: tuple[str, ...]
    feedback: str
    pitfall_hits: tuple[PitfallHit, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `coach score` (without the id)."""
        return {
            "score": self.score,
            "verdict": self.verdict.value,
            "matched": list(self.matched),
            "missed": list(self.missed),
            "pitfalls": list(self.pitfalls),
        }
