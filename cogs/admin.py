"""`/coach-admin`: question reports and per-question statistics, for Manage Server only."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import services
from bot.app import CoachBot
from bot.ui import embeds
from bot.ui.context import guild_id
from bot.ui.limits import CHOICE_NAME, clip

MAX_CHOICES = 25


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class CoachAdmin(
    commands.GroupCog,
    group_name="coach-admin",
    group_description="Moderate the coach: question reports and statistics",
):
    def __init__(self, bot: CoachBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Check Manage Server again: a server may have shown the group to anyone."""
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @app_commands.command(name="reports", description="List open question reports")
    async def reports(self, interaction: discord.Interaction[Any]) -> None:
        found = await services.open_reports(
            self.bot.sessions, self.bot.bank, guild_id=guild_id(interaction)
        )
        await interaction.response.send_message(embed=embeds.reports_embed(found), ephemeral=True)

    @app_commands.command(name="resolve", description="Close a question report")
    @app_commands.describe(report="The report's number, from /coach-admin reports")
    async def resolve(
        self, interaction: discord.Interaction[Any], report: app_commands.Range[int, 1]
    ) -> None:
        await services.resolve_report(
            self.bot.sessions,
            guild_id=guild_id(interaction),
            report_id=report,
            moderator_id=interaction.user.id,
        )
        await interaction.response.send_message(
            embed=embeds.notice(f"Report #{report} resolved."), ephemeral=True
        )

    @app_commands.command(
        name="question-stats", description="Attempts, average score and most-missed concept"
    )
    @app_commands.describe(question="One question id (default: the lowest-scoring questions)")
    async def question_stats(
        self, interaction: discord.Interaction[Any], question: str | None = None
    ) -> None:
        stats = await services.question_stats(
            self.bot.sessions, self.bot.bank, guild_id=guild_id(interaction), question_id=question
        )
        await interaction.response.send_message(
            embed=embeds.question_stats_embed(stats, question), ephemeral=True
        )

    @question_stats.autocomplete("question")
    async def _question_ids(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.casefold()
        return [
            app_commands.Choice(name=clip(q.id, CHOICE_NAME), value=q.id)
            for q in self.bot.bank
            if typed in q.id.casefold() and len(q.id) <= CHOICE_NAME
        ][:MAX_CHOICES]


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, CoachBot)
    await bot.add_cog(CoachAdmin(bot))
