"""Daily schedules and posts: the due query, claims with leases, sends recorded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Attempt, DailyPost, DailySchedule, QuizSession


@dataclass(frozen=True, slots=True)
class RevealClaim:
    """A reveal this process now holds: its nonce, and how often it was tried before."""

    nonce: str
    attempts: int
    last_attempt_at: datetime | None


class DailyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- schedules -------------------------------------------------------------

    async def schedule(self, guild_id: int, *, lock: bool = False) -> DailySchedule | None:
        """The guild's schedule; `lock` takes a row lock on PostgreSQL (SQLite is IMMEDIATE)."""
        query = select(DailySchedule).where(DailySchedule.guild_id == guild_id)
        if lock:
            query = query.with_for_update()
        found: DailySchedule | None = await self.session.scalar(query)
        return found

    async def add_schedule(self, schedule: DailySchedule) -> None:
        self.session.add(schedule)
        await self.session.flush()

    async def due(
        self,
        now: datetime,
        *,
        limit: int,
        shard_count: int | None = None,
        shard_ids: frozenset[int] | None = None,
    ) -> list[int]:
        """Guilds whose schedule needs attention by `now`: one range scan of the index."""
        query = (
            select(DailySchedule.guild_id)
            .where(DailySchedule.next_due_utc <= now)
            .order_by(DailySchedule.next_due_utc)
            .limit(limit)
        )
        if shard_count and shard_ids is not None:
            query = query.where(
                ((DailySchedule.guild_id.op(">>")(literal_column("22"))) % shard_count).in_(
                    sorted(shard_ids)
                )
            )
        return list(await self.session.scalars(query))

    async def zones(self) -> dict[int, str]:
        """Every scheduled guild's time zone name."""
        rows = await self.session.execute(select(DailySchedule.guild_id, DailySchedule.timezone))
        return {row[0]: row[1] for row in rows}

    # -- posts -----------------------------------------------------------------

    async def scheduled_post(self, guild_id: int, day: date) -> DailyPost | None:
        """The guild's scheduled (not extra) post for a local date, claimed or sent."""
        return await self.session.scalar(
            select(DailyPost).where(
                DailyPost.guild_id == guild_id,
                DailyPost.local_date == day,
                DailyPost.extra.is_(False),
            )
        )

    async def post(self, post_id: int) -> DailyPost | None:
        return await self.session.get(DailyPost, post_id)

    async def post_for_session(self, session_id: int) -> DailyPost | None:
        return await self.session.scalar(
            select(DailyPost).where(DailyPost.session_id == session_id)
        )

    async def add_post(self, post: DailyPost) -> DailyPost:
        """Insert a claim; the unique (guild, local date) index refuses a second scheduled one."""
        self.session.add(post)
        await self.session.flush()
        return post

    async def take_over(
        self, post_id: int, *, expired_before: datetime, lease_until: datetime, owner: str
    ) -> bool:
        """Take an unsent claim whose lease ran out (or was released); False if someone holds it."""
        result = await self.session.execute(
            update(DailyPost)
            .where(
                DailyPost.id == post_id,
                DailyPost.message_id.is_(None),
                (DailyPost.lease_until.is_(None)) | (DailyPost.lease_until <= expired_before),
            )
            .values(lease_until=lease_until, claimed_by=owner)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    async def mark_attempt(self, post_id: int, now: datetime) -> None:
        await self.session.execute(
            update(DailyPost)
            .where(DailyPost.id == post_id)
            .values(attempts=DailyPost.attempts + 1, last_attempt_at=now)
            .execution_options(synchronize_session=False)
        )

    async def release(self, post_id: int, owner: str, until: datetime | None = None) -> None:
        """Give up our lease: anyone may retry at once, or (`until`) from then on."""
        await self.session.execute(
            update(DailyPost)
            .where(DailyPost.id == post_id, DailyPost.claimed_by == owner)
            .values(lease_until=until)
            .execution_options(synchronize_session=False)
        )

    async def record_sent(
        self,
        post_id: int,
        *,
        message_id: int,
        thread_id: int | None,
        posted_at: datetime,
        reveal_at: datetime | None,
    ) -> bool:
        """Store the sent message's id, once; False when it was already recorded."""
        result = await self.session.execute(
            update(DailyPost)
            .where(DailyPost.id == post_id, DailyPost.message_id.is_(None))
            .values(
                message_id=message_id,
                thread_id=thread_id,
                posted_at=posted_at,
                lease_until=None,
                reveal_at=reveal_at,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    async def unsent_extra(self, guild_id: int, today: date, now: datetime) -> DailyPost | None:
        """Today's oldest `/daily post-now` post whose send failed and whose lease is free."""
        found: DailyPost | None = await self.session.scalar(
            select(DailyPost)
            .where(
                DailyPost.guild_id == guild_id,
                DailyPost.extra.is_(True),
                DailyPost.message_id.is_(None),
                DailyPost.local_date >= today,
                DailyPost.lease_until.is_(None) | (DailyPost.lease_until <= now),
            )
            .order_by(DailyPost.id)
            .limit(1)
        )
        return found

    async def next_extra_retry(self, guild_id: int, today: date) -> datetime | None:
        """When today's earliest unsent extra post may be retried (its lease or retry time)."""
        found: datetime | None = await self.session.scalar(
            select(func.min(func.coalesce(DailyPost.lease_until, DailyPost.claimed_at))).where(
                DailyPost.guild_id == guild_id,
                DailyPost.extra.is_(True),
                DailyPost.message_id.is_(None),
                DailyPost.local_date >= today,
            )
        )
        return found

    async def last_sent_day(self, guild_id: int) -> date | None:
        """The latest local date whose scheduled post was sent."""
        return await self.session.scalar(
            select(func.max(DailyPost.local_date)).where(
                DailyPost.guild_id == guild_id,
                DailyPost.extra.is_(False),
                DailyPost.message_id.is_not(None),
            )
        )

    async def last_sent(self, guild_id: int) -> DailyPost | None:
        return await self.session.scalar(
            select(DailyPost)
            .where(DailyPost.guild_id == guild_id, DailyPost.message_id.is_not(None))
            .order_by(DailyPost.posted_at.desc(), DailyPost.id.desc())
            .limit(1)
        )

    async def posted_questions(self, guild_id: int) -> list[str]:
        """Question ids of every post claimed in the guild (one entry per post)."""
        return list(
            await self.session.scalars(
                select(DailyPost.question_id).where(DailyPost.guild_id == guild_id)
            )
        )

    async def count_posts(self, guild_id: int) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).select_from(DailyPost).where(DailyPost.guild_id == guild_id)
            )
            or 0
        )

    async def pending_reveals(self, guild_id: int, now: datetime) -> list[DailyPost]:
        """Sent posts whose reveal is due and not held by a live claim (or waiting to retry)."""
        return list(
            await self.session.scalars(
                select(DailyPost)
                .where(
                    DailyPost.guild_id == guild_id,
                    DailyPost.message_id.is_not(None),
                    DailyPost.revealed_at.is_(None),
                    DailyPost.reveal_at <= now,
                    DailyPost.reveal_lease_until.is_(None) | (DailyPost.reveal_lease_until <= now),
                )
                .order_by(DailyPost.id)
            )
        )

    async def next_reveal(self, guild_id: int) -> datetime | None:
        """When the guild's next reveal needs the scheduler: its time, or after a lease/retry."""
        lease = DailyPost.reveal_lease_until
        found: datetime | None = await self.session.scalar(
            select(
                func.min(
                    case(
                        (lease.is_not(None) & (lease > DailyPost.reveal_at), lease),
                        else_=DailyPost.reveal_at,
                    )
                )
            ).where(
                DailyPost.guild_id == guild_id,
                DailyPost.message_id.is_not(None),
                DailyPost.revealed_at.is_(None),
            )
        )
        return found

    async def claim_reveal(
        self, post_id: int, *, now: datetime, lease_until: datetime, owner: str, nonce: str
    ) -> RevealClaim | None:
        """Take a due reveal whose lease is free; the nonce is kept from the first claim."""
        result = await self.session.execute(
            update(DailyPost)
            .where(
                DailyPost.id == post_id,
                DailyPost.revealed_at.is_(None),
                DailyPost.reveal_lease_until.is_(None) | (DailyPost.reveal_lease_until <= now),
            )
            .values(
                reveal_lease_until=lease_until,
                reveal_claimed_by=owner,
                reveal_nonce=func.coalesce(DailyPost.reveal_nonce, nonce),
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            return None
        row = (
            await self.session.execute(
                select(
                    DailyPost.reveal_nonce,
                    DailyPost.reveal_attempts,
                    DailyPost.reveal_last_attempt_at,
                ).where(DailyPost.id == post_id)
            )
        ).one()
        return RevealClaim(nonce=str(row[0]), attempts=int(row[1]), last_attempt_at=row[2])

    async def mark_reveal_attempt(self, post_id: int, now: datetime) -> None:
        await self.session.execute(
            update(DailyPost)
            .where(DailyPost.id == post_id)
            .values(reveal_attempts=DailyPost.reveal_attempts + 1, reveal_last_attempt_at=now)
            .execution_options(synchronize_session=False)
        )

    async def release_reveal(self, post_id: int, owner: str, retry_at: datetime | None) -> None:
        """Give up our reveal lease: free at once (None) or for anyone from `retry_at`."""
        await self.session.execute(
            update(DailyPost)
            .where(
                DailyPost.id == post_id,
                DailyPost.reveal_claimed_by == owner,
                DailyPost.revealed_at.is_(None),
            )
            .values(reveal_lease_until=retry_at)
            .execution_options(synchronize_session=False)
        )

    async def record_reveal(self, post_id: int, *, message_id: int | None, now: datetime) -> bool:
        """The reveal went out (or was abandoned: no message id), once; False if already so."""
        result = await self.session.execute(
            update(DailyPost)
            .where(DailyPost.id == post_id, DailyPost.revealed_at.is_(None))
            .values(revealed_at=now, reveal_message_id=message_id, reveal_lease_until=None)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    async def expire_session(self, session_id: int, at: datetime) -> None:
        """Answers to the post stop earning points at the reveal."""
        await self.session.execute(
            update(QuizSession)
            .where(QuizSession.id == session_id)
            .values(expires_at=at)
            .execution_options(synchronize_session=False)
        )

    async def top_scorers(self, session_id: int, limit: int) -> list[tuple[int, int, int]]:
        """(member, score, points) of the best answers to a post: score, then who was first."""
        rows = await self.session.execute(
            select(Attempt.member_id, Attempt.score, Attempt.points)
            .where(Attempt.session_id == session_id, Attempt.skipped.is_(False))
            .order_by(Attempt.score.desc(), Attempt.created_at, Attempt.member_id)
            .limit(limit)
        )
        return [(row[0], row[1], row[2]) for row in rows]

    async def answer_count(self, session_id: int) -> int:
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(Attempt)
                .where(Attempt.session_id == session_id, Attempt.skipped.is_(False))
            )
            or 0
        )
