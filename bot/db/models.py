"""ORM models: members and their per-guild totals, quiz sessions, attempts, spaced repetition.

Everything is scoped by guild (the terminal is guild 0): a member's rows in one
server are invisible in another. Question ids are plain strings, never foreign
keys, so a question that leaves the bank does not break history.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import BigIntPK, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

QUESTION_ID = 128
REPORT_DETAILS = 1000
TOPIC = 64


class Source(StrEnum):
    """Where an attempt was made."""

    QUIZ = "quiz"
    SHARE = "share"
    DAILY = "daily"
    REVIEW = "review"
    MOCK = "mock"
    PRACTICE = "practice"


class Outcome(StrEnum):
    """How a participant left a quiz session."""

    ANSWERED = "answered"
    SKIPPED = "skipped"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads it as a class attribute
        datetime: UTCDateTime(),
        date: Date(),
    }


def table(model: type[Base]) -> Table:
    """The Core table of a model, for statements that skip the ORM on hot paths."""
    return cast(Table, model.__table__)


class Member(Base):
    """A member of one guild and their running totals there (the per-member per-guild aggregate)."""

    __tablename__ = "members"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When the member reached their current total: the leaderboard's tie-break.
    points_reached_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    correct: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    score_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    current_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    best_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The last local day (in the guild's zone) with a scored attempt.
    streak_day: Mapped[date | None]
    first_seen_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]

    __table_args__ = (Index(None, "guild_id", "points"),)


class MemberTopic(Base):
    """A member's totals in one topic of one guild: topic leaderboards and per-topic stats."""

    __tablename__ = "member_topics"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    topic: Mapped[str] = mapped_column(String(TOPIC), primary_key=True)
    points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    points_reached_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    correct: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    score_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        ForeignKeyConstraint(
            ["guild_id", "member_id"],
            ["members.guild_id", "members.member_id"],
            ondelete="CASCADE",
        ),
        Index(None, "guild_id", "topic", "points"),
    )


class QuizSession(Base):
    """One question put to one member (owner set) or posted for many (owner None).

    Who has answered is kept per participant: a private session is answered
    when its owner's participant row is.
    """

    __tablename__ = "quiz_sessions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    owner_id: Mapped[int | None] = mapped_column(BigInteger)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID))
    topic: Mapped[str] = mapped_column(String(TOPIC))
    difficulty: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]

    __table_args__ = (Index(None, "guild_id", "owner_id", "created_at"),)


class Participant(Base):
    """A member's part in a quiz session: when given, hints taken, whether they answered."""

    __tablename__ = "quiz_participants"

    session_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("quiz_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID))
    given_at: Mapped[datetime]
    hints: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    answered_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))

    # "Recently seen": what a member was given lately in a guild.
    __table_args__ = (Index(None, "guild_id", "member_id", "given_at"),)


class Attempt(Base):
    """One scored answer (or a skip after a hint), stored whole or not at all."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID))
    # Copied from the bank at the time so stats survive a question leaving it.
    topic: Mapped[str] = mapped_column(String(TOPIC))
    difficulty: Mapped[str] = mapped_column(String(16))
    session_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("quiz_sessions.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    hints: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    skipped: Mapped[bool] = mapped_column(default=False, server_default=false())
    matched: Mapped[list[str]] = mapped_column(JSON)
    missed: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime]

    __table_args__ = (
        ForeignKeyConstraint(
            ["guild_id", "member_id"],
            ["members.guild_id", "members.member_id"],
            ondelete="CASCADE",
        ),
        CheckConstraint("points >= 0", name="points_not_negative"),
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        # Period leaderboards: one guild's attempts in a time range, covering member and points.
        Index(None, "guild_id", "created_at", "member_id", "points"),
        Index(None, "guild_id", "topic", "created_at", "member_id", "points"),
        # The 30-day rule and a member's history.
        Index(None, "guild_id", "member_id", "question_id", "created_at"),
    )


class Review(Base):
    """Spaced-repetition state of one question for one member in one guild (Leitner box 1-5)."""

    __tablename__ = "reviews"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID), primary_key=True)
    topic: Mapped[str] = mapped_column(String(TOPIC))
    box: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime]
    last_verdict: Mapped[str] = mapped_column(String(16))
    last_attempt_at: Mapped[datetime]
    reviews: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lapses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        ForeignKeyConstraint(
            ["guild_id", "member_id"],
            ["members.guild_id", "members.member_id"],
            ondelete="CASCADE",
        ),
        CheckConstraint("box BETWEEN 1 AND 5", name="box_range"),
        Index(None, "guild_id", "member_id", "due_at"),
    )


class ReportReason(StrEnum):
    """Why a member reported a question."""

    WRONG_ANSWER = "wrong_answer"
    UNFAIR_GRADING = "unfair_grading"
    UNCLEAR = "unclear"
    DUPLICATE = "duplicate"
    OTHER = "other"


class QuestionReport(Base):
    """A member's report that a question is wrong, unfairly graded, unclear or a duplicate."""

    __tablename__ = "question_reports"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID))
    session_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("quiz_sessions.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(String(REPORT_DETAILS), default="", server_default="")
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(BigInteger)

    # A guild's open reports, oldest first.
    __table_args__ = (Index(None, "guild_id", "resolved_at", "created_at"),)


class CommandSync(Base):
    """The hash of the command tree last synced to a scope ("global" or "guild:<id>")."""

    __tablename__ = "command_syncs"

    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    tree_hash: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime]


