"""`/leaderboard period:streak`: live daily streaks by the server's zone, on both engines and
end to end through the emulator."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.db import Sessions
from bot.db.models import Member as MemberRow
from bot.services.leaderboard import streak_leaderboard
from bot.settings import Settings as BotSettings
from tests.bot.harness import custom_ids, field, settings_for
from tests.daily.helpers import FakeClock
from tests.daily.test_bot import DUE, START, posts, setup_daily, start
from tests.dbfixtures import sqlite_url
from tests.fake_discord import FakeDiscord
from tests.fake_discord import permissions as perm
from tests.fake_discord.pytest_plugin import *  # noqa: F403
from tests.fake_discord.state import Member, Message

NY = ZoneInfo("America/New_York")
GUILD, OTHER = 10, 20
# 22:00 on 2025-03-05 in New York, already the 6th in UTC.
NOW = datetime(2025, 3, 6, 3, 0, tzinfo=UTC)
TODAY = date(2025, 3, 5)


async def seed(sessions: Sessions) -> None:
    rows = [
        # member, current, best, last day answered (New York)
        (1, 3, 5, TODAY),
        (2, 3, 5, TODAY - timedelta(days=1)),  # same streaks as 1: same rank
        (3, 3, 4, TODAY - timedelta(days=1)),  # alive in New York, broken by UTC's date
        (4, 7, 7, TODAY - timedelta(days=2)),  # broken: off the board
        (5, 1, 9, TODAY),
        (6, 0, 2, None),
    ]
    async with sessions.begin() as session:
        for member, current, best, day in rows:
            session.add(
                MemberRow(
                    guild_id=GUILD,
                    member_id=member,
                    attempts=current or 1,
                    current_streak=current,
                    best_streak=best,
                    streak_day=day,
                    first_seen_at=NOW - timedelta(days=10),
                )
            )
        session.add(
            MemberRow(
                guild_id=OTHER,
                member_id=1,
                attempts=9,
                current_streak=9,
                best_streak=9,
                streak_day=TODAY,
                first_seen_at=NOW,
            )
        )


async def test_streak_board_order_ranks_zone_and_own_rank(sessions: Sessions) -> None:
    await seed(sessions)
    board = await streak_leaderboard(
        sessions, guild_id=GUILD, zone=NY, now=NOW, page_size=2, member_id=5
    )
    assert board.today == TODAY and board.size == 4 and board.pages == 2
    assert [(s.rank, s.member_id, s.streak, s.best) for s in board.entries] == [
        (1, 1, 3, 5),
        (1, 2, 3, 5),
    ]
    assert board.me is not None and (board.me.rank, board.me.streak) == (4, 1)  # off the page
    second = await streak_leaderboard(
        sessions, guild_id=GUILD, zone=NY, now=NOW, page=2, page_size=2, member_id=2
    )
    assert [(s.rank, s.member_id) for s in second.entries] == [(3, 3), (4, 5)]
    assert second.me is not None and second.me.rank == 1
    broken = await streak_leaderboard(sessions, guild_id=GUILD, zone=NY, now=NOW, member_id=4)
    assert broken.me is None and 4 not in {s.member_id for s in broken.entries}
    # By UTC's date (the 6th) members 2 and 3 (last answered on the 4th) are broken.
    utc = await streak_leaderboard(sessions, guild_id=GUILD, zone=UTC, now=NOW)
    assert [s.member_id for s in utc.entries] == [1, 5]
    empty = await streak_leaderboard(sessions, guild_id=99, now=NOW, member_id=1)
    assert empty.entries == () and empty.size == 0 and empty.me is None


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(fake_discord: FakeDiscord, tmp_path: Path) -> BotSettings:
    return settings_for(fake_discord, sqlite_url(tmp_path))


async def _answer(emu: FakeDiscord, post: Message, member: Member) -> None:
    button = next(c for c in custom_ids(post.components) if c.startswith("ic:daily:"))
    click = await emu.click(post, button, member=member)
    assert (await click.response()).modal is not None
    await (await click.submit_modal({"answer": "atomicity consistency"})).response()


async def test_leaderboard_streak_view_end_to_end(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock
) -> None:
    emu = fake_discord
    mods = emu.add_role(emu.guild, "mods", perm.MANAGE_GUILD)
    moderator = emu.add_member(emu.guild, "mod", roles=[mods])
    bob = emu.add_member(emu.guild, "bob")
    _bot, cog = await start(emu, settings, clock)
    await setup_daily(emu, moderator, topics="databases")
    # Day 1 (New York): Alice and Bob answer. Day 2: only Alice, late in her evening,
    # when it is already the next day in UTC.
    clock.set(DUE)
    await cog.scheduler.tick()
    for member in (emu.member, bob):
        await _answer(emu, posts(emu)[-1], member)
    clock.set(DUE + timedelta(days=1))
    await cog.scheduler.tick()
    clock.set(datetime(2025, 3, 5, 3, 30, tzinfo=UTC))  # 22:30 on the 4th in New York
    await _answer(emu, posts(emu)[-1], emu.member)
    handle = await emu.slash("leaderboard", {"period": "streak"})
    reply = await handle.response()
    embed = reply.embeds[0]
    assert not reply.ephemeral and embed["title"] == "Leaderboard — daily streaks"
    lines = embed["description"].split("\n")
    assert lines == [
        f"**1.** <@{emu.member.id}> — 2 days (best 2) ← you",
        f"**2.** <@{bob.id}> — 1 day (best 1)",
    ]
    assert field(embed, "Your rank") == "#1 of 2 — 2 day(s) (best 2)"
    assert "2025-03-04" in embed["footer"]["text"]  # the server's local date
    owner = emu.member.id
    assert custom_ids(reply) == [f"ic:lb:{owner}:streak:0:*", f"ic:lb:{owner}:streak:2:*"]
    # The moderator never answered: no rank, told how to start one.
    other = await (
        await emu.slash("leaderboard", {"period": "streak"}, member=moderator)
    ).response()
    assert field(other.embeds[0], "Your rank").startswith("No streak yet")
    # Two days later Bob's streak is broken and Alice's is too (nobody answered yesterday).
    clock.advance(days=2)
    later = await (await emu.slash("leaderboard", {"period": "streak"})).response()
    assert later.embeds[0]["description"].startswith("Nobody has a streak going")
    emu.assert_no_pings()
