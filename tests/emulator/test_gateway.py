"""Log-in, gateway events, and reconnection, through a real discord.py client."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest
from discord.ext import commands

from tests.emulator.bots import ProbeBot
from tests.fake_discord import FakeDiscord
from tests.fake_discord import gateway as gw
from tests.fake_discord.pytest_plugin import EmulatorFactory


async def test_login_uses_users_me_and_application_then_identifies(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    routes = [r.route for r in fake_discord.recorder.requests]
    assert routes[:2] == ["GET /users/@me", "GET /oauth2/applications/@me"]
    assert "PUT /applications/{application_id}/commands" in routes
    assert fake_discord.recorder.ops_received(gw.IDENTIFY)
    ready = fake_discord.recorder.events_sent("READY")[0].data
    assert ready["resume_gateway_url"] == fake_discord.resume_gateway_url
    assert probe.user is not None and probe.user.id == fake_discord.application_id
    assert probe.get_guild(fake_discord.guild.id) is not None
    assert probe.get_channel(fake_discord.channel.id) is not None


async def test_rest_answers_with_exact_json_content_type(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    # discord.py compares the header verbatim; "; charset=utf-8" would break login.
    from tests.emulator.bots import api

    answer = await api(fake_discord, "GET", "/users/@me")
    assert answer.headers["Content-Type"] == "application/json"


async def test_heartbeats_are_acknowledged(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    beats = fake_discord.recorder.ops_received(gw.HEARTBEAT)
    assert beats  # discord.py beats once right after HELLO
    await fake_discord.wait_until(lambda: probe.latency != float("inf"), what="a heartbeat ACK")
    assert any(f.op == gw.HEARTBEAT_ACK for f in fake_discord.recorder.frames)


async def test_wrong_token_is_refused_with_401(fake_discord: FakeDiscord) -> None:
    bot = ProbeBot()
    with pytest.raises(discord.LoginFailure):
        await bot.login("not-the-token")
    await bot.close()


async def test_disallowed_privileged_intent_closes_with_4014(fake_discord: FakeDiscord) -> None:
    fake_discord.gateway.allowed_privileged_intents = 0
    with pytest.raises(RuntimeError) as info:
        await fake_discord.start_bot(ProbeBot, intents=discord.Intents.all())
    assert isinstance(info.value.__cause__, discord.PrivilegedIntentsRequired)


async def test_privileged_intent_allowed_connects(fake_discord: FakeDiscord) -> None:
    bot = await fake_discord.start_bot(ProbeBot, intents=discord.Intents.all())
    guild = bot.get_guild(fake_discord.guild.id)
    assert guild is not None and guild.get_member(fake_discord.member.id) is not None


async def test_bot_removed_from_guild_sees_guild_remove(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    await fake_discord.remove_bot_from_guild(fake_discord.guild)
    await fake_discord.wait_until(lambda: ("guild_remove", fake_discord.guild.id) in probe.seen)
    assert probe.get_guild(fake_discord.guild.id) is None


async def test_unavailable_guild_is_not_a_removal(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    await fake_discord.make_guild_unavailable(fake_discord.guild)
    guild = probe.get_guild(fake_discord.guild.id)
    await fake_discord.wait_until(lambda: guild is not None and guild.unavailable)
    assert ("guild_remove", fake_discord.guild.id) not in probe.seen


async def test_channel_delete_reaches_the_cache(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    doomed = fake_discord.add_text_channel(fake_discord.guild, "doomed")
    await fake_discord.announce_guild(fake_discord.guild)  # refresh the bot's view
    await fake_discord.wait_until(lambda: probe.get_channel(doomed.id) is not None)
    await fake_discord.delete_channel(doomed)
    await fake_discord.wait_until(lambda: ("channel_delete", doomed.id) in probe.seen)
    assert probe.get_channel(doomed.id) is None


async def test_message_content_needs_the_intent(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    await fake_discord.user_message(fake_discord.channel, fake_discord.member, "secret answer")
    await fake_discord.wait_until(lambda: any(kind == "message" for kind, _ in probe.seen))
    assert ("message", "") in probe.seen  # default intents: content blanked


async def test_message_content_with_the_intent(fake_discord: FakeDiscord) -> None:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = await fake_discord.start_bot(ProbeBot, intents=intents)
    await fake_discord.user_message(fake_discord.channel, fake_discord.member, "secret answer")
    await fake_discord.wait_until(lambda: ("message", "secret answer") in bot.seen)


async def test_resume_after_a_dropped_connection(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    identifies = len(fake_discord.recorder.ops_received(gw.IDENTIFY))
    assert await fake_discord.drop_gateway() == 1
    # An event raised while the link is down must arrive after the RESUME.
    await fake_discord.user_message(fake_discord.channel, fake_discord.member, "while down")
    await fake_discord.wait_until(lambda: ("resumed", None) in probe.seen, what="RESUMED")
    assert len(fake_discord.recorder.ops_received(gw.IDENTIFY)) == identifies
    resume = fake_discord.recorder.ops_received(gw.RESUME)[-1]
    assert (
        resume.data["session_id"]
        == fake_discord.recorder.events_sent("READY")[0].data["session_id"]
    )
    assert fake_discord.gateway.connections[-1].path == "/resume"
    await fake_discord.wait_until(lambda: ("message", "") in probe.seen, what="the missed event")
    handle = await fake_discord.slash("probe")
    assert (await handle.response()).content == "ok"


async def test_resume_after_a_resumable_close_code(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    await fake_discord.drop_gateway(code=4000)
    await fake_discord.wait_until(lambda: ("resumed", None) in probe.seen, what="RESUMED")


async def test_reconnect_opcode_resumes(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    await fake_discord.request_reconnect()
    await fake_discord.wait_until(lambda: ("resumed", None) in probe.seen, what="RESUMED")


async def test_invalid_session_makes_the_bot_identify_again(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    await fake_discord.invalidate_session(resumable=False)
    await fake_discord.wait_until(
        lambda: len(fake_discord.recorder.ops_received(gw.IDENTIFY)) == 2, what="a new IDENTIFY"
    )
    await fake_discord.wait_until(lambda: len(fake_discord.recorder.events_sent("READY")) == 2)
    handle = await fake_discord.slash("probe")
    assert (await handle.response()).content == "ok"


class ShardedProbe(commands.AutoShardedBot):
    """An auto-sharded bot: it asks GET /gateway/bot how many shards to run."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(command_prefix="!", intents=discord.Intents.default(), **kwargs)


