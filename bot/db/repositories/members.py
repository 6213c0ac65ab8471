"""Members of a guild and their running totals, overall and per topic, updated atomically."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import case, delete, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from bot.db.models import Member, MemberTopic, table
from bot.db.upsert import Insert, dialect_insert, dialect_name, param


@dataclass(frozen=True, slots=True)
class MemberTotals:
    """A member's totals right after an attempt was applied."""

    points: int
    attempts: int
    current_streak: int
    best_streak: int


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, guild_id: int, member_id: int) -> None:
        """Serialise every write about this member in this guild until the transaction ends.

        The 30-day rule, the streak and the review state are read and then
        written; two answers by one member must not interleave. PostgreSQL
        takes a transaction-scoped advisory lock on (guild, member), which
        needs no row to exist yet; SQLite needs nothing, its write
        transactions begin IMMEDIATE and so run one at a time.
        """
        if dialect_name(self.session) == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(guild_id, member_id)}
            )

    async def get(self, guild_id: int, member_id: int) -> Member | None:
        return await self.session.get(Member, (guild_id, member_id))

    async def apply_attempt(
        self,
        guild_id: int,
        member_id: int,
        *,
        points: int,
        score: int,
        correct: bool,
        streak_day: date | None,
        now: datetime,
    ) -> MemberTotals:
        """Add one attempt to the member's totals in one atomic upsert (`x = x + :d`).

        `streak_day` is the attempt's local day when it counts for the streak
        (None for a skip after a hint): the same day keeps the streak, the next
        day extends it, a gap restarts it at 1.
        """
        result = await self.session.execute(
            _apply_attempt(dialect_name(self.session)),
            {
                "guild_id": guild_id,
                "member_id": member_id,
                "points": points,
                "reached": now if points > 0 else None,
                "correct": int(correct),
                "score": score,
                "day": streak_day,
                "previous_day": streak_day - timedelta(days=1) if streak_day else None,
                "first_streak": 1 if streak_day is not None else 0,
                "now": now,
            },
        )
        row = result.one()
        return MemberTotals(
            points=row.points,
            attempts=row.attempts,
            current_streak=row.current_streak,
            best_streak=row.best_streak,
        )

    async def apply_topic_attempt(
        self,
        guild_id: int,
        member_id: int,
        topic: str,
        *,
        points: int,
        score: int,
        correct: bool,
        now: datetime,
    ) -> None:
        """Add one attempt to the member's totals in one topic (an atomic upsert)."""
        await self.session.execute(
            _apply_topic_attempt(dialect_name(self.session)),
            {
                "guild_id": guild_id,
                "member_id": member_id,
                "topic": topic,
                "points": points,
                "reached": now if points > 0 else None,
                "correct": int(correct),
                "score": score,
            },
        )

    async def topics(self, guild_id: int, member_id: int) -> list[MemberTopic]:
        result = await self.session.scalars(
            select(MemberTopic)
            .where(MemberTopic.guild_id == guild_id, MemberTopic.member_id == member_id)
            .order_by(MemberTopic.topic)
        )
        return list(result)

    async def delete(self, guild_id: int, member_id: int) -> int:
        """Delete the member's totals in one guild (topic totals and reviews cascade)."""
        await self.session.execute(
            delete(MemberTopic).where(
                MemberTopic.guild_id == guild_id, MemberTopic.member_id == member_id
            )
        )
        result = await self.session.execute(
            delete(Member)
            .where(Member.guild_id == guild_id, Member.member_id == member_id)
            .returning(Member.member_id)
        )
        return len(result.all())


def _lock_key(guild_id: int, member_id: int) -> int:
    """A stable signed 64-bit advisory-lock key for one member in one guild."""
    digest = hashlib.blake2b(f"member:{guild_id}:{member_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@cache
def _apply_attempt(dialect: str) -> ReturningInsert[int, int, int, int]:
    m = table(Member).c
    day = param("day", m.streak_day)
    stmt = dialect_insert(dialect, table(Member)).values(
        guild_id=param("guild_id", m.guild_id),
        member_id=param("member_id", m.member_id),
        points=param("points", m.points),
        points_reached_at=param("reached", m.points_reached_at),
        attempts=1,
        correct=param("correct", m.correct),
        score_sum=param("score", m.score_sum),
        current_streak=param("first_streak", m.current_streak),
        best_streak=param("first_streak", m.best_streak),
        streak_day=day,
        first_seen_at=param("now", m.first_seen_at),
        last_attempt_at=param("now", m.last_attempt_at),
    )
    new_streak = case(
        (day.is_(None), m.current_streak),  # a skip after a hint: no change
        (m.streak_day == day, m.current_streak),
        (m.streak_day == param("previous_day", m.streak_day), m.current_streak + 1),
        (m.streak_day > day, m.current_streak),  # an attempt older than the last one
        else_=1,
    )
    return stmt.on_conflict_do_update(
        index_elements=["guild_id", "member_id"],
        set_={
            "points": m.points + stmt.excluded.points,
            "points_reached_at": func.coalesce(
                stmt.excluded.points_reached_at, m.points_reached_at
            ),
            "attempts": m.attempts + 1,
            "correct": m.correct + stmt.excluded.correct,
            "score_sum": m.score_sum + stmt.excluded.score_sum,
            "current_streak": new_streak,
            "best_streak": case((new_streak > m.best_streak, new_streak), else_=m.best_streak),
            "streak_day": case((or_(day.is_(None), m.streak_day > day), m.streak_day), else_=day),
            "last_attempt_at": stmt.excluded.last_attempt_at,
        },
    ).returning(m.points, m.attempts, m.current_streak, m.best_streak)


@cache
def _apply_topic_attempt(dialect: str) -> Insert:
    t = table(MemberTopic).c
    stmt = dialect_insert(dialect, table(MemberTopic)).values(
        guild_id=param("guild_id", t.guild_id),
        member_id=param("member_id", t.member_id),
        topic=param("topic", t.topic),
        points=param("points", t.points),
        points_reached_at=param("reached", t.points_reached_at),
        attempts=1,
        correct=param("correct", t.correct),
        score_sum=param("score", t.score_sum),
    )
    return stmt.on_conflict_do_update(
        index_elements=["guild_id", "member_id", "topic"],
        set_={
            "points": t.points + stmt.excluded.points,
            "points_reached_at": func.coalesce(
                stmt.excluded.points_reached_at, t.points_reached_at
            ),
            "attempts": t.attempts + 1,
            "correct": t.correct + stmt.excluded.correct,
            "score_sum": t.score_sum + stmt.excluded.score_sum,
        },
    )
