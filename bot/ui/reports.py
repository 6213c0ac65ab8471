"""The "Report question" button and its modal (reason select + optional details)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot import services
from bot.services.reports import DETAILS_MAX
from bot.ui import embeds
from bot.ui.context import coach, guild_id
from bot.ui.modals import MODAL_TIMEOUT, ModalRouter, Values, text_value
from bot.ui.quiz import guarded
from bot.ui.views import SessionButton

REASONS = (
    ("wrong_answer", "The model answer is wrong"),
    ("unfair_grading", "My answer was graded unfairly"),
    ("unclear", "The question is unclear"),
    ("duplicate", "It duplicates another question"),
    ("other", "Something else"),
)


class ReportModal(discord.ui.Modal):
    """Why the question is wrong; the submission is handled by `submit_report`."""

    def __init__(self, session_id: int) -> None:
        super().__init__(
            title="Report this question",
            custom_id=f"ic:reportsub:{session_id}",
            timeout=MODAL_TIMEOUT,
        )
        self.add_item(
            discord.ui.Label(
                text="Reason",
                component=discord.ui.Select(
                    custom_id="reason",
                    options=[
                        discord.SelectOption(label=label, value=value) for value, label in REASONS
                    ],
                ),
            )
        )
        self.add_item(
            discord.ui.Label(
                text="Details (optional)",
                component=discord.ui.TextInput(
                    custom_id="details",
                    style=discord.TextStyle.paragraph,
                    required=False,
                    max_length=DETAILS_MAX,
                ),
            )
        )
        self.stop()  # shown only: the modal router handles the submission


class ReportButton(SessionButton, prefix="report"):
    """Open the report modal for this session's question."""

    button_label = "Report question"
    button_style = discord.ButtonStyle.danger
    button_emoji = "🚩"

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(
            interaction, lambda: interaction.response.send_modal(ReportModal(self.session_id))
        )


async def submit_report(
    interaction: discord.Interaction[Any], match: re.Match[str], values: Values
) -> None:
    async def run() -> None:
        app = coach(interaction)
        reason = values.get("reason") or ["other"]
        report = await services.report_question(
            app.sessions,
            app.bank,
            guild_id=guild_id(interaction),
            member_id=interaction.user.id,
            session_id=int(match["session"]),
            reason=reason[0] if isinstance(reason, list) else reason,
            details=text_value(values, "details"),
        )
        await interaction.response.send_message(
            embed=embeds.notice(
                f"Thanks: report #{report.id} is filed and the moderators will look at it."
            ),
            ephemeral=True,
        )

    await guarded(interaction, run)


def register_modals(router: ModalRouter) -> None:
    router.add(r"ic:reportsub:(?P<session>\d+)", submit_report)


ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ReportButton,)
