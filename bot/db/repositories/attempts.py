"""Attempts: the history every total is derived from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Attempt


class AttemptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, attempt: Attempt) -> Attempt:
        """Insert the attempt and return it with its id."""
        self.session.add(attempt)
        await self.session.flush()
        return attempt

    async def any_since(
        self, guild_id: int, member_id: int, question_id: str, since: datetime
    ) -> bool:
        """Whether the member has an attempt on the question at or after `since`."""
        return bool(
            await self.session.scalar(
                select(
                    exists().where(
                        Attempt.guild_id == guild_id,
                        Attempt.member_id == member_id,
                        Attempt.question_id == question_id,
                        Attempt.created_at >= since,
                    )
                )
            )
        )

    async def recent(self, guild_id: int, member_id: int, limit: int) -> list[Attempt]:
        """The member's latest attempts in the guild, newest first."""
        result = await self.session.scalars(
            select(Attempt)
            .where(Attempt.guild_id == guild_id, Attempt.member_id == member_id)
            .order_by(Attempt.created_at.desc(), Attempt.id.desc())
            .limit(limit)
        )
        return list(result)

    async def delete_member(self, guild_id: int, member_id: int) -> int:
        result = await self.session.execute(
            delete(Attempt)
            .where(Attempt.guild_id == guild_id, Attempt.member_id == member_id)
            .returning(Attempt.id)
        )
        return len(result.all())
