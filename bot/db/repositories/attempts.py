"""Attempts: the history every total is derived from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Attempt, table
from bot.db.upsert import param


class AttemptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, **values: object) -> int:
        """Insert one attempt (every column but the id) and return its id."""
        result = await self.session.execute(_INSERT, values)
        return int(result.scalar_one())

    async def any_since(
        self, guild_id: int, member_id: int, question_id: str, since: datetime
    ) -> bool:
        """Whether the member has an attempt on the question at or after `since`."""
        found = await self.session.scalar(
            _ANY_SINCE,
            {
                "guild_id": guild_id,
                "member_id": member_id,
                "question_id": question_id,
                "since": since,
            },
        )
        return bool(found)

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


_A = table(Attempt).c
# Core, not ORM: the VALUES come from the parameters' keys.
_INSERT = insert(table(Attempt)).returning(_A.id)
_ANY_SINCE = select(
    exists().where(
        _A.guild_id == param("guild_id", _A.guild_id),
        _A.member_id == param("member_id", _A.member_id),
        _A.question_id == param("question_id", _A.question_id),
        _A.created_at >= param("since", _A.created_at),
    )
)
