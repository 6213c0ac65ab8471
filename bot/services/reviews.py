"""What is due for spaced-repetition review, and opening a review quiz."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bank.models import Bank, Question
from bot.db.engine import Sessions, reading
from bot.db.models import Source
from bot.db.repositories import ReviewRepository
from bot.services.clock import as_utc
from bot.services.quiz import OpenedQuiz, open_question


@dataclass(frozen=True, slots=True)
class DueReview:
    question: Question
    box: int
    due_at: datetime
    overdue: timedelta


async def due_reviews(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    member_id: int,
    now: datetime | None = None,
    limit: int | None = None,
) -> list[DueReview]:
    """The member's reviews due now, most overdue first; questions no longer asked are left out."""
    now = as_utc(now)
    async with reading(sessions) as session:
        rows = await ReviewRepository(session).due(guild_id, member_id, now)
    due: list[DueReview] = []
    for row in rows:
        question = bank.get(row.question_id)
        if question is None or question.retired:
            continue
        due.append(DueReview(question, row.box, row.due_at, now - row.due_at))
        if limit is not None and len(due) >= limit:
            break
    return due


async def open_review(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    member_id: int,
    channel_id: int | None = None,
    ttl: timedelta | None = None,
    now: datetime | None = None,
) -> OpenedQuiz | None:
    """Open a quiz on the most overdue review, or return None when nothing is due."""
    now = as_utc(now)
    due = await due_reviews(
        sessions, bank, guild_id=guild_id, member_id=member_id, now=now, limit=1
    )
    if not due:
        return None
    return await open_question(
        sessions,
        due[0].question,
        guild_id=guild_id,
        member_id=member_id,
        source=Source.REVIEW,
        channel_id=channel_id,
        ttl=ttl,
        now=now,
    )
