"""The quiz flow: open a session, take a hint, skip, answer. Each is one transaction."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from bot.bank.models import Bank, Difficulty, Question
from bot.db.engine import Sessions, reading
from bot.db.models import Outcome, QuizSession, Source
from bot.db.repositories import MemberRepository, QuizSessionRepository, ReviewRepository
from bot.scoring.result import Score, Verdict
from bot.services.clock import as_utc, local_day
from bot.services.errors import (
    AlreadyAnsweredError,
    NoMoreHintsError,
    NoQuestionsError,
    NotYourSessionError,
    QuestionUnavailableError,
    SessionExpiredError,
    SessionNotFoundError,
)
from bot.services.picking import RECENT_COUNT, RECENT_DAYS, pick_question, recently_given
from bot.services.points import points_for
from bot.services.recording import Recorded, record_attempt


class AnswerScorer(Protocol):
    """What the quiz needs from `bot.scoring.Scorer`."""

    def score(self, question: Question, answer: str) -> Score: ...


@dataclass(frozen=True, slots=True)
class OpenedQuiz:
    """A question put to a member (or posted for many when `owner_id` is None)."""

    session_id: int
    question: Question
    guild_id: int
    owner_id: int | None
    # Picked because it was due for review.
    review: bool
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class Hint:
    text: str
    number: int
    total: int
    # The most a correct answer can still earn (before the 30-day rule).
    points_left: int


@dataclass(frozen=True, slots=True)
class Skipped:
    question: Question
    hints: int
    # True when the skip came after a hint and so was stored as an incorrect attempt.
    recorded: bool
    review_box: int | None
    next_review_at: datetime | None


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """The feedback for an answer, and what it changed when it was the member's first."""

    question: Question
    score: Score
    # False for a second answer to the same session: feedback only, nothing stored.
    recorded: bool
    points: int
    hints: int
    # False when an earlier attempt in the last 30 days already took this question's points.
    earned_points: bool
    total_points: int | None
    current_streak: int | None
    best_streak: int | None
    review_box: int | None
    next_review_at: datetime | None
    attempt_id: int | None


