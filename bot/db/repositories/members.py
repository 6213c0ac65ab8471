"""Members of a guild and their running totals, overall and per topic, updated atomically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MemberTopic
from bot.db.upsert import dialect_name, insert


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

    async def lock(self, guild_id: int, member_id: int, now: datetime) -> None:
        """Create the member's row if needed and lock it until the transaction ends.

        Every write about one member in one guild takes this lock first, so the
        30-day rule, the streak and the review state see each other's effects.
        (SQLite needs no row lock: its write transactions begin IMMEDIATE.)
        """
        await self.session.execute(
            insert(self.session, Member)
            .values(guild_id=guild_id, member_id=member_id, first_seen_at=now)
            .on_conflict_do_nothing(index_elements=["guild_id", "member_id"])
        )
        if dialect_name(self.session) == "postgresql":
            await self.session.execute(
                select(Member.member_id)
                .where(Member.guild_id == guild_id, Member.member_id == member_id)
                .with_for_update()
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
        """Add one attempt to the member's totals in SQL (`x = x + :d`), never read-modify-write.

        `streak_day` is the attempt's local day when it counts for the streak
        (None for a skip after a hint): the same day keeps the streak, the next
        day extends it, a gap restarts it at 1. The member row must exist (`lock`).
        """
        values: dict[str, object] = {
            "points": Member.points + points,
            "attempts": Member.attempts + 1,
            "correct": Member.correct + int(correct),
            "score_sum": Member.score_sum + score,
            "last_attempt_at": now,
        }
        if points > 0:
            values["points_reached_at"] = now
        if streak_day is not None:
            new_streak = case(
                (Member.streak_day == streak_day, Member.current_streak),
                (Member.streak_day == streak_day - timedelta(days=1), Member.current_streak + 1),
                (Member.streak_day > streak_day, Member.current_streak),  # an older attempt
                else_=1,
            )
            values["current_streak"] = new_streak
            values["best_streak"] = case(
                (new_streak > Member.best_streak, new_streak), else_=Member.best_streak
            )
            values["streak_day"] = case(
                (Member.streak_day > streak_day, Member.streak_day), else_=streak_day
            )
        result = await self.session.execute(
            update(Member)
            .where(Member.guild_id == guild_id, Member.member_id == member_id)
            .values(values)
            .returning(Member.points, Member.attempts, Member.current_streak, Member.best_streak)
            .execution_options(synchronize_session=False)
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
        stmt = insert(self.session, MemberTopic).values(
            guild_id=guild_id,
            member_id=member_id,
            topic=topic,
            points=points,
            points_reached_at=now if points > 0 else None,
            attempts=1,
            correct=int(correct),
            score_sum=score,
        )
        changes: dict[str, object] = {
            "points": MemberTopic.points + stmt.excluded.points,
            "attempts": MemberTopic.attempts + 1,
            "correct": MemberTopic.correct + stmt.excluded.correct,
            "score_sum": MemberTopic.score_sum + stmt.excluded.score_sum,
        }
        if points > 0:
            changes["points_reached_at"] = stmt.excluded.points_reached_at
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["guild_id", "member_id", "topic"], set_=changes
            )
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
