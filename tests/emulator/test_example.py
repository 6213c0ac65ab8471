"""The README's example, run as written so the documentation stays true."""

from __future__ import annotations

from typing import Any

import discord
from discord.ext import commands

from tests.fake_discord import FakeDiscord


class QuizBot(commands.Bot):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(command_prefix="!", intents=discord.Intents.default(), **kwargs)

    async def setup_hook(self) -> None:
        @self.tree.command(description="Start a quiz")
        async def quiz(interaction: discord.Interaction, topic: str) -> None:
            await interaction.response.send_message(f"Quiz on {topic}!", ephemeral=True)

        await self.tree.sync()


async def test_quiz_starts(fake_discord: FakeDiscord) -> None:
    await fake_discord.start_bot(QuizBot)  # logs in, waits for ready
    handle = await fake_discord.slash("quiz", {"topic": "sql"})  # as member "alice"
    reply = await handle.response()  # the callback the bot sent
    assert reply.content == "Quiz on sql!" and reply.ephemeral
    fake_discord.assert_no_pings()  # nobody was @-mentioned
