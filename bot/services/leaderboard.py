"""Leaderboards per guild for the week, the month or all time, optionally for one topic.

And the streak board: members by their live daily streak (consecutive local days
answered, in the guild's zone), then best streak, then member id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Final

from bot.db.engine import Sessions, reading
from bot.db.repositories import LeaderboardRepository, Standing
from bot.db.repositories.leaderboards import StreakStanding, Window
from bot.services.clock import Period, as_utc, local_day, period_bounds

PAGE_SIZE = 10
# The `/leaderboard` period that ranks streaks instead of points.
STREAK: Final = "streak"


@dataclass(frozen=True, slots=True)
class Leaderboard:
    period: Period
    topic: str | None
    # The period as UTC instants, [start, end); None for all time.
    start: datetime | None
    end: datetime | None
    page: int
    page_size: int
    entries: tuple[Standing, ...]
    # How many members the whole board has.
    size: int
    # The caller's own standing wherever it is, or None when they are not on the board.
    me: Standing | None

    @property
    def pages(self) -> int:
        return max(1, -(-self.size // self.page_size))


async def leaderboard(
    sessions: Sessions,
    *,
    guild_id: int,
    period: Period | str = Period.WEEK,
    topic: str | None = None,
    member_id: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    zone: tzinfo = UTC,
    now: datetime | None = None,
) -> Leaderboard:
    """One page of the guild's board for the period containing `now` in `zone`.

    Order: points, then whoever reached that total first, then member id, with
    competition ranks (1, 2, 2, 4). `member_id` adds the caller's own standing.
    """
    period = Period(period)
    page = max(1, page)
    start, end = period_bounds(period, as_utc(now), zone)
    window = Window(guild_id=guild_id, start=start, end=end, topic=topic)
    async with reading(sessions) as session:
        boards = LeaderboardRepository(session)
        entries, size = await boards.page(window, limit=page_size, offset=(page - 1) * page_size)
        me = await boards.standing(window, member_id) if member_id is not None else None
    return Leaderboard(
        period=period,
        topic=topic,
        start=start,
        end=end,
        page=page,
        page_size=page_size,
        entries=tuple(entries),
        size=size,
        me=me,
    )


async def member_rank(
    sessions: Sessions,
    *,
    guild_id: int,
    member_id: int,
    period: Period | str = Period.ALL,
    topic: str | None = None,
    zone: tzinfo = UTC,
    now: datetime | None = None,
) -> Standing | None:
    """The member's standing alone (rank, points), or None when they are not on the board."""
    start, end = period_bounds(Period(period), as_utc(now), zone)
    window = Window(guild_id=guild_id, start=start, end=end, topic=topic)
    async with reading(sessions) as session:
        return await LeaderboardRepository(session).standing(window, member_id)


@dataclass(frozen=True, slots=True)
class StreakBoard:
    # The local day (in the guild's zone) the streaks are read on.
    today: date
    page: int
    page_size: int
    entries: tuple[StreakStanding, ...]
    size: int
    me: StreakStanding | None

    @property
    def pages(self) -> int:
        return max(1, -(-self.size // self.page_size))


async def streak_leaderboard(
    sessions: Sessions,
    *,
    guild_id: int,
    member_id: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    zone: tzinfo = UTC,
    now: datetime | None = None,
) -> StreakBoard:
    """One page of the guild's live streaks on today's local date in `zone`.

    A streak is alive while the member answered today or yesterday (local days);
    a broken streak leaves the board. Order: current streak, then best streak,
    then member id; members equal in both streaks share a competition rank.
    """
    page = max(1, page)
    today = local_day(as_utc(now), zone)
    async with reading(sessions) as session:
        boards = LeaderboardRepository(session)
        entries, size = await boards.streak_page(
            guild_id, today, limit=page_size, offset=(page - 1) * page_size
        )
        me = None
        if member_id is not None:
            me = await boards.streak_standing(guild_id, today, member_id)
    return StreakBoard(
        today=today,
        page=page,
        page_size=page_size,
        entries=tuple(entries),
        size=size,
        me=me,
    )
