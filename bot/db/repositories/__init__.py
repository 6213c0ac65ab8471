"""Repositories, one per aggregate, each bound to the `AsyncSession` of one unit of work."""

from bot.db.repositories.attempts import AttemptRepository
from bot.db.repositories.leaderboards import LeaderboardRepository, Standing
from bot.db.repositories.members import MemberRepository, MemberTotals
from bot.db.repositories.question_stats import QuestionStatsRepository
from bot.db.repositories.quiz_sessions import QuizSessionRepository
from bot.db.repositories.reports import ReportRepository
from bot.db.repositories.reviews import ReviewRepository

__all__ = [
    "AttemptRepository",
    "LeaderboardRepository",
    "MemberRepository",
    "MemberTotals",
    "QuestionStatsRepository",
    "QuizSessionRepository",
    "ReportRepository",
    "ReviewRepository",
    "Standing",
]