async def open_quiz(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    member_id: int,
    topic: str | None = None,
    difficulty: Difficulty | str | None = None,
    shared: bool = False,
    source: Source | None = None,
    channel_id: int | None = None,
    ttl: timedelta | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> OpenedQuiz:
    """Pick a question for the member and open a session on it.

    Due reviews in the pool come first (most overdue first); otherwise never a
    question the member was given in the last 7 days or among their last 20,
    unless the pool has nothing else. `shared` opens it for everyone in the
    channel (no owner); the opener counts as given it either way.
    """
    now = as_utc(now)
    if difficulty is not None:
        difficulty = Difficulty(difficulty)
    pool = bank.active(topic=topic, difficulty=difficulty)
    if not pool:
        raise NoQuestionsError(_no_questions_message(topic, difficulty))
    async with sessions.begin() as session:
        quizzes = QuizSessionRepository(session)
        due = await ReviewRepository(session).due(guild_id, member_id, now)
        last_given = await quizzes.last_given(guild_id, member_id)
        recent = recently_given(last_given, since=now - RECENT_DAYS, last=RECENT_COUNT)
        question, review = pick_question(
            pool,
            # A due question given since it fell due (and skipped or left) waits its turn.
            due=[
                row.question_id
                for row in due
                if row.question_id not in last_given or last_given[row.question_id] < row.due_at
            ],
            recent=recent,
            last_given=last_given,
            rng=rng or random.Random(),
        )
        if source is None:
            source = Source.REVIEW if review else (Source.SHARE if shared else Source.QUIZ)
        return await _open(
            quizzes,
            question,
            guild_id=guild_id,
            member_id=member_id,
            owner_id=None if shared else member_id,
            source=source,
            channel_id=channel_id,
            ttl=ttl,
            now=now,
            review=review,
        )


async def open_question(
    sessions: Sessions,
    question: Question,
    *,
    guild_id: int,
    member_id: int,
    shared: bool = False,
    source: Source = Source.QUIZ,
    channel_id: int | None = None,
    ttl: timedelta | None = None,
    now: datetime | None = None,
) -> OpenedQuiz:
    """Open a session on a question chosen by the caller (a review, a mock, a daily post)."""
    now = as_utc(now)
    async with sessions.begin() as session:
        return await _open(
            QuizSessionRepository(session),
            question,
            guild_id=guild_id,
            member_id=member_id,
            owner_id=None if shared else member_id,
            source=source,
            channel_id=channel_id,
            ttl=ttl,
            now=now,
            review=source is Source.REVIEW,
        )


async def check_answerable(
    sessions: Sessions, *, session_id: int, member_id: int, now: datetime | None = None
) -> None:
    """Raise unless the member may answer this session (it exists, is theirs or shared, is open).

    Checked before the answer modal opens, so nobody types an answer to a
    question that will refuse it; the submit checks again.
    """
    now = as_utc(now)
    async with reading(sessions) as session:
        await _usable(QuizSessionRepository(session), session_id, member_id, now)


async def take_hint(
    sessions: Sessions,
    bank: Bank,
    *,
    session_id: int,
    member_id: int,
    now: datetime | None = None,
) -> Hint:
    """Give the member the session's next hint; each costs a quarter of the base points."""
    now = as_utc(now)
    async with sessions.begin() as session:
        quizzes = QuizSessionRepository(session)
        quiz = await _usable(quizzes, session_id, member_id, now)
        question = _question(bank, quiz)
        if not question.hints:
            raise NoMoreHintsError("This question has no hints.")
        await quizzes.join(quiz, member_id, now)
        taken = await quizzes.take_hint(quiz.id, member_id, len(question.hints))
        if taken is None:
            participant = await quizzes.participant(quiz.id, member_id)
            if participant is not None and participant.answered_at is not None:
                raise AlreadyAnsweredError("You have already answered this question.")
            raise NoMoreHintsError("You have taken every hint for this question.")
        return Hint(
            text=question.hints[taken - 1],
            number=taken,
            total=len(question.hints),
            points_left=points_for(question.difficulty, Verdict.CORRECT, taken),
        )


async def skip(
    sessions: Sessions,
    bank: Bank,
    *,
    session_id: int,
    member_id: int,
    now: datetime | None = None,
) -> Skipped:
    """Skip the session's question. After a hint this is an incorrect attempt scored 0.

    That attempt counts for spaced repetition (back to box 1) and the 30-day
    rule, not for the streak. Skipping without a hint stores no attempt.
    """
    now = as_utc(now)
    async with sessions.begin() as session:
        quizzes = QuizSessionRepository(session)
        quiz = await _usable(quizzes, session_id, member_id, now)
        question = _question(bank, quiz)
        await MemberRepository(session).lock(quiz.guild_id, member_id)
        hints = await _claim(quizzes, quiz, member_id, Outcome.SKIPPED, now)
        if hints is None:
            raise AlreadyAnsweredError("You have already answered this question.")
        recorded: Recorded | None = None
        if hints > 0:
            recorded = await record_attempt(
                session,
                quiz=quiz,
                question=question,
                member_id=member_id,
                score=None,
                hints=hints,
                now=now,
                streak_day=None,
            )
        return Skipped(
            question=question,
            hints=hints,
            recorded=recorded is not None,
            review_box=recorded.review_box if recorded else None,
            next_review_at=recorded.next_review_at if recorded else None,
        )


async def answer(
    sessions: Sessions,
    bank: Bank,
    scorer: AnswerScorer,
    *,
    session_id: int,
    member_id: int,
    text: str,
    zone: tzinfo,
    now: datetime | None = None,
) -> AnswerResult:
    """Score the member's answer and, if it is their first on this session, record it.

    Attempt, points, totals, streak (local days in `zone`) and review state
    change in one transaction with the session marked answered; a second answer
    to the same session gets the same feedback but nothing is stored.
    """
    now = as_utc(now)
    async with sessions.begin() as session:
        quizzes = QuizSessionRepository(session)
        quiz = await _usable(quizzes, session_id, member_id, now)
        question = _question(bank, quiz)
        score = scorer.score(question, text)
        await MemberRepository(session).lock(quiz.guild_id, member_id)
        hints = await _claim(quizzes, quiz, member_id, Outcome.ANSWERED, now)
        if hints is None:
            participant = await quizzes.participant(quiz.id, member_id)
            return AnswerResult(
                question=question,
                score=score,
                recorded=False,
                points=0,
                hints=participant.hints if participant else 0,
                earned_points=False,
                total_points=None,
                current_streak=None,
                best_streak=None,
                review_box=None,
                next_review_at=None,
                attempt_id=None,
            )
        recorded = await record_attempt(
            session,
            quiz=quiz,
            question=question,
            member_id=member_id,
            score=score,
            hints=hints,
            now=now,
            streak_day=local_day(now, zone),
        )
        return AnswerResult(
            question=question,
            score=score,
            recorded=True,
            points=recorded.points,
            hints=hints,
            earned_points=recorded.eligible,
            total_points=recorded.totals.points,
            current_streak=recorded.totals.current_streak,
            best_streak=recorded.totals.best_streak,
            review_box=recorded.review_box,
            next_review_at=recorded.next_review_at,
            attempt_id=recorded.attempt_id,
        )


async def _open(
    quizzes: QuizSessionRepository,
    question: Question,
    *,
    guild_id: int,
    member_id: int,
    owner_id: int | None,
    source: Source,
    channel_id: int | None,
    ttl: timedelta | None,
    now: datetime,
    review: bool,
) -> OpenedQuiz:
    quiz = await quizzes.create(
        QuizSession(
            guild_id=guild_id,
            channel_id=channel_id,
            owner_id=owner_id,
            question_id=question.id,
            topic=question.topic,
            difficulty=str(question.difficulty),
            source=str(source),
            created_at=now,
            expires_at=now + ttl if ttl is not None else None,
        )
    )
    await quizzes.join(quiz, member_id, now)
    return OpenedQuiz(
        session_id=quiz.id,
        question=question,
        guild_id=guild_id,
        owner_id=owner_id,
        review=review,
        expires_at=quiz.expires_at,
    )


async def _claim(
    quizzes: QuizSessionRepository,
    quiz: QuizSession,
    member_id: int,
    outcome: Outcome,
    now: datetime,
) -> int | None:
    """Mark the member's part answered or skipped, once; their hint count, or None if already.

    The owner of a private session joined it when it opened; on a shared post
    a member who never took a hint joins here.
    """
    hints = await quizzes.claim(quiz.id, member_id, outcome, now)
    if hints is None and quiz.owner_id is None:
        await quizzes.join(quiz, member_id, now)
        hints = await quizzes.claim(quiz.id, member_id, outcome, now)
    return hints


async def _usable(
    quizzes: QuizSessionRepository, session_id: int, member_id: int, now: datetime
) -> QuizSession:
    quiz = await quizzes.get(session_id)
    if quiz is None:
        raise SessionNotFoundError("That quiz no longer exists.")
    if quiz.owner_id is not None and quiz.owner_id != member_id:
        raise NotYourSessionError("This quiz isn't yours: start your own with /quiz start.")
    if quiz.expires_at is not None and now >= quiz.expires_at:
        raise SessionExpiredError("This quiz has expired.")
    return quiz


def _question(bank: Bank, quiz: QuizSession) -> Question:
    question = bank.get(quiz.question_id)
    if question is None:
        raise QuestionUnavailableError("This question has been removed from the bank.")
    return question


def _no_questions_message(topic: str | None, difficulty: Difficulty | None) -> str:
    what = " ".join(part for part in (str(difficulty) if difficulty else "", topic or "") if part)
    return f"There are no {what} questions." if what else "There are no questions."
