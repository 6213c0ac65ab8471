"""The exactly-once protocol on SQLite and PostgreSQL: claim, send, record; leases; retries."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.db import Database, Sessions, open_database
from bot.db.models import DailyPost
from bot.services import SessionExpiredError, answer
from bot.services.daily.config import (
    NoScheduleError,
    ScheduleRequest,
    set_paused,
    setup_schedule,
    skip_next,
    status,
)
from bot.services.daily.posting import LEASE, DailyScheduler, Shards
from bot.services.daily.schedule import InvalidScheduleError, due_at, window_end
from tests.daily.helpers import Crash, FakeClock, FakePoster, server_error
from tests.storage.helpers import FakeScorer, default_bank

NY = ZoneInfo("America/New_York")
GUILD = 1 << 22  # shard 1 of 2
CHANNEL = 555
MOD = 77
START = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)  # 07:00 in New York


def request(**overrides: object) -> ScheduleRequest:
    values: dict[str, object] = {
        "channel_id": CHANNEL,
        "post_time": "09:00",
        "timezone": "America/New_York",
        "configured_by": MOD,
    }
    values.update(overrides)
    return ScheduleRequest(**values)  # type: ignore[arg-type]


async def configure(sessions: Sessions, clock: FakeClock, guild: int = GUILD, **kw: object) -> None:
    await setup_schedule(
        sessions, default_bank(), guild_id=guild, request=request(**kw), now=clock()
    )


def scheduler(
    sessions: Sessions, clock: FakeClock, poster: FakePoster, **kw: object
) -> DailyScheduler:
    return DailyScheduler(sessions, default_bank(), poster, clock, rng=random.Random(3), **kw)  # type: ignore[arg-type]


async def posts(sessions: Sessions) -> list[DailyPost]:
    async with sessions() as session:
        return list(await session.scalars(select(DailyPost).order_by(DailyPost.id)))


async def test_setup_refuses_bad_input_with_examples(sessions: Sessions) -> None:
    bank = default_bank()
    cases = [
        ({"post_time": "25:00"}, "09:30"),
        ({"timezone": "Mars/Base"}, "Europe/Berlin"),
        ({"topics": ["nope"]}, "db"),
        ({"difficulty": "brutal"}, "mix"),
        ({"reveal_after_hours": 0}, "for example 12"),
        ({"topics": ["sec"], "difficulty": "hard"}, "difficulty any"),
    ]
    for overrides, example in cases:
        with pytest.raises(InvalidScheduleError, match=example):
            await setup_schedule(sessions, bank, guild_id=GUILD, request=request(**overrides))
    with pytest.raises(NoScheduleError, match="/daily setup"):
        await status(sessions, guild_id=GUILD)


async def test_setup_stores_next_due_in_utc(sessions: Sessions) -> None:
    clock = FakeClock(START)
    await configure(sessions, clock, topics=["DB"], difficulty="Easy")
    found = await status(sessions, guild_id=GUILD)
    assert found.schedule.next_due_utc == datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    assert found.schedule.topics == ["db"] and found.schedule.difficulty == "easy"
    assert found.zone == NY and found.last_post is None


async def test_posts_at_the_minute_once(sessions: Sessions) -> None:
    clock = FakeClock(START)
    poster = FakePoster(clock)
    await configure(sessions, clock)
    daily = scheduler(sessions, clock, poster)
    assert (await daily.tick()).due == 0
    clock.set(datetime(2025, 3, 3, 13, 59, 59, tzinfo=UTC))
    assert (await daily.tick()).posted == 0
    clock.set(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    assert (await daily.tick()).posted == 1
    for _ in range(3):
        clock.advance(minutes=1)
        assert (await daily.tick()).posted == 0
    assert poster.days(GUILD) == ["2025-03-03"]
    [post] = await posts(sessions)
    assert post.message_id == poster.messages[0].id and post.lease_until is None
    assert post.number == 1 and post.reveal_at == datetime(2025, 3, 4, 14, 0, tzinfo=UTC)
    found = await status(sessions, guild_id=GUILD)
    assert found.schedule.next_due_utc == datetime(2025, 3, 4, 14, 0, tzinfo=UTC)


async def test_spring_forward_and_fall_back_nights(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 8, 12, 0, tzinfo=UTC))
    poster = FakePoster(clock)
    await configure(sessions, clock, post_time="02:30")
    daily = scheduler(sessions, clock, poster)
    times = []
    for start, stop in (
        (datetime(2025, 3, 8, 12), datetime(2025, 3, 11)),
        (datetime(2025, 10, 31, 12), datetime(2025, 11, 4)),
    ):
        clock.set(start.replace(tzinfo=UTC))
        while clock() < stop.replace(tzinfo=UTC):
            report = await daily.tick()
            if report.posted:
                times.append(clock())
            clock.advance(minutes=10)
    by_day = {t.astimezone(NY).date(): t for t in times}
    assert len(by_day) == len(times)
    assert by_day[date(2025, 3, 9)] == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)  # 03:00 EDT
    assert by_day[date(2025, 11, 2)] == datetime(2025, 11, 2, 7, 30, tzinfo=UTC)  # 02:30 EST
    assert by_day[date(2025, 3, 10)] == datetime(2025, 3, 10, 6, 30, tzinfo=UTC)  # 02:30 EDT


async def test_down_at_post_time_posts_late_once_then_only_today(sessions: Sessions) -> None:
    clock = FakeClock(START)
    poster = FakePoster(clock)
    await configure(sessions, clock)
    clock.set(datetime(2025, 3, 4, 2, 0, tzinfo=UTC))  # 21:00 on the 3rd in New York
    daily = scheduler(sessions, clock, poster)
    assert (await daily.tick()).posted == 1
    assert (await daily.tick()).posted == 0
    clock.set(datetime(2025, 3, 7, 20, 0, tzinfo=UTC))  # down for three days
    assert (await daily.tick()).posted == 1
    assert poster.days(GUILD) == ["2025-03-03", "2025-03-07"]


async def test_server_error_then_success_reuses_the_nonce(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock, fail=[server_error()])
    await configure(sessions, clock)
    daily = scheduler(sessions, clock, poster)
    assert (await daily.tick()).retried == 1
    assert (await daily.tick()).due == 0  # retry waits a minute
    clock.advance(minutes=1)
    assert (await daily.tick()).posted == 1
    [post] = await posts(sessions)
    assert post.attempts == 2 and poster.messages[0].post.nonce == post.nonce
    assert poster.days(GUILD) == ["2025-03-03"]


async def test_crash_after_claim_is_taken_over_when_the_lease_expires(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock, fail=[Crash()])
    await configure(sessions, clock)
    with pytest.raises(Crash):
        await scheduler(sessions, clock, poster).tick()
    other = scheduler(sessions, clock, poster)
    clock.advance(seconds=30)
    assert (await other.tick()).posted == 0  # the lease still holds
    clock.advance(seconds=LEASE.total_seconds())
    assert (await other.tick()).posted == 1
    assert poster.days(GUILD) == ["2025-03-03"]


async def test_crash_after_send_within_the_nonce_window(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock, crash_after_send=1)
    await configure(sessions, clock)
    with pytest.raises(Crash):
        await scheduler(sessions, clock, poster).tick()
    clock.advance(seconds=LEASE.total_seconds() + 1)
    assert (await scheduler(sessions, clock, poster).tick()).posted == 1
    assert len(poster.messages) == 1 and poster.sends == 2  # de-duplicated by the nonce
    [post] = await posts(sessions)
    assert post.message_id == poster.messages[0].id


async def test_crash_after_send_past_the_nonce_window_checks_the_channel(
    sessions: Sessions,
) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock, crash_after_send=1)
    await configure(sessions, clock)
    with pytest.raises(Crash):
        await scheduler(sessions, clock, poster).tick()
    clock.advance(hours=3)  # same local day, nonce long expired
    assert (await scheduler(sessions, clock, poster).tick()).posted == 1
    assert len(poster.messages) == 1 and poster.sends == 1
    [post] = await posts(sessions)
    assert post.message_id == poster.messages[0].id


async def test_deleted_channel_pauses_and_tells_the_moderator(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock, gone_channels={CHANNEL})
    await configure(sessions, clock)
    daily = scheduler(sessions, clock, poster)
    assert (await daily.tick()).paused == 1
    found = await status(sessions, guild_id=GUILD)
    assert found.schedule.paused and found.schedule.next_due_utc is None
    assert "deleted" in (found.schedule.paused_reason or "")
    [(guild, moderator, text)] = poster.notices
    assert (guild, moderator) == (GUILD, MOD) and "/daily resume" in text
    clock.advance(minutes=5)
    assert (await daily.tick()).due == 0  # not failing every minute
    poster.gone_channels.clear()
    await set_paused(sessions, guild_id=GUILD, paused=False, now=clock())
    assert (await daily.tick()).posted == 1  # same day: the post goes out late


async def test_skip_next_and_pause(sessions: Sessions) -> None:
    clock = FakeClock(START)
    poster = FakePoster(clock)
    await configure(sessions, clock)
    assert await skip_next(sessions, guild_id=GUILD, now=clock()) == date(2025, 3, 3)
    daily = scheduler(sessions, clock, poster)
    clock.set(datetime(2025, 3, 3, 15, 0, tzinfo=UTC))
    assert (await daily.tick()).posted == 0
    await set_paused(sessions, guild_id=GUILD, paused=True, now=clock())
    clock.set(datetime(2025, 3, 4, 15, 0, tzinfo=UTC))
    assert (await daily.tick()).due == 0
    await set_paused(sessions, guild_id=GUILD, paused=False, now=clock())
    assert (await daily.tick()).posted == 1
    assert poster.days(GUILD) == ["2025-03-04"]


async def test_reveal_with_top_scorers_and_answers_counted_once(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock)
    await configure(sessions, clock, reveal_after_hours=6)
    daily = scheduler(sessions, clock, poster)
    await daily.tick()
    session_id = poster.messages[0].post.session_id
    bank = default_bank()
    for member, text in ((1, "partial x"), (2, "correct alpha"), (3, "wrong"), (2, "partial")):
        clock.advance(minutes=1)
        await answer(
            sessions,
            bank,
            FakeScorer(),
            session_id=session_id,
            member_id=member,
            text=text,
            zone=NY,
            now=clock(),
        )
    clock.set(datetime(2025, 3, 3, 19, 59, tzinfo=UTC))
    assert (await daily.tick()).revealed == 0
    clock.set(datetime(2025, 3, 3, 20, 0, tzinfo=UTC))
    assert (await daily.tick()).revealed == 1
    [reveal] = poster.reveals
    assert reveal.answers == 3
    assert [m for m, _, _ in reveal.top] == [2, 1, 3]
    with pytest.raises(SessionExpiredError):  # late answers earn nothing
        await answer(
            sessions,
            bank,
            FakeScorer(),
            session_id=session_id,
            member_id=4,
            text="correct",
            zone=NY,
            now=clock(),
        )
    assert (await daily.tick()).revealed == 0


async def test_post_now_is_extra_and_does_not_replace_the_day(sessions: Sessions) -> None:
    clock = FakeClock(START)
    poster = FakePoster(clock)
    await configure(sessions, clock)
    daily = scheduler(sessions, clock, poster)
    await daily.post_now(GUILD)
    clock.set(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    assert (await daily.tick()).posted == 1
    found = await posts(sessions)
    assert [p.extra for p in found] == [True, False]
    assert found[0].question_id != found[1].question_id


async def test_only_this_process_shards(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock)
    await configure(sessions, clock, guild=GUILD)  # shard 1
    await configure(sessions, clock, guild=2 << 22)  # shard 0
    zero = scheduler(sessions, clock, poster, shards=Shards(2, frozenset({0})))
    assert (await zero.tick()).posted == 1
    assert [m.post.guild_id for m in poster.messages] == [2 << 22]


async def test_running_out_warns_once(sessions: Sessions) -> None:
    clock = FakeClock(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    poster = FakePoster(clock)
    await configure(sessions, clock, topics=["db"])  # 10 questions
    daily = scheduler(sessions, clock, poster)
    for _ in range(5):
        await daily.tick()
        clock.advance(days=1)
    warnings = [text for _, _, text in poster.notices if "unposted" in text]
    assert len(warnings) == 1 and "7 unposted" in warnings[0]


async def test_two_schedulers_sharing_one_database_post_once(database_url: str) -> None:
    first = await open_database(database_url)
    second = await open_database(database_url)
    try:
        clock = FakeClock(datetime(2025, 3, 3, 13, 0, tzinfo=UTC))
        poster = FakePoster(clock)
        guilds = [(i + 1) << 22 for i in range(20)]
        for guild in guilds:
            await configure(first.sessions, clock, guild=guild)
        a = scheduler(first.sessions, clock, poster)
        b = scheduler(second.sessions, clock, poster)
        while clock() < datetime(2025, 3, 6, tzinfo=UTC):
            await asyncio.gather(a.tick(), b.tick(), a.tick())
            clock.advance(minutes=10)
        for guild in guilds:
            assert poster.days(guild) == ["2025-03-03", "2025-03-04", "2025-03-05"]
        async with first.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(DailyPost))
        assert count == 60 and poster.sends == 60
    finally:
        await first.close()
        await second.close()


async def test_sixty_days_with_random_restarts(database: Database) -> None:
    rnd = random.Random(8)
    clock = FakeClock(datetime(2025, 2, 20, 12, 0, tzinfo=UTC))
    poster = FakePoster(clock)
    guilds = [(i + 1) << 22 for i in range(3)]
    zones = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]
    for guild, zone in zip(guilds, zones, strict=True):
        await configure(database.sessions, clock, guild=guild, timezone=zone, post_time="02:30")
    daily = scheduler(database.sessions, clock, poster)
    end = clock() + timedelta(days=60)
    down_until = clock()
    up: list[datetime] = []  # ticks that ran to the end
    while clock() < end:
        if clock() >= down_until:
            if rnd.random() < 0.03:  # the process dies at a random point of the protocol
                if rnd.random() < 0.5:
                    poster.fail.append(Crash())
                else:
                    poster.crash_after_send += 1
            try:
                await daily.tick()
                up.append(clock())
            except Crash:
                daily = scheduler(database.sessions, clock, poster)  # restarted process
                down_until = clock() + timedelta(minutes=rnd.choice([1, 5, 30, 300, 1500]))
        clock.advance(minutes=rnd.choice([10, 30, 60]))
    for guild, name in zip(guilds, zones, strict=True):
        zone = ZoneInfo(name)
        days = poster.days(guild)
        assert len(days) == len(set(days)), "a day was posted twice"
        owed = {
            day.isoformat()
            for offset in range(61)
            if (day := date(2025, 2, 20) + timedelta(days=offset))
            and any(
                due_at(day, time(2, 30), zone) + LEASE < t < window_end(day, time(2, 30), zone)
                for t in up
            )
        }
        assert owed <= set(days), f"skipped {sorted(owed - set(days))}"
        assert len(days) >= 40
