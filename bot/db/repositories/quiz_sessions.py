"""Quiz sessions and their participants: who was given what, hints, and who has answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Participant, QuizSession, table
from bot.db.upsert import insert, param


class QuizSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, quiz: QuizSession) -> QuizSession:
        """Insert a quiz session and return it with its id."""
        self.session.add(quiz)
        await self.session.flush()
        return quiz

    async def get(self, session_id: int) -> QuizSession | None:
        return await self.session.scalar(_GET, {"id": session_id})

    async def join(self, quiz: QuizSession, member_id: int, now: datetime) -> None:
        """Record that the member was given this session's question (once)."""
        await self.session.execute(
            insert(self.session, Participant)
            .values(
                session_id=quiz.id,
                member_id=member_id,
                guild_id=quiz.guild_id,
                question_id=quiz.question_id,
                given_at=now,
            )
            .on_conflict_do_nothing(index_elements=["session_id", "member_id"])
        )

    async def participant(self, session_id: int, member_id: int) -> Participant | None:
        return await self.session.get(Participant, (session_id, member_id))

    async def take_hint(self, session_id: int, member_id: int, available: int) -> int | None:
        """Count one more hint for an unanswered participant; the new count, or None."""
        result = await self.session.execute(
            update(Participant)
            .where(
                Participant.session_id == session_id,
                Participant.member_id == member_id,
                Participant.answered_at.is_(None),
                Participant.hints < available,
            )
            .values(hints=Participant.hints + 1)
            .returning(Participant.hints)
            .execution_options(synchronize_session=False)
        )
        return result.scalar_one_or_none()

    async def claim(
        self, session_id: int, member_id: int, outcome: str, now: datetime
    ) -> int | None:
        """Mark the participant answered or skipped, once: their hint count, or None if already."""
        result = await self.session.execute(
            _CLAIM,
            {"p_session": session_id, "p_member": member_id, "p_now": now, "p_outcome": outcome},
        )
        hints: int | None = result.scalar_one_or_none()
        return hints

    async def last_given(self, guild_id: int, member_id: int) -> dict[str, datetime]:
        """When each question was last given to the member (for the least-recent fallback)."""
        result = await self.session.execute(
            select(Participant.question_id, func.max(Participant.given_at))
            .where(Participant.guild_id == guild_id, Participant.member_id == member_id)
            .group_by(Participant.question_id)
        )
        return {row[0]: row[1] for row in result}

    async def delete_member(self, guild_id: int, member_id: int) -> int:
        """Forget the member's participation and the private sessions they owned."""
        await self.session.execute(
            delete(Participant).where(
                Participant.guild_id == guild_id, Participant.member_id == member_id
            )
        )
        result = await self.session.execute(
            delete(QuizSession)
            .where(QuizSession.guild_id == guild_id, QuizSession.owner_id == member_id)
            .returning(QuizSession.id)
        )
        return len(result.all())


_P = table(Participant).c
_GET = select(QuizSession).where(QuizSession.id == bindparam("id"))
_CLAIM = (
    update(table(Participant))
    .where(
        _P.session_id == param("p_session", _P.session_id),
        _P.member_id == param("p_member", _P.member_id),
        _P.answered_at.is_(None),
    )
    .values(answered_at=param("p_now", _P.answered_at), outcome=param("p_outcome", _P.outcome))
    .returning(_P.hints)
)
