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
