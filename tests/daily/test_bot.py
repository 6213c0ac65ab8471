"""End to end through the emulator with a controlled clock: /daily, the post, answers, reveal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from bot.app import CoachBot
from bot.settings import Settings as BotSettings
from cogs.daily import Daily
from tests.bot.harness import custom_ids, settings_for, start_coach
from tests.daily.helpers import FakeClock
from tests.dbfixtures import sqlite_url
from tests.fake_discord import FakeDiscord
from tests.fake_discord import permissions as perm
from tests.fake_discord.pytest_plugin import *  # noqa: F403
from tests.fake_discord.state import Member, Message

START = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)  # 07:00 in New York
DUE = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)  # 09:00 in New York


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(fake_discord: FakeDiscord, tmp_path: Path) -> BotSettings:
    return settings_for(fake_discord, sqlite_url(tmp_path))


@pytest.fixture
def moderator(fake_discord: FakeDiscord) -> Member:
    role = fake_discord.add_role(fake_discord.guild, "mods", perm.MANAGE_GUILD)
    return fake_discord.add_member(fake_discord.guild, "mod", roles=[role])


async def start(
    emu: FakeDiscord, settings: BotSettings, clock: FakeClock
) -> tuple[CoachBot, Daily]:
    bot = await start_coach(emu, settings, clock=clock)
    return bot, cog_of(bot)


async def restart(emu: FakeDiscord, bot: CoachBot, clock: FakeClock) -> tuple[CoachBot, Daily]:
    """Stop the bot and start a fresh process on the same database and clock."""
    await emu.stop_bot(bot)
    return await start(emu, bot.settings, clock)  # type: ignore[arg-type]


def cog_of(bot: CoachBot) -> Daily:
    cog = bot.get_cog("Daily")
    assert cog is not None and type(cog).__name__ == "Daily"  # a fresh module per load
    cog = cast(Daily, cog)
    assert cog.loop.is_running()  # started in cog_load
    cog.loop.cancel()  # the tests drive the ticks themselves
    return cog


async def setup_daily(emu: FakeDiscord, moderator: Member, **options: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "channel": emu.channel.id,
        "time": "09:00",
        "timezone": "America/New_York",
    }
    values.update(options)
    handle = await emu.slash("daily setup", values, member=moderator)
    reply = await handle.response()
    assert reply.ephemeral
    return {"content": reply.content, "embeds": reply.embeds}


def posts(emu: FakeDiscord) -> list[Message]:
    return [
        m
        for m in emu.messages_in(emu.channel)
        if m.author.id == emu.bot_user.id
        and any(cid.startswith("ic:daily:") for cid in custom_ids(m.components))
    ]


async def test_setup_then_status(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock, moderator: Member
) -> None:
    await start(fake_discord, settings, clock)
    reply = await setup_daily(fake_discord, moderator, topics="databases", reveal_after_hours=6)
    assert reply["content"] == "Daily question set up."
    fields = {f["name"]: f["value"] for f in reply["embeds"][0]["fields"]}
    assert "<t:1741010400:F>" in fields["Next post"]  # 2025-03-03 14:00 UTC
    assert "Mon 03 Mar 09:00 (America/New_York)" in fields["Next post"]
    assert fields["Topics"] == "databases"
    handle = await fake_discord.slash("daily status", member=moderator)
    status = await handle.response()
    assert status.embeds[0]["title"] == "Daily question: active"
    fake_discord.assert_no_pings()


@pytest.mark.parametrize(
    "options,expected",
    [
        ({"time": "9am"}, "for example 09:30"),
        ({"time": "24:00"}, "for example 09:30"),
        ({"timezone": "Mars/Base"}, "Europe/Berlin"),
        ({"topics": "astrology"}, "comma-separated topics such as"),
    ],
)
async def test_setup_refuses_invalid_input_with_an_example(
    fake_discord: FakeDiscord,
    settings: BotSettings,
    clock: FakeClock,
    moderator: Member,
    options: dict[str, Any],
    expected: str,
) -> None:
    await start(fake_discord, settings, clock)
    reply = await setup_daily(fake_discord, moderator, **options)
    assert expected in reply["embeds"][0]["description"]


async def test_setup_refuses_a_channel_the_bot_cannot_post_embeds_in(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock, moderator: Member
) -> None:
    quiet = fake_discord.add_text_channel(fake_discord.guild, "quiet")
    fake_discord.deny_bot(quiet, perm.EMBED_LINKS)
    await start(fake_discord, settings, clock)
    reply = await setup_daily(fake_discord, moderator, channel=quiet.id)
    text = reply["embeds"][0]["description"]
    assert "Embed Links" in text and "Send Messages" not in text


async def test_members_without_manage_server_are_refused(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock
) -> None:
    await start(fake_discord, settings, clock)
    daily = next(c for c in fake_discord.commands() if c["name"] == "daily")
    assert int(daily["default_member_permissions"]) == perm.MANAGE_GUILD
    fake_discord.allow_command("daily", fake_discord.member)  # a server override
    handle = await fake_discord.slash("daily status")
    reply = await handle.response()
    assert reply.ephemeral and "Manage Server" in reply.embeds[0]["description"]


async def test_timezone_autocomplete(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock, moderator: Member
) -> None:
    await start(fake_discord, settings, clock)
    handle = await fake_discord.autocomplete(
        "daily setup", focused="timezone", value="new_y", member=moderator
    )
    reply = await handle.response()
    assert [c["value"] for c in reply.choices] == ["America/New_York"]


async def test_post_at_the_minute_answers_once_and_reveal(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock, moderator: Member
) -> None:
    emu = fake_discord
    _bot, cog = await start(emu, settings, clock)
    role = emu.add_role(emu.guild, "daily-fans", mentionable=True)
    await emu.announce_guild(emu.guild)
    await setup_daily(emu, moderator, role=role.id, topics="databases")
    clock.set(DUE - timedelta(seconds=1))
    await cog.scheduler.tick()
    assert posts(emu) == []
    clock.set(DUE)
    report = await cog.scheduler.tick()
    assert report.posted == 1
    [post] = posts(emu)
    assert post.embeds[0]["title"] == "Question of the day #1"
    assert post.content == f"<@&{role.id}>"
    assert [(p.kind, p.target_id) for p in emu.pings] == [("role", role.id)]  # only the role
    # Alice answers twice: the first counts, feedback withholds the model answer.
    button = next(c for c in custom_ids(post.components) if c.startswith("ic:daily:"))
    feedback = []
    for text in ("Atomicity consistency isolation durability", "anything"):
        click = await emu.click(post, button)
        shown = await click.response()
        assert shown.modal is not None
        submitted = await click.submit_modal({"answer": text})
        reply = await submitted.response()
        assert reply.ephemeral
        feedback.append({f["name"]: f["value"] for f in reply.embeds[0]["fields"]})
    assert feedback[0]["Model answer"] == "Shown with the reveal."
    assert feedback[1]["Points"].startswith("0 — practice")
    # The next day's post reveals the first with its top scorer.
    clock.set(DUE + timedelta(days=1))
    report = await cog.scheduler.tick()
    assert report.revealed == 1 and report.posted == 1
    reveal = next(
        m
        for m in emu.messages_in(emu.channel)
        if m.embeds and m.embeds[0]["title"].startswith("Reveal")
    )
    top = next(f for f in reveal.embeds[0]["fields"] if f["name"] == "Top scorers")
    assert top["value"].startswith(f"1. <@{emu.member.user.id}>")
    assert reveal.reference is not None
    # A late answer gets feedback with the model answer, and no points.
    click = await emu.click(post, button)
    await click.response()
    late = await (await click.submit_modal({"answer": "atomicity"})).response()
    assert "after the reveal" in late.embeds[0]["title"]
    assert len(posts(emu)) == 2


async def test_server_error_then_success(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock, moderator: Member
) -> None:
    emu = fake_discord
    _bot, cog = await start(emu, settings, clock)
    await setup_daily(emu, moderator)
    clock.set(DUE)
    emu.faults.server_error("POST /channels/{channel_id}/messages", status=503)
    report = await cog.scheduler.tick()
    assert report.retried == 1 and posts(emu) == []
    clock.advance(minutes=1)
    assert (await cog.scheduler.tick()).posted == 1
    # A 500 is retried by discord.py itself with the same nonce.
    emu.faults.server_error("POST /channels/{channel_id}/messages", status=500)
    clock.advance(days=1)
    assert (await cog.scheduler.tick()).posted == 1
    assert len(posts(emu)) == 2
    sends = emu.recorder.requests_to("POST /channels/{channel_id}/messages")
    nonces = [r.body["nonce"] for r in sends if r.body and "ic:daily:" in str(r.body)]
    assert nonces[0] == nonces[1] and len(set(nonces)) == 2  # a retry reuses the nonce


@pytest.mark.parametrize("how", ["permission", "deleted"])
async def test_losing_the_channel_pauses_and_tells_the_moderator(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock, moderator: Member, how: str
) -> None:
    emu = fake_discord
    mods = emu.add_text_channel(emu.guild, "mods")
    _bot, cog = await start(emu, settings, clock)
    await setup_daily(emu, moderator)
    if how == "permission":
        emu.deny_bot(emu.channel, perm.SEND_MESSAGES)
        await emu.update_channel(emu.channel)
    else:
        await emu.delete_channel(emu.channel)
    clock.set(DUE)
    assert (await cog.scheduler.tick()).paused == 1
    dm = emu.messages_in(emu.dm_channel(moderator.user))
    assert dm and "/daily resume" in dm[-1].embeds[0]["description"]
    clock.advance(minutes=1)
    assert (await cog.scheduler.tick()).due == 0
    handle = await emu.slash("daily status", member=moderator, channel=mods)
    assert (await handle.response()).embeds[0]["title"] == "Daily question: paused"


async def test_restart_before_during_and_after_post_time(
    fake_discord: FakeDiscord, settings: BotSettings, clock: FakeClock, moderator: Member
) -> None:
    emu = fake_discord
    bot, cog = await start(emu, settings, clock)
    await setup_daily(emu, moderator)
    # Before: restart, then the post goes out at its minute.
    bot, cog = await restart(emu, bot, clock)
    clock.set(DUE)
    assert (await cog.scheduler.tick()).posted == 1
    # During (day 2): the claim is written, the process dies before sending.
    clock.advance(days=1)
    claim = await cog.scheduler._claim(emu.guild.id, clock())
    assert claim is not None and claim is not True
    bot, cog = await restart(emu, bot, clock)
    assert (await cog.scheduler.tick()).posted == 0  # the dead claimer's lease holds
    clock.advance(minutes=3)
    assert (await cog.scheduler.tick()).posted == 1
    # During (day 3): sent, but the message id was never recorded.
    clock.advance(days=1)
    claim = await cog.scheduler._claim(emu.guild.id, clock())
    assert not isinstance(claim, bool) and claim is not None
    await cog.scheduler.poster.send(claim.post)
    bot, cog = await restart(emu, bot, clock)
    clock.advance(minutes=3)
    assert (await cog.scheduler.tick()).posted == 1
    # After: a restart after the post posts nothing more that day.
    bot, cog = await restart(emu, bot, clock)
    clock.advance(hours=2)
    assert (await cog.scheduler.tick()).posted == 0
    days = [p.embeds[0]["title"] for p in posts(emu)]
    assert days == ["Question of the day #1", "Question of the day #2", "Question of the day #3"]
