"""`/quiz`: start, topics, stats, review. Parse, call a service, render."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import services
from bot.app import CoachBot
from bot.bank import Difficulty
from bot.ui import embeds
from bot.ui.context import guild_id
from bot.ui.mock import start_mock
from bot.ui.options import autocomplete_topic, resolve_topic
from bot.ui.quiz import question_view, start_quiz

DifficultyName = Literal["easy", "medium", "hard"]


@app_commands.guild_only()
class Quiz(commands.GroupCog, group_name="quiz", group_description="Practise interview questions"):
    def __init__(self, bot: CoachBot) -> None:
        self.bot = bot

    @app_commands.command(name="start", description="Get a question to answer")
    @app_commands.describe(
        topic="Only this topic (default: any)",
        difficulty="Only this difficulty (default: any)",
        share="Post it in the channel so anyone may answer (default: only you see it)",
    )
    @app_commands.autocomplete(topic=autocomplete_topic)
    async def start(
        self,
        interaction: discord.Interaction[Any],
        topic: str | None = None,
        difficulty: DifficultyName | None = None,
        share: bool = False,
    ) -> None:
        await start_quiz(
            interaction,
            topic=resolve_topic(self.bot.bank, topic),
            difficulty=Difficulty(difficulty) if difficulty else None,
            shared=share,
        )

    @app_commands.command(name="topics", description="Topics and how many questions each has")
    async def topics(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(
            embed=embeds.topics_embed(self.bot.bank), ephemeral=True
        )

    @app_commands.command(name="stats", description="Answers, averages, streaks and weak spots")
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(
        self, interaction: discord.Interaction[Any], member: discord.Member | None = None
    ) -> None:
        who = member or interaction.user
        stats = await services.member_stats(
            self.bot.sessions,
            guild_id=guild_id(interaction),
            member_id=who.id,
            zone=self.bot.zone(interaction.guild_id),
        )
        await interaction.response.send_message(
            embed=embeds.stats_embed(self.bot.bank, stats, who.display_name), ephemeral=True
        )

    @app_commands.command(name="review", description="Answer the question most due for review")
    async def review(self, interaction: discord.Interaction[Any]) -> None:
        self.bot.check_start_cooldown(interaction)
        due = await services.due_reviews(
            self.bot.sessions,
            self.bot.bank,
            guild_id=guild_id(interaction),
            member_id=interaction.user.id,
            limit=10,
        )
        if not due:
            await interaction.response.send_message(
                embed=embeds.notice("Nothing is due for review: come back later."), ephemeral=True
            )
            return
        opened = await services.open_review(
            self.bot.sessions,
            self.bot.bank,
            guild_id=guild_id(interaction),
            member_id=interaction.user.id,
            channel_id=interaction.channel_id,
        )
        if opened is None:  # answered elsewhere in the meantime
            await interaction.response.send_message(
                embed=embeds.notice("Nothing is due for review: come back later."), ephemeral=True
            )
            return
        await interaction.response.send_message(
            embeds=[
                embeds.review_queue_embed(self.bot.bank, due),
                embeds.question_embed(self.bot.bank, opened),
            ],
            view=question_view(opened.session_id),
            ephemeral=True,
        )

    @app_commands.command(
        name="mock", description="A mock interview: questions in a row, then a report"
    )
    @app_commands.describe(
        topic="Only this topic (default: any)", count="How many questions (3-10)"
    )
    @app_commands.autocomplete(topic=autocomplete_topic)
    async def mock(
        self,
        interaction: discord.Interaction[Any],
        topic: str | None = None,
        count: app_commands.Range[int, 3, 10] = 5,
    ) -> None:
        await start_mock(interaction, topic=resolve_topic(self.bot.bank, topic), count=count)


async def setup(bot: commands.Bot) -> None:
    assert isinstance(bot, CoachBot)
    await bot.add_cog(Quiz(bot))