async def test_sharded_startup_splits_guilds_by_shard(
    fake_discord_factory: EmulatorFactory,
) -> None:
    emu = await fake_discord_factory(shards=3)
    for n in range(5):
        emu.add_text_channel(emu.add_guild(f"Guild {n}"), "general")
    bot = await emu.start_bot(ShardedProbe)
    assert bot.shard_count == 3
    assert len(bot.guilds) == len(emu.world.guilds) == 6
    readies = emu.recorder.events_sent("READY")
    assert sorted(f.data["shard"][0] for f in readies) == [0, 1, 2]
    for frame in readies:
        shard_id = frame.data["shard"][0]
        expected = {g for g in emu.world.guilds if (g >> 22) % 3 == shard_id}
        assert {int(g["id"]) for g in frame.data["guilds"]} == expected
        assert expected  # every shard got some guilds
    for guild in bot.guilds:
        assert guild.shard_id == (guild.id >> 22) % 3
        creates = [
            f for f in emu.recorder.events_sent("GUILD_CREATE") if int(f.data["id"]) == guild.id
        ]
        assert [f.shard for f in creates] == [guild.shard_id]


async def test_sharded_interaction_arrives_on_the_guilds_shard(
    fake_discord_factory: EmulatorFactory,
) -> None:
    emu = await fake_discord_factory(shards=3)
    other = emu.add_guild("Second")
    channel = emu.add_text_channel(other, "general")
    member = emu.add_member(other, "bob")
    bot = await emu.start_bot(ShardedProbe)

    @bot.tree.command(name="ping", description="Answer pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    await bot.tree.sync()
    handle = await emu.slash("ping", member=member, channel=channel)
    assert (await handle.response()).content == "pong"
    frames = emu.recorder.events_sent("INTERACTION_CREATE")
    assert [f.shard for f in frames] == [(other.id >> 22) % 3]


async def test_start_bot_surfaces_connection_errors_fast(fake_discord: FakeDiscord) -> None:
    fake_discord.gateway.allowed_privileged_intents = 0
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(RuntimeError, match="before becoming ready"):
        await fake_discord.start_bot(ProbeBot, intents=discord.Intents.all(), ready_timeout=30)
    assert loop.time() - started < 5


async def test_a_plain_client_connects_too(fake_discord: FakeDiscord) -> None:
    client = await fake_discord.start_bot(discord.Client, intents=discord.Intents.default())
    assert client.get_guild(fake_discord.guild.id) is not None
    await fake_discord.stop_bot(client)
    assert client.is_closed()
    assert fake_discord.bots == []
