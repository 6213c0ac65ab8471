"""Per-question statistics over a guild's attempts, and the attempts of one mock interview."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Attempt, QuestionReport, Source

# Most-missed concepts are counted over at most this many latest attempts per question.
MISSED_SAMPLE = 500


@dataclass(frozen=True, slots=True)
class QuestionTotals:
    question_id: str
    attempts: int
    score_sum: int


class QuestionStatsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def totals(
        self, guild_id: int, question_id: str | None, limit: int
    ) -> list[QuestionTotals]:
        """Attempts and score sums per question, lowest average first (one question if given)."""
        average = func.sum(Attempt.score) * 1.0 / func.count()
        query = (
            select(Attempt.question_id, func.count(), func.sum(Attempt.score))
            .where(Attempt.guild_id == guild_id, Attempt.skipped.is_(False))
            .group_by(Attempt.question_id)
            .order_by(average, func.count().desc(), Attempt.question_id)
            .limit(limit)
        )
        if question_id is not None:
            query = query.where(Attempt.question_id == question_id)
        rows = await self.session.execute(query)
        return [QuestionTotals(q, int(n), int(s or 0)) for q, n, s in rows]

    async def missed(self, guild_id: int, question_id: str) -> list[list[str]]:
        """The missed concept lists of the question's latest attempts in the guild."""
        rows = await self.session.scalars(
            select(Attempt.missed)
            .where(
                Attempt.guild_id == guild_id,
                Attempt.question_id == question_id,
                Attempt.skipped.is_(False),
            )
            .order_by(Attempt.id.desc())
            .limit(MISSED_SAMPLE)
        )
        return [list(row or []) for row in rows]

    async def open_reports(self, guild_id: int, question_ids: list[str]) -> dict[str, int]:
        if not question_ids:
            return {}
        rows = await self.session.execute(
            select(QuestionReport.question_id, func.count())
            .where(
                QuestionReport.guild_id == guild_id,
                QuestionReport.question_id.in_(question_ids),
                QuestionReport.resolved_at.is_(None),
            )
            .group_by(QuestionReport.question_id)
        )
        return {q: int(n) for q, n in rows}

    async def mock_attempts(
        self, guild_id: int, member_id: int, first_session_id: int, count: int
    ) -> list[Attempt]:
        """The member's mock-interview attempts from `first_session_id` on, in order."""
        rows = await self.session.scalars(
            select(Attempt)
            .where(
                Attempt.guild_id == guild_id,
                Attempt.member_id == member_id,
                Attempt.source == str(Source.MOCK),
                Attempt.session_id >= first_session_id,
            )
            .order_by(Attempt.session_id, Attempt.id)
            .limit(count)
        )
        return list(rows)
