"""Recording an attempt: points, totals, streak and review state, in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.bank.models import Question
from bot.db.models import QuizSession
from bot.db.repositories import (
    AttemptRepository,
    MemberRepository,
    MemberTotals,
    ReviewRepository,
)
from bot.db.repositories.reviews import Move
from bot.scoring.result import Score, Verdict
from bot.services import leitner
from bot.services.points import POINTS_WINDOW, points_for


@dataclass(frozen=True, slots=True)
class Recorded:
    attempt_id: int
    points: int
    # Whether this was the member's first attempt on the question in 30 days.
    eligible: bool
    totals: MemberTotals
    review_box: int
    next_review_at: datetime


async def record_attempt(
    session: AsyncSession,
    *,
    quiz: QuizSession,
    question: Question,
    member_id: int,
    score: Score | None,
    hints: int,
    now: datetime,
    streak_day: date | None,
) -> Recorded:
    """Store one attempt and everything derived from it. `score=None` records a skip.

    The caller holds the member's lock (`MemberRepository.lock`) and has claimed
    the session, so the 30-day check and the updates below cannot interleave
    with another attempt by the same member. `streak_day` is the attempt's local
    day, or None when it does not count for the streak.
    """
    guild_id = quiz.guild_id
    attempts = AttemptRepository(session)
    members = MemberRepository(session)
    verdict = score.verdict if score is not None else Verdict.INCORRECT
    value = score.score if score is not None else 0
    eligible = not await attempts.any_since(guild_id, member_id, question.id, now - POINTS_WINDOW)
    points = (
        points_for(question.difficulty, verdict, hints) if eligible and score is not None else 0
    )
    correct = verdict is Verdict.CORRECT
    totals = await members.apply_attempt(
        guild_id,
        member_id,
        points=points,
        score=value,
        correct=correct,
        streak_day=streak_day,
        now=now,
    )
    # After the member's row exists: attempts reference it.
    attempt_id = await attempts.add(
        guild_id=guild_id,
        member_id=member_id,
        question_id=question.id,
        topic=question.topic,
        difficulty=str(question.difficulty),
        session_id=quiz.id,
        source=quiz.source,
        score=value,
        verdict=str(verdict),
        points=points,
        hints=hints,
        skipped=score is None,
        matched=list(score.matched) if score is not None else [],
        missed=list(score.missed) if score is not None else [],
        created_at=now,
    )
    await members.apply_topic_attempt(
        guild_id, member_id, question.topic, points=points, score=value, correct=correct, now=now
    )
    box, due = await ReviewRepository(session).record(
        guild_id,
        member_id,
        question.id,
        topic=question.topic,
        move=_MOVES[verdict],
        first_box=leitner.next_box(None, verdict),
        due_by_box={box: leitner.due_at(box, now) for box in leitner.INTERVALS},
        verdict=str(verdict),
        now=now,
    )
    return Recorded(
        attempt_id=attempt_id,
        points=points,
        eligible=eligible,
        totals=totals,
        review_box=box,
        next_review_at=due,
    )


# The Leitner rule (`leitner.next_box`) as the repository applies it in SQL.
_MOVES = {Verdict.CORRECT: Move.UP, Verdict.PARTIAL: Move.STAY, Verdict.INCORRECT: Move.RESET}
