"""Answers to a daily post after its reveal: feedback without points."""

from __future__ import annotations

from dataclasses import dataclass

from bot.bank.models import Bank, Question
from bot.db.engine import Sessions, reading
from bot.db.repositories.daily import DailyRepository
from bot.db.repositories.quiz_sessions import QuizSessionRepository
from bot.scoring.result import Score
from bot.services.errors import QuestionUnavailableError, SessionNotFoundError
from bot.services.quiz import AnswerScorer


@dataclass(frozen=True, slots=True)
class LateFeedback:
    question: Question
    score: Score


async def is_daily(sessions: Sessions, session_id: int) -> bool:
    async with reading(sessions) as session:
        return await DailyRepository(session).post_for_session(session_id) is not None


async def score_late(
    sessions: Sessions, bank: Bank, scorer: AnswerScorer, *, session_id: int, text: str
) -> LateFeedback:
    """Score an answer to a revealed daily post: full feedback, nothing recorded."""
    async with reading(sessions) as session:
        quiz = await QuizSessionRepository(session).get(session_id)
    if quiz is None:
        raise SessionNotFoundError("That daily question no longer exists.")
    question = bank.get(quiz.question_id)
    if question is None:
        raise QuestionUnavailableError("This question has been removed from the bank.")
    return LateFeedback(question=question, score=scorer.score(question, text))
