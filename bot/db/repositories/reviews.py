"""Spaced-repetition state: the Leitner box of each question for a member, and when it is due."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Review


class ReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_for_update(
        self, guild_id: int, member_id: int, question_id: str
    ) -> Review | None:
        """The review row, locked until the transaction ends (a no-op lock on SQLite)."""
        return await self.session.scalar(
            select(Review)
            .where(
                Review.guild_id == guild_id,
                Review.member_id == member_id,
                Review.question_id == question_id,
            )
            .with_for_update()
        )

    async def add(self, review: Review) -> None:
        self.session.add(review)
        await self.session.flush()

    async def due(
        self, guild_id: int, member_id: int, now: datetime, limit: int | None = None
    ) -> list[Review]:
        """Reviews due at `now`, most overdue first."""
        result = await self.session.scalars(
            select(Review)
            .where(Review.guild_id == guild_id, Review.member_id == member_id, Review.due_at <= now)
            .order_by(Review.due_at, Review.question_id)
            .limit(limit)
        )
        return list(result)

    async def next_due(self, guild_id: int, member_id: int, after: datetime) -> datetime | None:
        """When the next review after `after` falls due, if any."""
        return await self.session.scalar(
            select(func.min(Review.due_at)).where(
                Review.guild_id == guild_id, Review.member_id == member_id, Review.due_at > after
            )
        )

    async def delete_member(self, guild_id: int, member_id: int) -> int:
        result = await self.session.execute(
            delete(Review)
            .where(Review.guild_id == guild_id, Review.member_id == member_id)
            .returning(Review.question_id)
        )
        return len(result.all())
