"""The leaderboard message and its page buttons (`ic:lb:<owner>:<period>:<page>:<topic>`).

`period` is a points period (week, month, all) or `streak`: the daily streak board.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Self

import discord

from bot import services
from bot.services import Period
from bot.services.leaderboard import STREAK, StreakBoard, streak_leaderboard
from bot.ui import embeds
from bot.ui.context import coach, guild_id
from bot.ui.limits import fit
from bot.ui.quiz import Button, guarded
from bot.ui.views import routed_view

NO_TOPIC = "*"
# A points period, or STREAK for the streak board.
Board = Period | Literal["streak"]


def board_kind(name: str) -> Board:
    return STREAK if name == STREAK else Period(name)


def streak_embed(board: StreakBoard, member_id: int) -> discord.Embed:
    """One page of the streak board; the caller's own rank below, even when off this page."""
    lines = [
        f"**{s.rank}.** <@{s.member_id}> — {s.streak} day{'s' if s.streak != 1 else ''}"
        f" (best {s.best})" + (" ← you" if s.member_id == member_id else "")
        for s in board.entries
    ]
    embed = discord.Embed(
        title="Leaderboard — daily streaks",
        description="\n".join(lines) or "Nobody has a streak going: answer a question today.",
        colour=embeds.QUESTION_COLOUR,
    )
    if board.me is not None:
        embed.add_field(
            name="Your rank",
            value=f"#{board.me.rank} of {board.size} — {board.me.streak} day(s)"
            f" (best {board.me.best})",
        )
    else:
        embed.add_field(name="Your rank", value="No streak yet: answer a question today to start.")
    embed.set_footer(
        text=f"Page {board.page}/{board.pages} · {board.size} members · "
        f"consecutive days answered, server time ({board.today.isoformat()})"
    )
    return fit(embed)


async def render(
    interaction: discord.Interaction[Any], *, period: Board, topic: str | None, page: int
) -> tuple[discord.Embed, discord.ui.View]:
    """One page of the board for the member who asked, with Previous/Next buttons."""
    app = coach(interaction)
    if period == STREAK:
        streaks = await streak_leaderboard(
            app.sessions,
            guild_id=guild_id(interaction),
            member_id=interaction.user.id,
            page=page,
            zone=app.zone(interaction.guild_id),
            now=app.clock(),
        )
        page = min(streaks.page, streaks.pages)
        view = _pager(interaction.user.id, STREAK, page, None, streaks.pages)
        return streak_embed(streaks, interaction.user.id), view
    assert isinstance(period, Period)
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
    view = _pager(interaction.user.id, period, page, topic, board.pages)
    return embeds.leaderboard_embed(app.bank, board, interaction.user.id), view


def _pager(owner: int, period: Board, page: int, topic: str | None, pages: int) -> discord.ui.View:
    buttons = [
        PageButton(owner, period, page - 1, topic, label="◀ Previous"),
        PageButton(owner, period, page + 1, topic, label="Next ▶"),
    ]
    for button, target in zip(buttons, (page - 1, page + 1), strict=True):
        button.item.disabled = not 1 <= target <= pages
    return routed_view(*buttons)


class PageButton(
    discord.ui.DynamicItem[Button],
    template=r"ic:lb:(?P<owner>\d+):(?P<period>week|month|all|streak):(?P<page>-?\d+):(?P<topic>[\w.*-]+)",
):
    """Turn the page: the member who asked pages in place; anyone else gets their own copy."""

    def __init__(
        self, owner: int, period: Board, page: int, topic: str | None, *, label: str = "Page"
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"ic:lb:{owner}:{period}:{page}:{topic or NO_TOPIC}",
            )
        )
        self.owner, self.period, self.page, self.topic = owner, period, page, topic

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        topic = None if match["topic"] == NO_TOPIC else match["topic"]
        return cls(int(match["owner"]), board_kind(match["period"]), int(match["page"]), topic)

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
