"""A member's stats in one guild: totals, per-topic results, streaks, weak spots."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.db.engine import Sessions, reading
from bot.db.repositories import AttemptRepository, MemberRepository, ReviewRepository
from bot.scoring.result import CORRECT_AT
from bot.services.clock import as_utc, local_day
from bot.services.streaks import current_streak

# Most-missed concepts are counted over this many latest attempts.
RECENT_ATTEMPTS = 200
WEAKEST_TOPICS = 3
MOST_MISSED = 5


@dataclass(frozen=True, slots=True)
class TopicStats:
    topic: str
    attempts: int
    correct: int
    average_score: float
    points: int


@dataclass(frozen=True, slots=True)
class MissedConcept:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class MemberStats:
    guild_id: int
    member_id: int
    points: int
    attempts: int
    correct: int
    average_score: float
    current_streak: int
    best_streak: int
    # By topic name.
    topics: tuple[TopicStats, ...]
    # Up to 3 topics averaging below a correct answer, weakest first.
    weakest_topics: tuple[str, ...]
    # Concepts most often missed in the latest attempts, most missed first.
    most_missed: tuple[MissedConcept, ...]
    due_reviews: int
    next_review_at: datetime | None


async def member_stats(
    sessions: Sessions,
    *,
    guild_id: int,
    member_id: int,
    zone: tzinfo,
    now: datetime | None = None,
) -> MemberStats:
    """The member's stats in the guild; a member with no attempts gets zeros."""
    now = as_utc(now)
    async with reading(sessions) as session:
        member = await MemberRepository(session).get(guild_id, member_id)
        topic_rows = await MemberRepository(session).topics(guild_id, member_id)
        recent = await AttemptRepository(session).recent(guild_id, member_id, RECENT_ATTEMPTS)
        reviews = ReviewRepository(session)
        due = len(await reviews.due(guild_id, member_id, now))
        next_review = await reviews.next_due(guild_id, member_id, now)
    topics = tuple(
        TopicStats(
            topic=row.topic,
            attempts=row.attempts,
            correct=row.correct,
            average_score=_average(row.score_sum, row.attempts),
            points=row.points,
        )
        for row in topic_rows
    )
    weakest = sorted(
        (t for t in topics if t.attempts and t.average_score < CORRECT_AT),
        key=lambda t: (t.average_score, -t.attempts, t.topic),
    )[:WEAKEST_TOPICS]
    missed = Counter(label for attempt in recent for label in attempt.missed)
    most_missed = sorted(missed.items(), key=lambda item: (-item[1], item[0]))[:MOST_MISSED]
    if member is None:
        return MemberStats(guild_id, member_id, 0, 0, 0, 0.0, 0, 0, (), (), (), due, next_review)
    return MemberStats(
        guild_id=guild_id,
        member_id=member_id,
        points=member.points,
        attempts=member.attempts,
        correct=member.correct,
        average_score=_average(member.score_sum, member.attempts),
        current_streak=current_streak(
            member.current_streak, member.streak_day, local_day(now, zone)
        ),
        best_streak=member.best_streak,
        topics=topics,
        weakest_topics=tuple(t.topic for t in weakest),
        most_missed=tuple(MissedConcept(label, count) for label, count in most_missed),
        due_reviews=due,
        next_review_at=next_review,
    )


def _average(total: int, count: int) -> float:
    return round(total / count, 1) if count else 0.0
