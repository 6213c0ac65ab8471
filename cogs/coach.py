"""`/coach help` and `/coach forget-me`."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import CoachBot
from bot.ui import embeds
from bot.ui.forget import confirm_view


@app_commands.guild_only()
class Coach(commands.GroupCog, group_name="coach", group_description="About the coach"):
    def __init__(self, bot: CoachBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What the coach does, on one screen")
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(embed=embeds.help_embed(), ephemeral=True)

    @app_commands.command(name="forget-me", description="Delete your data in this server")
    async def forget_me(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(
            embed=embeds.notice(
                "Delete all your answers, points, streaks and reviews in this server? "
                "This cannot be undone.",
                colour=discord.Colour.red(),
            ),
            view=confirm_view(interaction.user.id),
            ephemeral=True,
        )


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, CoachBot)
    await bot.add_cog(Coach(bot))
