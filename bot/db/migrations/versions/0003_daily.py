"""daily schedules and daily posts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "daily_schedules",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("post_time", sa.String(length=5), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("role_id", sa.BigInteger(), nullable=True),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("difficulty", sa.String(length=16), nullable=False),
        sa.Column("reveal_after_hours", sa.Integer(), nullable=True),
        sa.Column("open_thread", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("pin", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("paused", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("paused_reason", sa.String(length=300), nullable=True),
        sa.Column("configured_by", sa.BigInteger(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("skip_through", sa.Date(), nullable=True),
        sa.Column("next_post_day", sa.Date(), nullable=True),
        sa.Column("next_post_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("warned_round", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_daily_schedules")),
    )
    op.create_index(
        op.f("ix_daily_schedules_next_due_utc"), "daily_schedules", ["next_due_utc"], unique=False
    )
    op.create_table(
        "daily_posts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("extra", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.String(length=128), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=True),
        sa.Column("nonce", sa.String(length=25), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reveal_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reveal_nonce", sa.String(length=25), nullable=True),
        sa.Column("reveal_claimed_by", sa.String(length=64), nullable=True),
        sa.Column("reveal_lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reveal_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reveal_last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reveal_message_id", sa.BigInteger(), nullable=True),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["quiz_sessions.id"],
            name=op.f("fk_daily_posts_session_id_quiz_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_posts")),
    )
    op.create_index(
        op.f("ix_daily_posts_guild_id_posted_at"),
        "daily_posts",
        ["guild_id", "posted_at"],
        unique=False,
    )
    op.create_index(op.f("ix_daily_posts_session_id"), "daily_posts", ["session_id"], unique=False)
    op.create_index(
        "uq_daily_posts_guild_id_local_date",
        "daily_posts",
        ["guild_id", "local_date"],
        unique=True,
        sqlite_where=sa.text("extra = 0"),
        postgresql_where=sa.text("NOT extra"),
    )


def downgrade() -> None:
    op.drop_index("uq_daily_posts_guild_id_local_date", table_name="daily_posts")
    op.drop_index(op.f("ix_daily_posts_session_id"), table_name="daily_posts")
    op.drop_index(op.f("ix_daily_posts_guild_id_posted_at"), table_name="daily_posts")
    op.drop_table("daily_posts")
    op.drop_index(op.f("ix_daily_schedules_next_due_utc"), table_name="daily_schedules")
    op.drop_table("daily_schedules")
