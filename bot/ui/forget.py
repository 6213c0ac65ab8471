"""`/coach forget-me`'s confirmation buttons (`ic:forget:<member>:yes|no`)."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot import services
from bot.ui import embeds
from bot.ui.context import coach, guild_id
from bot.ui.quiz import Button, guarded
from bot.ui.views import routed_view


def confirm_view(member_id: int) -> discord.ui.View:
    return routed_view(
        ForgetButton(member_id, confirm=True), ForgetButton(member_id, confirm=False)
    )


class ForgetButton(
    discord.ui.DynamicItem[Button], template=r"ic:forget:(?P<member>\d+):(?P<answer>yes|no)"
):
    """Delete (or keep) the member's data in this server, once they confirmed."""

    def __init__(self, member_id: int, *, confirm: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label="Delete my data" if confirm else "Cancel",
                style=discord.ButtonStyle.danger if confirm else discord.ButtonStyle.secondary,
                custom_id=f"ic:forget:{member_id}:{'yes' if confirm else 'no'}",
            )
        )
        self.member_id = member_id
        self.confirm = confirm

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(int(match["member"]), confirm=match["answer"] == "yes")

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.member_id:
            await interaction.response.send_message(
                embed=embeds.notice("Only the member who asked can confirm this."), ephemeral=True
            )
            return False
        return True

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            if not self.confirm:
                await interaction.response.edit_message(
                    embed=embeds.notice("Cancelled: nothing was deleted."), view=None
                )
                return
            app = coach(interaction)
            gone = await services.forget_member(
                app.sessions, guild_id=guild_id(interaction), member_id=self.member_id
            )
            text = (
                f"Done: deleted {gone.attempts} answer(s), {gone.reviews} review(s), "
                f"{gone.reports} report(s) and {gone.sessions} quiz(zes) of yours in this server."
            )
            await interaction.response.edit_message(embed=embeds.notice(text), view=None)

        await guarded(interaction, run)


ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ForgetButton,)
