"""The leaderboard message and its page buttons (`ic:lb:<owner>:<period>:<page>:<topic>`)."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot import services
from bot.services import Period
from bot.ui import embeds
from bot.ui.context import coach, guild_id
from bot.ui.quiz import Button, guarded
from bot.ui.views import routed_view

NO_TOPIC = "*"


async def render(
    interaction: discord.Interaction[Any], *, period: Period, topic: str | None, page: int
) -> tuple[discord.Embed, discord.ui.View]:
    """One page of the board for the member who asked, with Previous/Next buttons."""
    app = coach(interaction)
    board = await services.leaderboard(
        app.sessions,
        guild_id=guild_id(interaction),
        period=period,
        topic=topic,
        member_id=interaction.user.id,
        page=page,
        zone=app.zone(interaction.guild_id),
    )
    page = min(board.page, board.pages)
    owner = interaction.user.id
    buttons = [
        PageButton(owner, period, page - 1, topic, label="◀ Previous"),
        PageButton(owner, period, page + 1, topic, label="Next ▶"),
    ]
    for button, target in zip(buttons, (page - 1, page + 1), strict=True):
        button.item.disabled = not 1 <= target <= board.pages
    view = routed_view(*buttons)
    return embeds.leaderboard_embed(app.bank, board, interaction.user.id), view


class PageButton(
    discord.ui.DynamicItem[Button],
    template=r"ic:lb:(?P<owner>\d+):(?P<period>week|month|all):(?P<page>-?\d+):(?P<topic>[\w.*-]+)",
):
    """Turn the page: the member who asked pages in place; anyone else gets their own copy."""

    def __init__(
        self, owner: int, period: Period, page: int, topic: str | None, *, label: str = "Page"
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"ic:lb:{owner}:{period.value}:{page}:{topic or NO_TOPIC}",
            )
        )
        self.owner, self.period, self.page, self.topic = owner, period, page, topic

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        topic = None if match["topic"] == NO_TOPIC else match["topic"]
        return cls(int(match["owner"]), Period(match["period"]), int(match["page"]), topic)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            embed, view = await render(
                interaction, period=self.period, topic=self.topic, page=max(1, self.page)
            )
            if interaction.user.id == self.owner:
                await interaction.response.edit_message(embed=embed, view=view)
            else:
                await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

        await guarded(interaction, run)


ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (PageButton,)
