"""Reveals are never lost nor sent twice: lease, retry and nonce, like the post itself.

On SQLite and PostgreSQL. Each test posts at 14:00 UTC (09:00 in New York) and
reveals six hours later.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.db import Sessions
from bot.services.daily.config import set_paused, status
from bot.services.daily.posting import LEASE
from tests.daily.helpers import Crash, FakeClock, FakePoster, server_error
from tests.daily.test_posting import CHANNEL, GUILD, MOD, configure, posts, scheduler

POST = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
REVEAL = POST + timedelta(hours=6)


async def posted(sessions: Sessions) -> tuple[FakeClock, FakePoster]:
    clock = FakeClock(POST)
    poster = FakePoster(clock)
    await configure(sessions, clock, reveal_after_hours=6)
    assert (await scheduler(sessions, clock, poster).tick()).posted == 1
    clock.set(REVEAL)
    return clock, poster


async def test_crash_after_claiming_the_reveal_is_taken_over(sessions: Sessions) -> None:
    clock, poster = await posted(sessions)
    poster.reveal_fail.append(Crash())  # dies after the claim, before the message exists
    with pytest.raises(Crash):
        await scheduler(sessions, clock, poster).tick()
    other = scheduler(sessions, clock, poster)
    clock.advance(seconds=30)
    assert (await other.tick()).due == 0  # the dead claimer's lease holds
    clock.advance(seconds=LEASE.total_seconds())
    assert (await other.tick()).revealed == 1
    assert len(poster.reveal_messages) == 1
    assert (await other.tick()).revealed == 0
    [post] = await posts(sessions)
    assert post.revealed_at == clock() and post.reveal_message_id == poster.reveal_messages[0][0]
    assert post.reveal_attempts == 2 and post.reveal_lease_until is None


async def test_crash_after_sending_the_reveal_within_the_nonce_window(sessions: Sessions) -> None:
    clock, poster = await posted(sessions)
    poster.crash_after_reveal = 1  # the message exists, its id was never recorded
    with pytest.raises(Crash):
        await scheduler(sessions, clock, poster).tick()
    clock.advance(seconds=LEASE.total_seconds() + 1)
    assert (await scheduler(sessions, clock, poster).tick()).revealed == 1
    assert len(poster.reveal_messages) == 1 and poster.reveal_sends == 2  # nonce de-duplicated
    nonces = {reveal.nonce for _, reveal in poster.reveal_messages}
    [post] = await posts(sessions)
    assert nonces == {post.reveal_nonce} and post.reveal_nonce != post.nonce


async def test_crash_after_sending_the_reveal_past_the_nonce_window(sessions: Sessions) -> None:
    clock, poster = await posted(sessions)
    poster.crash_after_reveal = 1
    with pytest.raises(Crash):
        await scheduler(sessions, clock, poster).tick()
    clock.advance(hours=1)  # the nonce has expired: the channel is searched first
    assert (await scheduler(sessions, clock, poster).tick()).revealed == 1
    assert len(poster.reveal_messages) == 1 and poster.reveal_sends == 1
    [post] = await posts(sessions)
    assert post.reveal_message_id == poster.reveal_messages[0][0]


async def test_server_error_on_the_reveal_is_retried_with_the_same_nonce(
    sessions: Sessions,
) -> None:
    clock, poster = await posted(sessions)
    poster.reveal_fail.append(server_error())
    daily = scheduler(sessions, clock, poster)
    report = await daily.tick()
    assert report.retried == 1 and report.revealed == 0
    assert (await daily.tick()).due == 0  # the retry waits a minute
    clock.advance(minutes=1)
    assert (await daily.tick()).revealed == 1
    assert len(poster.reveal_messages) == 1
    # The next day's post goes out whatever happened to the reveal.
    clock.set(POST + timedelta(days=1))
    assert (await daily.tick()).posted == 1


async def test_a_failing_reveal_does_not_hold_up_the_post(sessions: Sessions) -> None:
    clock = FakeClock(POST)
    poster = FakePoster(clock)
    await configure(sessions, clock)  # reveal when the next post goes out
    daily = scheduler(sessions, clock, poster)
    await daily.tick()
    clock.set(POST + timedelta(days=1))
    poster.reveal_fail.append(server_error())
    report = await daily.tick()
    assert (report.posted, report.revealed, report.retried) == (1, 0, 1)
    clock.advance(minutes=1)
    assert (await daily.tick()).revealed == 1
    assert poster.days(GUILD) == ["2025-03-03", "2025-03-04"] and len(poster.reveals) == 1


async def test_lost_channel_on_reveal_pauses_then_reveals_on_resume(sessions: Sessions) -> None:
    clock, poster = await posted(sessions)
    poster.gone_channels.add(CHANNEL)
    daily = scheduler(sessions, clock, poster)
    assert (await daily.tick()).paused == 1
    found = await status(sessions, guild_id=GUILD)
    assert found.schedule.paused and found.schedule.next_due_utc is None
    assert [(g, m) for g, m, _ in poster.notices] == [(GUILD, MOD)]
    poster.gone_channels.clear()
    clock.advance(minutes=10)
    await set_paused(sessions, guild_id=GUILD, paused=False, now=clock())
    assert (await daily.tick()).revealed == 1
    assert len(poster.reveal_messages) == 1


async def test_reveal_in_a_channel_the_schedule_left_is_given_up(sessions: Sessions) -> None:
    clock, poster = await posted(sessions)
    await configure(sessions, clock, reveal_after_hours=6, channel_id=CHANNEL + 1)
    poster.gone_channels.add(CHANNEL)
    daily = scheduler(sessions, clock, poster)
    report = await daily.tick()
    assert report.paused == 0 and report.revealed == 0
    [post] = await posts(sessions)
    assert post.revealed_at is not None and post.reveal_message_id is None
    found = await status(sessions, guild_id=GUILD)
    assert not found.schedule.paused
