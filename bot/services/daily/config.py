"""Setting up, pausing, resuming and skipping a guild's daily schedule; its status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.bank.models import Bank
from bot.db.engine import Sessions, reading
from bot.db.models import DailyPost, DailySchedule
from bot.db.repositories.daily import DailyRepository
from bot.services.clock import as_utc
from bot.services.daily.choice import DifficultyMix, pool
from bot.services.daily.schedule import (
    InvalidScheduleError,
    local_date,
    next_post,
    parse_time,
    parse_zone,
)
from bot.services.errors import CoachError

MAX_REVEAL_HOURS = 72
MAX_TOPICS = 10


class NoScheduleError(CoachError):
    """The guild has no daily schedule yet."""


@dataclass(frozen=True, slots=True)
class ScheduleRequest:
    """What a moderator asked for in `/daily setup`, still as typed."""

    channel_id: int
    post_time: str
    timezone: str
    configured_by: int
    role_id: int | None = None
    topics: Sequence[str] = ()
    difficulty: str = DifficultyMix.MIX.value
    reveal_after_hours: int | None = None
    open_thread: bool = False
    pin: bool = False


@dataclass(frozen=True, slots=True)
class Status:
    schedule: DailySchedule
    zone: ZoneInfo
    last_post: DailyPost | None
    posts: int


def schedule_time(schedule: DailySchedule) -> time:
    return parse_time(schedule.post_time)


def schedule_zone(schedule: DailySchedule) -> ZoneInfo:
    return parse_zone(schedule.timezone)


def parse_topics(bank: Bank, text: str | Sequence[str] | None) -> list[str]:
    """Comma-separated topic slugs or names; refuse unknown ones with the known list."""
    if text is None:
        return []
    parts = text.split(",") if isinstance(text, str) else list(text)
    found: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        topic = next(
            (t for t in bank.topics if part.casefold() in (t.slug.casefold(), t.name.casefold())),
            None,
        )
        if topic is None:
            known = ", ".join(t.slug for t in bank.topics)
            raise InvalidScheduleError(
                f"There is no topic {part[:40]!r}: use comma-separated topics such as {known}."
            )
        if topic.slug not in found:
            found.append(topic.slug)
    if len(found) > MAX_TOPICS:
        raise InvalidScheduleError(f"At most {MAX_TOPICS} topics, for example databases,apis.")
    return found


async def refresh_next_due(repo: DailyRepository, schedule: DailySchedule, now: datetime) -> None:
    """Recompute the stored next post and next-due instant (after a post or a settings change)."""
    if schedule.paused:
        schedule.next_post_day = None
        schedule.next_post_utc = None
        schedule.next_due_utc = None
        return
    zone = schedule_zone(schedule)
    sent = await repo.last_sent_day(schedule.guild_id)
    done = max((d for d in (sent, schedule.skip_through) if d is not None), default=None)
    upcoming = next_post(now, schedule_time(schedule), zone, done)
    schedule.next_post_day = upcoming.day
    schedule.next_post_utc = upcoming.due
    reveal = await repo.next_reveal(schedule.guild_id)
    # A `/daily post-now` post whose send failed is retried today.
    retry = await repo.next_extra_retry(schedule.guild_id, local_date(now, zone))
    schedule.next_due_utc = min(t for t in (upcoming.due, reveal, retry) if t is not None)
    schedule.updated_at = now


async def setup_schedule(
    sessions: Sessions,
    bank: Bank,
    *,
    guild_id: int,
    request: ScheduleRequest,
    now: datetime | None = None,
) -> Status:
    """Create or replace the guild's schedule (validated), and compute its next post."""
    now = as_utc(now)
    at = parse_time(request.post_time)
    zone = parse_zone(request.timezone)
    topics = parse_topics(bank, request.topics)
    try:
        mix = DifficultyMix(request.difficulty.strip().casefold())
    except ValueError:
        raise InvalidScheduleError(
            f"{request.difficulty[:20]!r} is not a difficulty: use any, mix, easy, medium or hard."
        ) from None
    hours = request.reveal_after_hours
    if hours is not None and not 1 <= hours <= MAX_REVEAL_HOURS:
        raise InvalidScheduleError(
            f"reveal_after_hours must be 1 to {MAX_REVEAL_HOURS}, for example 12 "
            "(or leave it out to reveal when the next post goes out)."
        )
    if not pool(bank, topics, mix):
        raise InvalidScheduleError(
            "No questions match those topics and that difficulty: try difficulty any."
        )
    async with sessions.begin() as session:
        repo = DailyRepository(session)
        schedule = await repo.schedule(guild_id, lock=True)
        new = schedule is None
        if schedule is None:
            schedule = DailySchedule(
                guild_id=guild_id, first_day=local_date(now, zone), updated_at=now
            )
        schedule.channel_id = request.channel_id
        schedule.post_time = at.strftime("%H:%M")
        schedule.timezone = zone.key
        schedule.role_id = request.role_id
        schedule.topics = topics
        schedule.difficulty = mix.value
        schedule.reveal_after_hours = hours
        schedule.open_thread = request.open_thread
        schedule.pin = request.pin
        schedule.paused = False
        schedule.paused_reason = None
        schedule.configured_by = request.configured_by
        if new:
            await repo.add_schedule(schedule)
        await refresh_next_due(repo, schedule, now)
        return await _status(repo, schedule)


async def status(sessions: Sessions, *, guild_id: int) -> Status:
    async with reading(sessions) as session:
        repo = DailyRepository(session)
        schedule = await repo.schedule(guild_id)
        if schedule is None:
            raise NoScheduleError(_NO_SCHEDULE)
        return await _status(repo, schedule)


async def set_paused(
    sessions: Sessions,
    *,
    guild_id: int,
    paused: bool,
    reason: str | None = None,
    now: datetime | None = None,
) -> Status:
    """Pause (no posts, no reveals) or resume the schedule; resuming owes only today's post."""
    now = as_utc(now)
    async with sessions.begin() as session:
        repo = DailyRepository(session)
        schedule = await repo.schedule(guild_id, lock=True)
        if schedule is None:
            raise NoScheduleError(_NO_SCHEDULE)
        schedule.paused = paused
        schedule.paused_reason = reason if paused else None
        await refresh_next_due(repo, schedule, now)
        return await _status(repo, schedule)


async def skip_next(sessions: Sessions, *, guild_id: int, now: datetime | None = None) -> date:
    """Skip the next scheduled post; the local date skipped."""
    now = as_utc(now)
    async with sessions.begin() as session:
        repo = DailyRepository(session)
        schedule = await repo.schedule(guild_id, lock=True)
        if schedule is None:
            raise NoScheduleError(_NO_SCHEDULE)
        if schedule.paused:
            raise CoachError("The daily question is paused: resume it first with /daily resume.")
        await refresh_next_due(repo, schedule, now)
        skipped = schedule.next_post_day
        assert skipped is not None
        schedule.skip_through = skipped
        await refresh_next_due(repo, schedule, now)
        return skipped


async def _status(repo: DailyRepository, schedule: DailySchedule) -> Status:
    return Status(
        schedule=schedule,
        zone=schedule_zone(schedule),
        last_post=await repo.last_sent(schedule.guild_id),
        posts=await repo.count_posts(schedule.guild_id),
    )


_NO_SCHEDULE = (
    "This server has no daily question yet: set one up with "
    "/daily setup channel:#general time:09:00 timezone:Europe/Berlin."
)
