"""The exactly-once daily post: claim, commit, send, record; and the scheduler's tick.

1. **Claim** the guild's (guild, local date) post in a short transaction of its
   own: insert the row (the unique index refuses a second one) with a fresh
   nonce, the question and its quiz session, and a lease; or take over a claim
   whose lease ran out (a crashed or failed claimer). Commit.
2. **Send** with the claim's nonce (Discord de-duplicates a repeated nonce for a
   few minutes). When the last attempt is older than that window, look for the
   message in the channel's recent history first. No transaction is open.
3. **Record** the message id in a second transaction, and recompute when the
   schedule is next due.

A transient failure releases the lease and retries a minute later with the
same nonce; a deleted channel or lost permission pauses the schedule and
tells the moderators.

The reveal follows the same protocol on its own columns: claim it with a lease
and a nonce of its own (kept across retries), send, record. A crashed claimer's
reveal is taken over when its lease runs out; a transient failure retries a
minute later; past the nonce window the channel is searched first. A reveal
whose channel the schedule has since left, and which can no longer be sent
there, is given up (logged) rather than pausing the new channel's schedule.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import IntegrityError

from bot.bank.models import Bank, Question
from bot.db.engine import Sessions, reading
from bot.db.models import DailyPost, DailySchedule, QuizSession, Source
from bot.db.repositories.daily import DailyRepository
from bot.db.repositories.quiz_sessions import QuizSessionRepository
from bot.services.daily.choice import WARN_REMAINING, Choice, DifficultyMix, choose, pool
from bot.services.daily.config import (
    NoScheduleError,
    refresh_next_due,
    schedule_time,
    schedule_zone,
)
from bot.services.daily.schedule import day_number, local_date, next_post
from bot.services.errors import CoachError

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

LEASE = timedelta(minutes=2)
# Discord de-duplicates a nonce for "a few minutes"; past this, check the channel first.
NONCE_SAFE = timedelta(minutes=4)
RETRY_AFTER = timedelta(minutes=1)
TOP_SCORERS = 5
DUE_BATCH = 200
# Guilds served at once in a tick.
CONCURRENCY = 16


class DeliveryError(Exception):
    """Sending failed for now (a 5xx, a timeout): retry later with the same nonce."""


class ChannelUnavailableError(Exception):
    """The channel is gone or the bot lost a permission there: pause and tell moderators."""


@dataclass(frozen=True, slots=True)
class OutgoingPost:
    post_id: int
    guild_id: int
    channel_id: int
    session_id: int
    nonce: str
    question: Question
    number: int
    local_date: date
    role_id: int | None
    open_thread: bool
    pin: bool
    extra: bool
    # The previous post's message (to unpin when pinning this one).
    previous_message_id: int | None


@dataclass(frozen=True, slots=True)
class Sent:
    message_id: int
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class RevealPost:
    post_id: int
    # Sent with every attempt of this reveal (Discord de-duplicates it).
    nonce: str
    guild_id: int
    channel_id: int
    message_id: int
    number: int
    question: Question | None
    question_id: str
    answers: int
    # (member id, score, points), best first.
    top: Sequence[tuple[int, int, int]]


class Poster(Protocol):
    """What the scheduler needs from Discord (implemented in `bot.ui.daily`)."""

    async def send(self, post: OutgoingPost) -> Sent: ...

    async def find_sent(self, channel_id: int, session_id: int) -> Sent | None: ...

    async def reveal(self, reveal: RevealPost) -> int:
        """Send the reveal (with its nonce); the message id."""
        ...

    async def find_reveal(self, channel_id: int, message_id: int) -> int | None:
        """The reveal already sent in reply to the post `message_id`, if any (recent history)."""
        ...

    async def notify(self, guild_id: int, moderator_id: int, text: str) -> None: ...


@dataclass(slots=True)
class TickReport:
    due: int = 0
    posted: int = 0
    revealed: int = 0
    retried: int = 0
    paused: int = 0
    busy: int = 0


@dataclass(frozen=True, slots=True)
class Shards:
    """Which shards this process runs: it schedules only those shards' guilds."""

    count: int
    ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class _Claim:
    post: OutgoingPost
    attempts: int
    last_attempt_at: datetime | None


