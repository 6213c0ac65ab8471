"""`/leaderboard [period] [topic]`: the server's ranking, paged, with the caller's own rank."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import CoachBot
from bot.services import Period
from bot.ui import leaderboard
from bot.ui.options import autocomplete_topic, resolve_topic

PeriodName = Literal["week", "month", "all"]


class Leaderboard(commands.Cog):
    def __init__(self, bot: CoachBot) -> None:
        self.bot = bot

    @app_commands.command(name="leaderboard", description="This server's ranking by points")
    @app_commands.describe(
        period="This week (default), this month or all time", topic="Only points in this topic"
    )
    @app_commands.autocomplete(topic=autocomplete_topic)
    @app_commands.guild_only()
    async def leaderboard(
        self,
        interaction: discord.Interaction[Any],
        period: PeriodName = "week",
        topic: str | None = None,
    ) -> None:
        embed, view = await leaderboard.render(
            interaction, period=Period(period), topic=resolve_topic(self.bot.bank, topic), page=1
        )
        await interaction.response.send_message(embed=embed, view=view)


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, CoachBot)
    await bot.add_cog(Leaderboard(bot))
