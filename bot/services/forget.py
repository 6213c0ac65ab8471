"""Forgetting a member in one guild: every row about them there, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.engine import Sessions
from bot.db.repositories import (
    AttemptRepository,
    MemberRepository,
    QuizSessionRepository,
    ReportRepository,
    ReviewRepository,
)


@dataclass(frozen=True, slots=True)
class Forgotten:
    attempts: int
    reviews: int
    sessions: int
    member: bool
    reports: int


async def forget_member(sessions: Sessions, *, guild_id: int, member_id: int) -> Forgotten:
    """Delete the member's attempts, totals, reviews, reports and sessions in this guild only."""
    async with sessions.begin() as session:
        reports = await ReportRepository(session).delete_member(guild_id, member_id)
        quizzes = await QuizSessionRepository(session).delete_member(guild_id, member_id)
        attempts = await AttemptRepository(session).delete_member(guild_id, member_id)
        reviews = await ReviewRepository(session).delete_member(guild_id, member_id)
        member = await MemberRepository(session).delete(guild_id, member_id)
    return Forgotten(
        attempts=attempts,
        reviews=reviews,
        sessions=quizzes,
        member=bool(member),
        reports=reports,
    )
