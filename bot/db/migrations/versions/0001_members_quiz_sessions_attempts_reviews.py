"""members, quiz sessions, attempts, reviews

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("points", sa.Integer(), server_default="0", nullable=False),
        sa.Column("points_reached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("correct", sa.Integer(), server_default="0", nullable=False),
        sa.Column("score_sum", sa.Integer(), server_default="0", nullable=False),
        sa.Column("current_streak", sa.Integer(), server_default="0", nullable=False),
        sa.Column("best_streak", sa.Integer(), server_default="0", nullable=False),
        sa.Column("streak_day", sa.Date(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", "member_id", name=op.f("pk_members")),
    )
    op.create_index(
        op.f("ix_members_guild_id_points"), "members", ["guild_id", "points"], unique=False
    )

    op.create_table(
        "quiz_sessions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("owner_id", sa.BigInteger(), nullable=True),
        sa.Column("question_id", sa.String(length=128), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("difficulty", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_sessions")),
    )
    op.create_index(
        op.f("ix_quiz_sessions_guild_id_owner_id_created_at"),
        "quiz_sessions",
        ["guild_id", "owner_id", "created_at"],
        unique=False,
    )

    op.create_table(
        "attempts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.String(length=128), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("difficulty", sa.String(length=16), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("hints", sa.Integer(), server_default="0", nullable=False),
        sa.Column("skipped", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("matched", sa.JSON(), nullable=False),
        sa.Column("missed", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("points >= 0", name=op.f("ck_attempts_points_not_negative")),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_attempts_score_range")),
        sa.ForeignKeyConstraint(
            ["guild_id", "member_id"],
            ["members.guild_id", "members.member_id"],
            name=op.f("fk_attempts_guild_id_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["quiz_sessions.id"],
            name=op.f("fk_attempts_session_id_quiz_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
    )
    op.create_index(
        op.f("ix_attempts_guild_id_created_at_member_id_points"),
        "attempts",
        ["guild_id", "created_at", "member_id", "points"],
        unique=False,
    )
    op.create_index(
        op.f("ix_attempts_guild_id_member_id_question_id_created_at"),
        "attempts",
        ["guild_id", "member_id", "question_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_attempts_guild_id_topic_created_at_member_id_points"),
        "attempts",
        ["guild_id", "topic", "created_at", "member_id", "points"],
        unique=False,
    )

    op.create_table(
        "member_topics",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("points", sa.Integer(), server_default="0", nullable=False),
        sa.Column("points_reached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("correct", sa.Integer(), server_default="0", nullable=False),
        sa.Column("score_sum", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id", "member_id"],
            ["members.guild_id", "members.member_id"],
            name=op.f("fk_member_topics_guild_id_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("guild_id", "member_id", "topic", name=op.f("pk_member_topics")),
    )
    op.create_index(
        op.f("ix_member_topics_guild_id_topic_points"),
        "member_topics",
        ["guild_id", "topic", "points"],
        unique=False,
    )

    op.create_table(
        "reviews",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.String(length=128), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("box", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_verdict", sa.String(length=16), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviews", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lapses", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("box BETWEEN 1 AND 5", name=op.f("ck_reviews_box_range")),
        sa.ForeignKeyConstraint(
            ["guild_id", "member_id"],
            ["members.guild_id", "members.member_id"],
            name=op.f("fk_reviews_guild_id_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("guild_id", "member_id", "question_id", name=op.f("pk_reviews")),
    )
    op.create_index(
        op.f("ix_reviews_guild_id_member_id_due_at"),
        "reviews",
        ["guild_id", "member_id", "due_at"],
        unique=False,
    )

    op.create_table(
        "quiz_participants",
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.String(length=128), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hints", sa.Integer(), server_default="0", nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["quiz_sessions.id"],
            name=op.f("fk_quiz_participants_session_id_quiz_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "member_id", name=op.f("pk_quiz_participants")),
    )
    op.create_index(
        op.f("ix_quiz_participants_guild_id_member_id_given_at"),
        "quiz_participants",
        ["guild_id", "member_id", "given_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_quiz_participants_guild_id_member_id_given_at"), table_name="quiz_participants"
    )

    op.drop_table("quiz_participants")
    op.drop_index(op.f("ix_reviews_guild_id_member_id_due_at"), table_name="reviews")

    op.drop_table("reviews")
    op.drop_index(op.f("ix_member_topics_guild_id_topic_points"), table_name="member_topics")

    op.drop_table("member_topics")
    op.drop_index(
        op.f("ix_attempts_guild_id_topic_created_at_member_id_points"), table_name="attempts"
    )
    op.drop_index(
        op.f("ix_attempts_guild_id_member_id_question_id_created_at"), table_name="attempts"
    )
    op.drop_index(op.f("ix_attempts_guild_id_created_at_member_id_points"), table_name="attempts")

    op.drop_table("attempts")
    op.drop_index(op.f("ix_quiz_sessions_guild_id_owner_id_created_at"), table_name="quiz_sessions")

    op.drop_table("quiz_sessions")
    op.drop_index(op.f("ix_members_guild_id_points"), table_name="members")

    op.drop_table("members")
