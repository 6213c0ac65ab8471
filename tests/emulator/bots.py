"""Small bots the emulator's tests drive, plus a raw REST helper.

``ProbeBot`` is an ordinary ``commands.Bot`` whose command bodies are set by
each test (``bot.handlers["probe"] = ...``), so one bot covers every rule:
the test decides what the bot answers and reads the outcome, including the
exception discord.py raised when the emulator refused the answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from tests.fake_discord import FakeDiscord

Handler = Callable[[discord.Interaction[Any]], Awaitable[Any]]
Completer = Callable[[discord.Interaction[Any], str], Awaitable[list[app_commands.Choice[Any]]]]


async def _say_ok(interaction: discord.Interaction[Any]) -> None:
    await interaction.response.send_message("ok")


class ProbeBot(commands.Bot):
    """A bot whose slash commands run whatever the current test installs."""

    def __init__(self, *, intents: discord.Intents | None = None, **kwargs: Any) -> None:
        super().__init__(command_prefix="!", intents=intents or discord.Intents.default(), **kwargs)
        self.handlers: dict[str, Handler] = {}
        self.completer: Completer | None = None
        self.outcomes: dict[int, asyncio.Future[Any]] = {}
        self.seen: list[tuple[str, Any]] = []

    def outcome(self, interaction_id: int) -> asyncio.Future[Any]:
        """Return the future holding a handler's result (or the exception it raised)."""
        if interaction_id not in self.outcomes:
            self.outcomes[interaction_id] = asyncio.get_running_loop().create_future()
        return self.outcomes[interaction_id]

    async def run(self, name: str, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Run the installed handler, capturing its result for the test."""
        future = self.outcome(interaction.id)
        handler: Handler = self.handlers.get(name, _say_ok)
        try:
            result = await handler(interaction)
        except Exception as exc:  # the test inspects whatever the handler raised
            future.set_exception(exc)
        else:
            future.set_result(result)

    async def setup_hook(self) -> None:
        """Register the probe commands and sync them (global), as a real bot would."""
        bot = self

        @app_commands.command(name="probe", description="Run the test's handler")
        @app_commands.describe(text="Any text", count="A small number")
        async def probe(
            interaction: discord.Interaction[Any],
            text: str | None = None,
            count: app_commands.Range[int, 1, 10] | None = None,
        ) -> None:
            bot.seen.append(("probe", {"text": text, "count": count}))
            await bot.run("probe", interaction)

        quiz = app_commands.Group(name="quiz", description="Quiz commands")

        @quiz.command(name="start", description="Start a quiz")
        @app_commands.describe(topic="What to practise", rounds="How many questions")
        async def start(interaction: discord.Interaction[Any], topic: str, rounds: int = 3) -> None:
            bot.seen.append(("quiz start", {"topic": topic, "rounds": rounds}))
            await bot.run("quiz start", interaction)

        @start.autocomplete("topic")
        async def topic_complete(
            interaction: discord.Interaction[Any], current: str
        ) -> list[app_commands.Choice[str]]:
            if bot.completer is not None:
                return await bot.completer(interaction, current)
            topics = ["sql", "system design", "python", "networking"]
            return [app_commands.Choice(name=t, value=t) for t in topics if current in t]

        @app_commands.command(name="whois", description="Describe a member")
        @app_commands.describe(member="Who to describe")
        async def whois(interaction: discord.Interaction[Any], member: discord.Member) -> None:
            bot.seen.append(("whois", member))
            await bot.run("whois", interaction)

        @app_commands.context_menu(name="Inspect")
        async def inspect(interaction: discord.Interaction[Any], member: discord.Member) -> None:
            bot.seen.append(("inspect", member))
            await bot.run("inspect", interaction)

        self.tree.add_command(probe)
        self.tree.add_command(quiz)
        self.tree.add_command(whois)
        self.tree.add_command(inspect)
        await self.tree.sync()

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Record the bot being removed from a guild."""
        self.seen.append(("guild_remove", guild.id))

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        """Record a deleted channel."""
        self.seen.append(("channel_delete", channel.id))

    async def on_resumed(self) -> None:
        """Record a RESUME."""
        self.seen.append(("resumed", None))

    async def on_message(self, message: discord.Message) -> None:
        """Record messages (content is empty without the message-content intent)."""
        self.seen.append(("message", message.content))


@dataclass
class Answer:
    """A raw REST answer."""

    status: int
    body: Any
    headers: dict[str, str]

    @property
    def code(self) -> int | None:
        """Return Discord's JSON error code."""
        return self.body.get("code") if isinstance(self.body, dict) else None


async def api(
    emu: FakeDiscord,
    method: str,
    path: str,
    *,
    json: Any = None,
    auth: bool = True,
    params: dict[str, str] | None = None,
) -> Answer:
    """Send one raw request to the emulator, for payloads discord.py would not build."""
    headers = {"Authorization": f"Bot {emu.token}"} if auth else {}
    async with (
        aiohttp.ClientSession() as session,
        session.request(
            method, emu.api_base + path, json=json, headers=headers, params=params
        ) as response,
    ):
        text = await response.text()
        body: Any = None
        if response.headers.get("Content-Type") == "application/json":
            import json as jsonlib

            body = jsonlib.loads(text)
        elif text:
            body = text
        return Answer(response.status, body, dict(response.headers))
