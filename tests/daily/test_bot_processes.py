"""End to end through the emulator: the optional thread and pin, and two bot processes
sharing one database (SQLite and PostgreSQL) posting exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.app import CoachBot
from bot.db.models import DailyPost
from tests.bot.harness import settings_for, start_coach
from tests.daily.helpers import FakeClock
from tests.daily.test_bot import DUE, START, cog_of, posts, setup_daily, start
from tests.dbfixtures import sqlite_url
from tests.fake_discord import FakeDiscord
from tests.fake_discord import permissions as perm
from tests.fake_discord.pytest_plugin import *  # noqa: F403
from tests.fake_discord.state import Member


def moderator_of(emu: FakeDiscord) -> Member:
    role = emu.add_role(emu.guild, "mods", perm.MANAGE_GUILD)
    return emu.add_member(emu.guild, "mod", roles=[role])


def reveals(emu: FakeDiscord) -> list[int]:
    return [
        m.id
        for m in emu.messages_in(emu.channel)
        if m.author.id == emu.bot_user.id and m.embeds and m.embeds[0]["title"].startswith("Reveal")
    ]


async def test_thread_and_pin_unpinning_the_previous_post(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    emu = fake_discord
    clock = FakeClock(START)
    moderator = moderator_of(emu)
    emu.set_bot_permissions(emu.guild, perm.DEFAULT_BOT | perm.MANAGE_MESSAGES)
    bot, cog = await start(emu, settings_for(emu, sqlite_url(tmp_path)), clock)
    reply = await setup_daily(emu, moderator, thread=True, pin=True)
    assert reply["content"] == "Daily question set up."
    clock.set(DUE)
    assert (await cog.scheduler.tick()).posted == 1
    [first] = posts(emu)
    assert [m.id for m in emu.pinned_in(emu.channel)] == [first.id]
    [thread] = emu.threads_of(emu.channel)
    assert thread.name == "Question of the day #1" and thread.id == first.id  # on the post
    clock.advance(days=1)
    assert (await cog.scheduler.tick()).posted == 1
    first, second = posts(emu)
    assert [m.id for m in emu.pinned_in(emu.channel)] == [second.id]  # day 1 unpinned
    assert not emu.world.messages[first.id].pinned
    assert sorted(t.name for t in emu.threads_of(emu.channel)) == [
        "Question of the day #1",
        "Question of the day #2",
    ]
    async with bot.sessions() as session:
        threads = list(await session.scalars(select(DailyPost.thread_id).order_by(DailyPost.id)))
    assert threads == [first.id, second.id]
    emu.assert_no_pings()


async def test_two_bot_processes_sharing_one_database_post_once(
    fake_discord: FakeDiscord, database_url: str
) -> None:
    emu = fake_discord
    clock = FakeClock(START)
    moderator = moderator_of(emu)
    settings = settings_for(emu, database_url)
    bots: list[CoachBot] = []
    try:
        # Two processes of the bot, each with its own engine and scheduler. (The emulator
        # hands an interaction to every connected session, so the second starts after
        # the moderator's /daily setup.)
        bots.append(await start_coach(emu, settings, clock=clock))
        await setup_daily(emu, moderator)
        bots.append(await start_coach(emu, settings, clock=clock))
        first, second = (cog_of(bot) for bot in bots)
        assert first.scheduler.owner != second.scheduler.owner
        assert bots[0].database is not bots[1].database
        while clock() < DUE + timedelta(days=2, hours=1):
            await asyncio.gather(
                first.scheduler.tick(), second.scheduler.tick(), first.scheduler.tick()
            )
            clock.advance(minutes=15)
        titles = [m.embeds[0]["title"] for m in posts(emu)]
        assert titles == [f"Question of the day #{n}" for n in (1, 2, 3)]
        assert len(reveals(emu)) == 2  # days 1 and 2, each revealed once by the next post
        async with bots[1].sessions() as session:
            count = await session.scalar(select(func.count()).select_from(DailyPost))
            revealed = await session.scalar(
                select(func.count())
                .select_from(DailyPost)
                .where(DailyPost.reveal_message_id.is_not(None))
            )
        assert (count, revealed) == (3, 2)
        sends = emu.recorder.requests_to("POST /channels/{channel_id}/messages")
        titles = sorted(r.body["embeds"][0]["title"] for r in sends if r.body)
        # Three posts, two reveals, and the "running out" heads-up (a 4-question bank)
        # once: nothing sent twice.
        assert len(sends) == len(titles) == 6
        assert titles.count("Daily question") == 1
        assert sum(t.startswith("Reveal") for t in titles) == 2
        assert clock() > datetime(2025, 3, 5, 14, 0, tzinfo=UTC)
    finally:
        for bot in bots:
            await emu.stop_bot(bot)