class DailySchedule(Base):
    """A guild's daily question schedule. `next_due_utc` is when it next needs the scheduler.

    That is the earliest of the next post, a pending reveal and a retry; NULL
    while paused. The scheduler's only query when nothing is due reads its index.
    """

    __tablename__ = "daily_schedules"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    # Local wall time "HH:MM" in `timezone` (an IANA name).
    post_time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    role_id: Mapped[int | None] = mapped_column(BigInteger)
    topics: Mapped[list[str]] = mapped_column(JSON)
    difficulty: Mapped[str] = mapped_column(String(16))
    # None: reveal when the next post goes out.
    reveal_after_hours: Mapped[int | None] = mapped_column(Integer)
    open_thread: Mapped[bool] = mapped_column(default=False, server_default=false())
    pin: Mapped[bool] = mapped_column(default=False, server_default=false())
    paused: Mapped[bool] = mapped_column(default=False, server_default=false())
    paused_reason: Mapped[str | None] = mapped_column(String(300))
    configured_by: Mapped[int] = mapped_column(BigInteger)
    # Day 1 of the schedule (the day's number counts from it).
    first_day: Mapped[date]
    # `/daily skip-next`: posts for local dates up to this one are not made.
    skip_through: Mapped[date | None]
    next_post_day: Mapped[date | None]
    next_post_utc: Mapped[datetime | None]
    next_due_utc: Mapped[datetime | None]
    # The round through the pool for which the "running out" warning was sent.
    warned_round: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]

    __table_args__ = (Index(None, "next_due_utc"),)


class DailyPost(Base):
    """One daily post: claimed (lease, nonce), then sent (message id), then revealed.

    The scheduled post is unique per guild and local date; `/daily post-now`
    adds extra posts that never replace the day's.
    """

    __tablename__ = "daily_posts"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    local_date: Mapped[date]
    extra: Mapped[bool] = mapped_column(default=False, server_default=false())
    number: Mapped[int] = mapped_column(Integer)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID))
    session_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("quiz_sessions.id", ondelete="SET NULL")
    )
    # Sent with every attempt: Discord de-duplicates a repeated nonce for a few minutes.
    nonce: Mapped[str] = mapped_column(String(25))
    claimed_by: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime]
    # A claimer that crashed loses the post once this passes; another takes it over.
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_attempt_at: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    posted_at: Mapped[datetime | None]
    reveal_at: Mapped[datetime | None]
    # The reveal follows the post's protocol: claimed with a lease and a nonce of its own,
    # sent, then recorded (`revealed_at`, and its message id unless it was abandoned).
    reveal_nonce: Mapped[str | None] = mapped_column(String(25))
    reveal_claimed_by: Mapped[str | None] = mapped_column(String(64))
    # While set and in the future, a reveal is held (a live claim) or waits for its retry.
    reveal_lease_until: Mapped[datetime | None]
    reveal_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reveal_last_attempt_at: Mapped[datetime | None]
    reveal_message_id: Mapped[int | None] = mapped_column(BigInteger)
    revealed_at: Mapped[datetime | None]

    __table_args__ = (
        Index(None, "session_id"),
        Index(None, "guild_id", "posted_at"),
    )


# One scheduled post per guild and local date; extra posts are outside the constraint.
Index(
    "uq_daily_posts_guild_id_local_date",
    DailyPost.guild_id,
    DailyPost.local_date,
    unique=True,
    sqlite_where=DailyPost.extra == false(),
    postgresql_where=DailyPost.extra == false(),
)