@dataclass(frozen=True, slots=True)
class _RevealClaim:
    reveal: RevealPost
    attempts: int
    last_attempt_at: datetime | None
    # The schedule's channel when claimed: a reveal elsewhere that cannot be sent is given up.
    schedule_channel_id: int


@dataclass(slots=True)
class DailyScheduler:
    sessions: Sessions
    bank: Bank
    poster: Poster
    clock: Clock
    owner: str = field(default_factory=lambda: secrets.token_hex(8))
    shards: Shards | None = None
    rng: random.Random = field(default_factory=random.Random)

    async def tick(self) -> TickReport:
        """Serve every schedule due now: one indexed query when nothing is."""
        now = self.clock()
        report = TickReport()
        async with reading(self.sessions) as session:
            due = await DailyRepository(session).due(
                now,
                limit=DUE_BATCH,
                shard_count=self.shards.count if self.shards else None,
                shard_ids=self.shards.ids if self.shards else None,
            )
        report.due = len(due)
        if not due:
            return report
        # Sends overlap (Discord calls are the slow part); each guild's claim and record
        # stay short transactions of their own.
        limit = asyncio.Semaphore(CONCURRENCY)

        async def serve_one(guild_id: int) -> None:
            async with limit:
                try:
                    await self.serve(guild_id, report)
                except Exception:
                    # One guild's failure must not stop the others; retried next tick.
                    log.exception("daily post for guild %s failed", guild_id)

        await asyncio.gather(*(serve_one(guild_id) for guild_id in due))
        return report

    async def serve(self, guild_id: int, report: TickReport | None = None) -> None:
        """Reveal what is due and make the guild's owed post, if any."""
        report = report if report is not None else TickReport()
        now = self.clock()
        for reveal in await self._claim_reveals(guild_id, now):
            try:
                await self._deliver_reveal(reveal, report)
            except Exception:
                # Its lease runs out and it is retried; the day's post goes on meanwhile.
                log.exception("reveal of a daily post in guild %s failed", guild_id)
        claim = await self._claim(guild_id, now)
        if claim is None:
            report.busy += 1
            return
        if isinstance(claim, _Claim):
            await self._deliver(claim, report)

    async def post_now(self, guild_id: int) -> int:
        """`/daily post-now`: an extra post today, sent at once; its message id."""
        now = self.clock()
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            schedule = await repo.schedule(guild_id, lock=True)
            if schedule is None:
                raise NoScheduleError("This server has no daily question: use /daily setup.")
            day = local_date(now, schedule_zone(schedule))
            claim = await self._new_claim(repo, schedule, day, now, extra=True)
            # Should this process die before recording it, another takes it over.
            if schedule.next_due_utc is not None and not schedule.paused:
                schedule.next_due_utc = min(schedule.next_due_utc, now + LEASE)
        report = TickReport()
        await self._deliver(claim, report, raise_errors=True)
        async with reading(self.sessions) as session:
            post = await DailyRepository(session).post(claim.post.post_id)
        if post is None or post.message_id is None:
            raise CoachError("The post could not be sent: try again in a minute.")
        return post.message_id

    # -- claim -------------------------------------------------------------------------

    async def _claim(self, guild_id: int, now: datetime) -> _Claim | bool | None:
        """Claim the owed post. A `_Claim` to send; True: nothing owed now; None: busy."""
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            schedule = await repo.schedule(guild_id, lock=True)
            if schedule is None or schedule.paused:
                return True
            if schedule.next_due_utc is None or schedule.next_due_utc > now:
                return True  # served by another process since the due query
            await refresh_next_due(repo, schedule, now)
            extra = await repo.unsent_extra(guild_id, local_date(now, schedule_zone(schedule)), now)
            if extra is not None and await repo.take_over(
                extra.id, expired_before=now, lease_until=now + LEASE, owner=self.owner
            ):
                # A `/daily post-now` post whose send failed: retried before anything else
                # (the day's post, if due too, follows at the next tick).
                schedule.next_due_utc = now
                return _Claim(
                    post=await self._outgoing(repo, schedule, extra),
                    attempts=extra.attempts,
                    last_attempt_at=extra.last_attempt_at,
                )
            if schedule.next_post_utc is None or schedule.next_post_day is None:
                return True
            if schedule.next_post_utc > now:
                return True  # only a reveal was due
            day = schedule.next_post_day
            existing = await repo.scheduled_post(guild_id, day)
            if existing is None:
                try:
                    async with session.begin_nested():
                        return await self._new_claim(repo, schedule, day, now)
                except IntegrityError:
                    # Another process claimed the day between our read and insert.
                    schedule.next_due_utc = now + LEASE
                    return None
            taken = await repo.take_over(
                existing.id, expired_before=now, lease_until=now + LEASE, owner=self.owner
            )
            if not taken:
                # Someone holds a live lease: look again when it runs out.
                schedule.next_due_utc = max(existing.lease_until or now, now + RETRY_AFTER)
                return None
            if existing.lease_until is not None and existing.lease_until <= now:
                log.info("taking over guild %s's daily post for %s", guild_id, day)
            schedule.next_due_utc = now + LEASE
            return _Claim(
                post=await self._outgoing(repo, schedule, existing),
                attempts=existing.attempts,
                last_attempt_at=existing.last_attempt_at,
            )

    async def _new_claim(
        self,
        repo: DailyRepository,
        schedule: DailySchedule,
        day: date,
        now: datetime,
        *,
        extra: bool = False,
    ) -> _Claim:
        choice = await self._choose(repo, schedule)
        quizzes = QuizSessionRepository(repo.session)
        quiz = await quizzes.create(
            QuizSession(
                guild_id=schedule.guild_id,
                channel_id=schedule.channel_id,
                owner_id=None,
                question_id=choice.question.id,
                topic=choice.question.topic,
                difficulty=str(choice.question.difficulty),
                source=str(Source.DAILY),
                created_at=now,
                expires_at=None,
            )
        )
        post = await repo.add_post(
            DailyPost(
                guild_id=schedule.guild_id,
                local_date=day,
                extra=extra,
                number=day_number(day, schedule.first_day),
                channel_id=schedule.channel_id,
                question_id=choice.question.id,
                session_id=quiz.id,
                nonce=str(secrets.randbits(63)),
                claimed_by=self.owner,
                claimed_at=now,
                lease_until=now + LEASE,
                attempts=0,
            )
        )
        if not extra:
            schedule.next_due_utc = now + LEASE
        return _Claim(
            post=await self._outgoing(repo, schedule, post), attempts=0, last_attempt_at=None
        )

    async def _choose(self, repo: DailyRepository, schedule: DailySchedule) -> Choice:
        mix = DifficultyMix(schedule.difficulty)
        candidates = pool(self.bank, schedule.topics, mix)
        posted = await repo.posted_questions(schedule.guild_id)
        return choose(candidates, posted, mix=mix, number=len(posted) + 1, rng=self.rng)

    async def _outgoing(
        self, repo: DailyRepository, schedule: DailySchedule, post: DailyPost
    ) -> OutgoingPost:
        question = self.bank.get(post.question_id)
        if question is None:  # left the bank since the claim: cannot be rendered
            raise CoachError(f"question {post.question_id} is no longer in the bank")
        previous = await repo.last_sent(schedule.guild_id)
        return OutgoingPost(
            post_id=post.id,
            guild_id=post.guild_id,
            channel_id=post.channel_id,
            session_id=post.session_id or 0,
            nonce=post.nonce,
            question=question,
            number=post.number,
            local_date=post.local_date,
            role_id=schedule.role_id,
            open_thread=schedule.open_thread,
            pin=schedule.pin,
            extra=post.extra,
            previous_message_id=previous.message_id
            if previous is not None and previous.channel_id == post.channel_id
            else None,
        )

    # -- send and record ---------------------------------------------------------------

    async def _deliver(
        self, claim: _Claim, report: TickReport, *, raise_errors: bool = False
    ) -> None:
        post = claim.post
        now = self.clock()
        sent: Sent | None = None
        if claim.attempts and (
            claim.last_attempt_at is None or now - claim.last_attempt_at > NONCE_SAFE
        ):
            # The nonce may have expired: the message might exist already.
            try:
                sent = await self.poster.find_sent(post.channel_id, post.session_id)
            except (DeliveryError, ChannelUnavailableError) as error:
                log.info("could not read guild %s's recent messages: %s", post.guild_id, error)
        if sent is None:
            async with self.sessions.begin() as session:
                await DailyRepository(session).mark_attempt(post.post_id, now)
            try:
                sent = await self.poster.send(post)
            except DeliveryError as error:
                log.warning("daily post for guild %s failed, retrying: %s", post.guild_id, error)
                report.retried += 1
                await self._release(post, self.clock() + RETRY_AFTER)
                if raise_errors:
                    raise CoachError(
                        "Discord had a temporary problem taking the post: "
                        "I'll retry it automatically in a minute."
                    ) from error
                return
            except ChannelUnavailableError as error:
                report.paused += 1
                await self._pause(post, str(error))
                if raise_errors:
                    raise CoachError(f"The post could not be sent: {error}") from error
                return
        await self._record(post, sent)
        report.posted += 1

    async def _release(self, post: OutgoingPost, retry_at: datetime) -> None:
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            # An extra post waits for its retry in its lease; the day's post is owed anyway.
            await repo.release(post.post_id, self.owner, retry_at if post.extra else None)
            schedule = await repo.schedule(post.guild_id, lock=True)
            if schedule is not None and not schedule.paused:
                due = schedule.next_due_utc
                if not post.extra or due is None or due > retry_at:
                    schedule.next_due_utc = retry_at

    async def _pause(self, post: OutgoingPost, reason: str) -> None:
        await self._pause_guild(post.guild_id, reason, post_id=post.post_id)

    async def _pause_guild(
        self,
        guild_id: int,
        reason: str,
        *,
        post_id: int | None = None,
        reveal_of: int | None = None,
    ) -> None:
        """Pause the schedule, release our claim (post or reveal), tell the moderators."""
        now = self.clock()
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            if post_id is not None:
                await repo.release(post_id, self.owner)
            if reveal_of is not None:
                await repo.release_reveal(reveal_of, self.owner, None)
            schedule = await repo.schedule(guild_id, lock=True)
            if schedule is None:
                return
            schedule.paused = True
            schedule.paused_reason = reason[:300]
            moderator = schedule.configured_by
            await refresh_next_due(repo, schedule, now)
        log.warning("daily posts paused in guild %s: %s", guild_id, reason)
        text = (
            f"The daily question is paused: {reason} Fix it, then use /daily resume "
            "(or /daily setup with another channel)."
        )
        try:
            await self.poster.notify(guild_id, moderator, text)
        except Exception:
            log.exception("could not tell guild %s's moderators about the pause", guild_id)

    async def _record(self, post: OutgoingPost, sent: Sent) -> None:
        now = self.clock()
        warning: tuple[int, str] | None = None
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            schedule = await repo.schedule(post.guild_id, lock=True)
            reveal_at: datetime | None = None
            if schedule is not None:
                if schedule.reveal_after_hours is not None:
                    reveal_at = now + timedelta(hours=schedule.reveal_after_hours)
                elif not post.extra:
                    # Default: reveal when the next post goes out.
                    following = next_post(
                        now, schedule_time(schedule), schedule_zone(schedule), post.local_date
                    )
                    reveal_at = following.due
                else:
                    reveal_at = schedule.next_post_utc
            recorded = await repo.record_sent(
                post.post_id,
                message_id=sent.message_id,
                thread_id=sent.thread_id,
                posted_at=now,
                reveal_at=reveal_at,
            )
            if recorded and reveal_at is not None:
                await repo.expire_session(post.session_id, reveal_at)
            if schedule is not None:
                await refresh_next_due(repo, schedule, now)
                warning = await self._warning(repo, schedule)
        if warning is not None:
            try:
                await self.poster.notify(post.guild_id, *warning)
            except Exception:
                log.exception("could not warn guild %s's moderators", post.guild_id)

    async def _warning(
        self, repo: DailyRepository, schedule: DailySchedule
    ) -> tuple[int, str] | None:
        """Warn once per round when a week of unposted questions is left."""
        mix = DifficultyMix(schedule.difficulty)
        candidates = pool(self.bank, schedule.topics, mix)
        if not candidates:
            return None
        posted = await repo.posted_questions(schedule.guild_id)
        counts = {q.id: 0 for q in candidates}
        for question_id in posted:
            if question_id in counts:
                counts[question_id] += 1
        fewest = min(counts.values())
        left = sum(1 for n in counts.values() if n == fewest)
        if left > WARN_REMAINING or schedule.warned_round == fewest:
            return None
        schedule.warned_round = fewest
        return (
            schedule.configured_by,
            f"Heads-up: the daily question has {left} unposted question(s) left in its topics. "
            "After that questions start repeating; add topics with /daily setup.",
        )

    # -- reveal ------------------------------------------------------------------------

    async def _claim_reveals(self, guild_id: int, now: datetime) -> list[_RevealClaim]:
        """Claim every due reveal with a lease (a short transaction of its own)."""
        claims: list[_RevealClaim] = []
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            schedule = await repo.schedule(guild_id, lock=True)
            if schedule is None or schedule.paused:
                return []
            for post in await repo.pending_reveals(guild_id, now):
                held = await repo.claim_reveal(
                    post.id,
                    now=now,
                    lease_until=now + LEASE,
                    owner=self.owner,
                    nonce=str(secrets.randbits(63)),
                )
                if held is None:
                    continue
                assert post.message_id is not None
                session_id = post.session_id or 0
                reveal = RevealPost(
                    post_id=post.id,
                    nonce=held.nonce,
                    guild_id=guild_id,
                    channel_id=post.channel_id,
                    message_id=post.message_id,
                    number=post.number,
                    question=self.bank.get(post.question_id),
                    question_id=post.question_id,
                    answers=await repo.answer_count(session_id),
                    top=await repo.top_scorers(session_id, TOP_SCORERS),
                )
                claims.append(
                    _RevealClaim(reveal, held.attempts, held.last_attempt_at, schedule.channel_id)
                )
            if claims:
                await refresh_next_due(repo, schedule, now)
        return claims

    async def _deliver_reveal(self, claim: _RevealClaim, report: TickReport) -> None:
        """Send a claimed reveal (nonce reused; history checked past its window), record it."""
        reveal = claim.reveal
        now = self.clock()
        message_id: int | None = None
        if claim.attempts and (
            claim.last_attempt_at is None or now - claim.last_attempt_at > NONCE_SAFE
        ):
            try:
                message_id = await self.poster.find_reveal(reveal.channel_id, reveal.message_id)
            except (DeliveryError, ChannelUnavailableError) as error:
                log.info("could not read guild %s's recent messages: %s", reveal.guild_id, error)
        if message_id is None:
            async with self.sessions.begin() as session:
                await DailyRepository(session).mark_reveal_attempt(reveal.post_id, now)
            try:
                message_id = await self.poster.reveal(reveal)
            except DeliveryError as error:
                log.warning("reveal in guild %s failed, retrying: %s", reveal.guild_id, error)
                report.retried += 1
                await self._release_reveal(reveal, self.clock() + RETRY_AFTER)
                return
            except ChannelUnavailableError as error:
                if reveal.channel_id == claim.schedule_channel_id:
                    report.paused += 1
                    await self._pause_guild(reveal.guild_id, str(error), reveal_of=reveal.post_id)
                else:
                    log.warning(
                        "giving up the reveal of post %s in guild %s (old channel): %s",
                        reveal.post_id,
                        reveal.guild_id,
                        error,
                    )
                    await self._record_reveal(reveal, None)
                return
        await self._record_reveal(reveal, message_id)
        report.revealed += 1

    async def _release_reveal(self, reveal: RevealPost, retry_at: datetime) -> None:
        now = self.clock()
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            await repo.release_reveal(reveal.post_id, self.owner, retry_at)
            schedule = await repo.schedule(reveal.guild_id, lock=True)
            if schedule is not None:
                await refresh_next_due(repo, schedule, now)

    async def _record_reveal(self, reveal: RevealPost, message_id: int | None) -> None:
        now = self.clock()
        async with self.sessions.begin() as session:
            repo = DailyRepository(session)
            schedule = await repo.schedule(reveal.guild_id, lock=True)
            await repo.record_reveal(reveal.post_id, message_id=message_id, now=now)
            if schedule is not None:
                await refresh_next_due(repo, schedule, now)
