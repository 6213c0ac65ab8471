"""Per-question statistics for moderators: attempts, average score, most-missed concept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.bank.models import Bank
from bot.db.engine import Sessions, reading
from bot.db.repositories import QuestionStatsRepository


@dataclass(frozen=True, slots=True)
class QuestionStats:
    question_id: str
    # None when the question has left the bank.
    prompt: str | None
    attempts: int
    average_score: float
    most_missed: str | None
    # How many of the attempts missed that concept.
    most_missed_count: int
    open_reports: int


async def question_stats(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    question_id: str | None = None,
    limit: int = 10,
) -> list[QuestionStats]:
    """Scored attempts per question in the guild, lowest average first (or one question)."""
    async with reading(sessions) as session:
        repo = QuestionStatsRepository(session)
        totals = await repo.totals(guild_id, question_id, limit)
        missed = {t.question_id: await repo.missed(guild_id, t.question_id) for t in totals}
        reports = await repo.open_reports(guild_id, [t.question_id for t in totals])
    result = []
    for total in totals:
        counts = Counter(label for labels in missed[total.question_id] for label in labels)
        top = min(counts.items(), key=lambda item: (-item[1], item[0]), default=None)
        question = bank.get(total.question_id)
        result.append(
            QuestionStats(
                question_id=total.question_id,
                prompt=question.prompt if question is not None else None,
                attempts=total.attempts,
                average_score=round(total.score_sum / total.attempts, 1) if total.attempts else 0.0,
                most_missed=top[0] if top else None,
                most_missed_count=top[1] if top else 0,
                open_reports=reports.get(total.question_id, 0),
            )
        )
    return result
