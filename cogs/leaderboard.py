"""`/leaderboard [period] [topic]`: the server's ranking, paged, with the caller's own rank."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import CoachBot
from bot.services.leaderboard import STREAK
from bot.ui import leaderboard
from bot.ui.options import autocomplete_topic, resolve_topic

PeriodName = Literal["week", "month", "all", "streak"]


class Leaderboard(commands.Cog):
    def __init__(self, bot: CoachBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="leaderboard", description="This server's ranking by points or daily streak"
    )
    @app_commands.describe(
        period="This week (default), this month, all time, or daily streaks",
        topic="Only points in this topic (streaks count every topic)",
    )
    @app_commands.autocomplete(topic=autocomplete_topic)
    @app_commands.guild_only()
    async def leaderboard(
        self,
        interaction: discord.Interaction[Any],
        period: PeriodName = "week",
        topic: str | None = None,
    ) -> None:
        board = leaderboard.board_kind(period)
        embed, view = await leaderboard.render(
            interaction,
            period=board,
            topic=None if board == STREAK else resolve_topic(self.bot.bank, topic),
            page=1,
        )
        await interaction.response.send_message(embed=embed, view=view)


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, CoachBot)
    await bot.add_cog(Leaderboard(bot))
