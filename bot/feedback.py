"""Plain-text rendering of a graded answer, shared by the terminal commands."""

from __future__ import annotations

from bot.bank import Question
from bot.scoring import Score

BAR_WIDTH = 20


def score_bar(score: int, width: int = BAR_WIDTH) -> str:
    """A fixed-width bar such as ██████████░░░░░░░░░░ for a 0-100 score."""
    filled = round(max(0, min(100, score)) * width / 100)
    return "█" * filled + "░" * (width - filled)


def render_score(score: Score) -> list[str]:
    """Score, verdict, concepts covered and missed, pitfall corrections."""
    lines = [f"{score_bar(score.score)} {score.score}/100  {score.verdict.value.upper()}"]
    lines.append(score.feedback)
    if score.matched:
        lines.append("Covered: " + ", ".join(score.matched))
    if score.missed:
        lines.append("Missed:  " + ", ".join(score.missed))
    for hit in score.pitfall_hits:
        lines.append(f"Pitfall ({hit.label}): {hit.feedback}")
    return lines


def render_feedback(question: Question, score: Score, *, show_answer: bool = True) -> str:
    """Everything a member sees after answering, as terminal text."""
    lines = render_score(score)
    if show_answer:
        lines += ["", "Model answer:", *_indent(question.answer)]
        if question.explanation:
            lines += ["", "Why it matters:", *_indent(question.explanation)]
    return "\n".join(lines)


def _indent(text: str) -> list[str]:
    return ["  " + line for line in text.strip().splitlines()]
