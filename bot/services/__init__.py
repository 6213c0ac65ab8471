"""Plain async functions the bot and the CLI share: quiz flow, leaderboards, stats, reviews.

None of them imports discord. Each takes the session factory first and the
guild's zone where local days matter; times are aware UTC (`now=` for tests).
"""

from bot.services.clock import Period
from bot.services.errors import (
    AlreadyAnsweredError,
    CoachError,
    NoMoreHintsError,
    NoQuestionsError,
    NotYourSessionError,
    QuestionUnavailableError,
    SessionExpiredError,
    SessionNotFoundError,
)
from bot.services.forget import Forgotten, forget_member
from bot.services.leaderboard import Leaderboard, leaderboard, member_rank
from bot.services.mock import MockReport, mock_report, open_mock_question
from bot.services.question_stats import QuestionStats, question_stats
from bot.services.quiz import (
    AnswerResult,
    AnswerScorer,
    Hint,
    OpenedQuiz,
    Skipped,
    answer,
    check_answerable,
    open_question,
    open_quiz,
    skip,
    take_hint,
)
from bot.services.reports import OpenReports, Report, open_reports, report_question, resolve_report
from bot.services.reviews import DueReview, due_reviews, open_review
from bot.services.stats import MemberStats, MissedConcept, TopicStats, member_stats

__all__ = [
    "AlreadyAnsweredError",
    "AnswerResult",
    "AnswerScorer",
    "CoachError",
    "DueReview",
    "Forgotten",
    "Hint",
    "Leaderboard",
    "MemberStats",
    "MissedConcept",
    "MockReport",
    "NoMoreHintsError",
    "NoQuestionsError",
    "NotYourSessionError",
    "OpenReports",
    "OpenedQuiz",
    "Period",
    "QuestionStats",
    "QuestionUnavailableError",
    "Report",
    "SessionExpiredError",
    "SessionNotFoundError",
    "Skipped",
    "TopicStats",
    "answer",
    "check_answerable",
    "due_reviews",
    "forget_member",
    "leaderboard",
    "member_rank",
    "member_stats",
    "mock_report",
    "open_mock_question",
    "open_question",
    "open_quiz",
    "open_reports",
    "open_review",
    "question_stats",
    "report_question",
    "resolve_report",
    "skip",
    "take_hint",
]
