"""`/daily post-now`: an extra post that fails on a temporary Discord error is retried.

Service tests on SQLite and PostgreSQL, then end to end through the emulator.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.db import Sessions
from bot.services.daily.posting import LEASE
from bot.services.errors import CoachError
from tests.bot.harness import settings_for
from tests.daily.helpers import Crash, FakeClock, FakePoster, server_error
from tests.daily.test_bot import posts as emulator_posts
from tests.daily.test_bot import setup_daily, start
from tests.daily.test_posting import GUILD, START, configure, posts, scheduler
from tests.dbfixtures import sqlite_url
from tests.fake_discord import FakeDiscord
from tests.fake_discord import permissions as perm
from tests.fake_discord.pytest_plugin import *  # noqa: F403


async def test_post_now_after_a_server_error_is_retried_once(sessions: Sessions) -> None:
    clock = FakeClock(START)
    poster = FakePoster(clock, fail=[server_error()])
    await configure(sessions, clock)
    daily = scheduler(sessions, clock, poster)
    with pytest.raises(CoachError, match="retry it automatically"):
        await daily.post_now(GUILD)
    assert (await daily.tick()).due == 0  # the retry waits a minute
    clock.advance(minutes=1)
    assert (await daily.tick()).posted == 1
    assert (await daily.tick()).posted == 0
    [extra] = await posts(sessions)
    assert extra.extra and extra.message_id == poster.messages[0].id and extra.attempts == 2
    assert poster.messages[0].post.nonce == extra.nonce
    # The day's own post is unaffected.
    clock.set(datetime(2025, 3, 3, 14, 0, tzinfo=UTC))
    assert (await daily.tick()).posted == 1
    assert [p.extra for p in await posts(sessions)] == [True, False]


async def test_post_now_crashed_mid_send_is_taken_over(sessions: Sessions) -> None:
    clock = FakeClock(START)
    poster = FakePoster(clock, fail=[Crash()])
    await configure(sessions, clock)
    with pytest.raises(Crash):
        await scheduler(sessions, clock, poster).post_now(GUILD)
    other = scheduler(sessions, clock, poster)
    clock.advance(seconds=30)
    assert (await other.tick()).posted == 0  # the lease still holds
    clock.advance(seconds=LEASE.total_seconds())
    assert (await other.tick()).posted == 1
    assert len(poster.messages) == 1 and poster.messages[0].post.extra


async def test_failed_extra_is_not_owed_the_next_day(sessions: Sessions) -> None:
    clock = FakeClock(START)
    poster = FakePoster(clock)
    await configure(sessions, clock, post_time="06:00")  # today's post already went by
    daily = scheduler(sessions, clock, poster)
    assert (await daily.tick()).posted == 1  # late, once
    poster.fail.append(server_error())
    with pytest.raises(CoachError):
        await daily.post_now(GUILD)
    clock.set(datetime(2025, 3, 4, 11, 0, tzinfo=UTC))  # 06:00 the next day in New York
    assert (await daily.tick()).posted == 1
    assert [m.post.extra for m in poster.messages] == [False, False]


async def test_post_now_end_to_end_server_error_then_retry(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    emu = fake_discord
    clock = FakeClock(START)
    role = emu.add_role(emu.guild, "mods", perm.MANAGE_GUILD)
    moderator = emu.add_member(emu.guild, "mod", roles=[role])
    _bot, cog = await start(emu, settings_for(emu, sqlite_url(tmp_path)), clock)
    await setup_daily(emu, moderator)
    emu.faults.server_error("POST /channels/{channel_id}/messages", status=503)
    handle = await emu.slash("daily post-now", member=moderator)
    assert (await handle.response()).deferred
    [reply] = await handle.followups(1)
    assert "retry it automatically" in reply.embeds[0]["description"]
    assert emulator_posts(emu) == []
    clock.advance(minutes=1)
    assert (await cog.scheduler.tick()).posted == 1
    [post] = emulator_posts(emu)
    assert post.embeds[0]["title"] == "Question of the day #1 (extra)"
    clock.advance(minutes=5)
    assert (await cog.scheduler.tick()).posted == 0
    assert len(emulator_posts(emu)) == 1
    sends = emu.recorder.requests_to("POST /channels/{channel_id}/messages")
    nonces = [r.body["nonce"] for r in sends if r.body and "ic:daily:" in str(r.body)]
    assert len(nonces) == 2 and nonces[0] == nonces[1]
    assert clock() < START + timedelta(hours=1)
