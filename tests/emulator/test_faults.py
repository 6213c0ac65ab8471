"""Faults on demand, and discord.py surviving them the way it documents."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from tests.emulator.bots import ProbeBot, api
from tests.fake_discord import FakeDiscord

SEND = "POST /channels/{channel_id}/messages"


def _channel(bot: ProbeBot, emu: FakeDiscord) -> discord.TextChannel:
    channel = bot.get_channel(emu.channel.id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_429_is_retried_after_retry_after(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    fake_discord.faults.rate_limit(SEND, retry_after=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await _channel(probe, fake_discord).send("eventually")
    assert loop.time() - started >= 0.3
    calls = fake_discord.recorder.requests_to(SEND)
    assert [c.status for c in calls] == [429, 200]
    assert calls[0].response == {
        "message": "You are being rate limited.",
        "retry_after": 0.3,
        "global": False,
    }
    assert len(fake_discord.messages_in(fake_discord.channel)) == 1


async def test_global_429_holds_every_route(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    fake_discord.faults.rate_limit(SEND, retry_after=0.3, is_global=True)
    channel = _channel(probe, fake_discord)
    loop = asyncio.get_running_loop()
    started = loop.time()
    send = asyncio.create_task(channel.send("first"))
    await fake_discord.wait_until(lambda: bool(fake_discord.recorder.requests_to(SEND)))
    await probe.fetch_user(fake_discord.member.id)  # another route waits for the global lock
    assert loop.time() - started >= 0.25
    await send
    assert [c.status for c in fake_discord.recorder.requests_to(SEND)] == [429, 200]


async def test_429_without_via_is_taken_for_a_ban(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    fake_discord.faults.rate_limit(SEND, retry_after=0.05, via=False)
    with pytest.raises(discord.HTTPException) as info:
        await _channel(probe, fake_discord).send("blocked")
    assert info.value.status == 429
    assert len(fake_discord.recorder.requests_to(SEND)) == 1


async def test_429_headers(fake_discord: FakeDiscord) -> None:
    fake_discord.faults.rate_limit("GET /users/@me", retry_after=1.5, is_global=True)
    answer = await api(fake_discord, "GET", "/users/@me")
    assert answer.status == 429
    assert answer.headers["Via"] == "1.1 google"
    assert answer.headers["X-RateLimit-Global"] == "true"
    assert answer.headers["X-RateLimit-Scope"] == "global"
    assert answer.body["retry_after"] == 1.5 and answer.body["global"] is True
    assert (await api(fake_discord, "GET", "/users/@me")).status == 200  # fired once


async def test_500_is_retried(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    fake_discord.faults.server_error(SEND, status=500)
    await _channel(probe, fake_discord).send("after a hiccup")
    assert [c.status for c in fake_discord.recorder.requests_to(SEND)] == [500, 200]


async def test_502_on_the_interaction_callback_is_retried(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    fake_discord.faults.server_error("POST /interactions/*", status=502)
    handle = await fake_discord.slash("probe")
    reply = await handle.response()  # discord.py waits 1 s and retries, still inside 3 s
    assert reply.content == "ok"
    statuses = [c.status for c in fake_discord.recorder.requests_to("POST /interactions/*")]
    assert statuses == [502, 200]


async def test_server_error_fires_the_requested_number_of_times(fake_discord: FakeDiscord) -> None:
    fake_discord.faults.server_error("GET /users/*", status=500, times=2)
    statuses = [(await api(fake_discord, "GET", "/users/@me")).status for _ in range(3)]
    assert statuses == [500, 500, 200]


async def test_slow_response(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    fake_discord.faults.slow("GET /users/{user_id}", delay=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    user = await probe.fetch_user(fake_discord.member.id)
    assert user.id == fake_discord.member.id
    assert loop.time() - started >= 0.2


async def test_bot_crash_fails_waits_fast(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    async def broken(interaction: discord.Interaction[Any]) -> None:
        raise RuntimeError("bug in the command")

    # A handler error that escapes to discord.py is logged; the wait fails at once.
    @probe.tree.command(name="broken", description="Always fails")
    async def broken_cmd(interaction: discord.Interaction[Any]) -> None:
        await broken(interaction)

    await probe.tree.sync()
    handle = await fake_discord.slash("broken")
    from tests.fake_discord import BotCrashedError

    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(BotCrashedError, match="bug in the command"):
        await handle.response(timeout=30)
    assert loop.time() - started < 5
    fake_discord.bot_errors.clear()
