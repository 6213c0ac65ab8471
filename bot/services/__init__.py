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
from bot.services.quiz import (
    AnswerResult,
    AnswerScorer,
    Hint,
    OpenedQuiz,
    Skipped,
    answer,
    open_question,
    open_quiz,
    skip,
    take_hint,
)
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
    "NoMoreHintsError",
    "NoQuestionsError",
    "NotYourSessionError",
    "OpenedQuiz",
    "Period",
    "QuestionUnavailableError",
    "SessionExpiredError",
    "SessionNotFoundError",
    "Skipped",
    "TopicStats",
    "answer",
    "due_reviews",
    "forget_member",
    "leaderboard",
    "member_rank",
    "member_stats",
    "open_question",
    "open_quiz",
    "open_review",
    "skip",
    "take_hint",
]
