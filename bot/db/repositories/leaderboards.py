"""Leaderboard queries: per-guild totals for a period (or all time), ranked.

All time reads the running totals (`members`, `member_topics`); a week or a
month sums the guild's attempts in the period through the covering index
(guild_id, [topic,] created_at, member_id, points). Order: points, then
whoever reached that total first, then member id; ranks are competition ranks.

The streak board ranks members by their live streak (consecutive local days
answered, alive when its last day is today or yesterday in the guild's zone),
then best streak, then member id; members equal in both streaks share a rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Attempt, Member, MemberTopic


@dataclass(frozen=True, slots=True)
class Standing:
    """One member's place on a leaderboard."""

    rank: int
    member_id: int
    points: int
    reached_at: datetime | None


@dataclass(frozen=True, slots=True)
class StreakStanding:
    """One member's place on the streak board."""

    rank: int
    member_id: int
    streak: int
    best: int


@dataclass(frozen=True, slots=True)
class Window:
    """What a leaderboard counts: one guild, a time range (None: all time), maybe one topic."""

    guild_id: int
    start: datetime | None = None
    end: datetime | None = None
    topic: str | None = None


class LeaderboardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, window: Window, *, limit: int, offset: int = 0
    ) -> tuple[list[Standing], int]:
        """One page of standings, and how many members the whole board has."""
        totals = _totals(window).cte("totals")
        rank = func.rank().over(order_by=totals.c.points.desc())
        result = await self.session.execute(
            select(
                rank.label("rank"),
                totals.c.member_id,
                totals.c.points,
                totals.c.reached_at,
                func.count().over().label("size"),
            )
            .order_by(
                totals.c.points.desc(), totals.c.reached_at.asc().nulls_first(), totals.c.member_id
            )
            .limit(limit)
            .offset(offset)
        )
        rows = result.all()
        if rows:
            size = int(rows[0].size)
        else:
            size = int(await self.session.scalar(select(func.count()).select_from(totals)) or 0)
        return [
            Standing(
                rank=row.rank,
                member_id=row.member_id,
                points=int(row.points),
                reached_at=row.reached_at,
            )
            for row in rows
        ], size

    async def standing(self, window: Window, member_id: int) -> Standing | None:
        """The member's own place (a competition rank), wherever it is; None if not on the board."""
        totals = _totals(window).cte("totals")
        others = totals.alias("others")
        ahead = (
            select(func.count())
            .select_from(others)
            .where(others.c.points > totals.c.points)
            .scalar_subquery()
        )
        row = (
            await self.session.execute(
                select(
                    totals.c.member_id, totals.c.points, totals.c.reached_at, ahead.label("ahead")
                ).where(totals.c.member_id == member_id)
            )
        ).one_or_none()
        if row is None:
            return None
        return Standing(
            rank=int(row.ahead) + 1,
            member_id=row.member_id,
            points=int(row.points),
            reached_at=row.reached_at,
        )

    async def streak_page(
        self, guild_id: int, today: date, *, limit: int, offset: int = 0
    ) -> tuple[list[StreakStanding], int]:
        """One page of the guild's live streaks on local day `today`, and the board's size."""
        live = _live_streaks(guild_id, today).cte("live")
        rank = func.rank().over(order_by=(live.c.streak.desc(), live.c.best.desc()))
        rows = (
            await self.session.execute(
                select(
                    rank.label("rank"),
                    live.c.member_id,
                    live.c.streak,
                    live.c.best,
                    func.count().over().label("size"),
                )
                .order_by(live.c.streak.desc(), live.c.best.desc(), live.c.member_id)
                .limit(limit)
                .offset(offset)
            )
        ).all()
        if rows:
            size = int(rows[0].size)
        else:
            size = int(await self.session.scalar(select(func.count()).select_from(live)) or 0)
        return [
            StreakStanding(
                rank=int(row.rank),
                member_id=row.member_id,
                streak=int(row.streak),
                best=int(row.best),
            )
            for row in rows
        ], size

    async def streak_standing(
        self, guild_id: int, today: date, member_id: int
    ) -> StreakStanding | None:
        """The member's place on the streak board; None when they have no live streak."""
        live = _live_streaks(guild_id, today).cte("live")
        others = live.alias("others")
        ahead = (
            select(func.count())
            .select_from(others)
            .where(
                or_(
                    others.c.streak > live.c.streak,
                    and_(others.c.streak == live.c.streak, others.c.best > live.c.best),
                )
            )
            .scalar_subquery()
        )
        row = (
            await self.session.execute(
                select(live.c.member_id, live.c.streak, live.c.best, ahead.label("ahead")).where(
                    live.c.member_id == member_id
                )
            )
        ).one_or_none()
        if row is None:
            return None
        return StreakStanding(
            rank=int(row.ahead) + 1,
            member_id=row.member_id,
            streak=int(row.streak),
            best=int(row.best),
        )


def _live_streaks(guild_id: int, today: date) -> Select[int, int, int]:
    """member_id, streak, best of the guild's members whose streak is alive on `today`.

    A stored streak is alive while its last day is today or yesterday (local days).
    """
    return select(
        Member.member_id,
        Member.current_streak.label("streak"),
        Member.best_streak.label("best"),
    ).where(
        Member.guild_id == guild_id,
        Member.current_streak > 0,
        Member.streak_day >= today - timedelta(days=1),
    )


def _totals(window: Window) -> Select[int, int, Any]:
    """member_id, points, reached_at for every member on the board."""
    if window.start is None and window.end is None:
        if window.topic is None:
            return select(
                Member.member_id, Member.points, Member.points_reached_at.label("reached_at")
            ).where(Member.guild_id == window.guild_id, Member.attempts > 0)
        return select(
            MemberTopic.member_id,
            MemberTopic.points,
            MemberTopic.points_reached_at.label("reached_at"),
        ).where(MemberTopic.guild_id == window.guild_id, MemberTopic.topic == window.topic)
    conditions = [Attempt.guild_id == window.guild_id]
    if window.topic is not None:
        conditions.append(Attempt.topic == window.topic)
    if window.start is not None:
        conditions.append(Attempt.created_at >= window.start)
    if window.end is not None:
        conditions.append(Attempt.created_at < window.end)
    return (
        select(
            Attempt.member_id,
            func.sum(Attempt.points).label("points"),
            func.max(case((Attempt.points > 0, Attempt.created_at))).label("reached_at"),
        )
        .where(*conditions)
        .group_by(Attempt.member_id)
    )
