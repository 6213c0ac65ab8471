"""Mock interviews on Discord: questions one after another, then a report.

The Answer button and the modal carry the whole run in their custom ids
(`ic:mock:<session>:<first session>:<number>:<count>:<topic>`), so a mock
survives a restart like any quiz; the report reads the run's attempts back.
"""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot import services
from bot.ui import embeds
from bot.ui.context import coach, guild_id
from bot.ui.modals import ModalRouter, Values, text_value
from bot.ui.quiz import AnswerModal, Button, guarded
from bot.ui.views import routed_view

ANY_TOPIC = "*"
_RUN = r"(?P<session>\d+):(?P<first>\d+):(?P<number>\d+):(?P<count>\d+):(?P<topic>[\w.*-]+)"


def _run_id(session: int, first: int, number: int, count: int, topic: str | None) -> str:
    return f"{session}:{first}:{number}:{count}:{topic or ANY_TOPIC}"


async def start_mock(
    interaction: discord.Interaction[Any], *, topic: str | None, count: int
) -> None:
    app = coach(interaction)
    app.check_start_cooldown(interaction)
    opened = await services.open_mock_question(
        app.sessions,
        app.bank,
        guild_id=guild_id(interaction),
        member_id=interaction.user.id,
        topic=topic,
        channel_id=interaction.channel_id,
    )
    run = _run_id(opened.session_id, opened.session_id, 1, count, topic)
    await interaction.response.send_message(
        embed=embeds.mock_question_embed(app.bank, opened, 1, count),
        view=_view(run),
        ephemeral=True,
    )


def _view(run: str) -> discord.ui.View:
    return routed_view(MockAnswerButton(run))


class MockAnswerButton(discord.ui.DynamicItem[Button], template=r"ic:mock:" + _RUN):
    """Answer the current mock-interview question."""

    def __init__(self, run: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Answer", style=discord.ButtonStyle.primary, custom_id=f"ic:mock:{run}"
            )
        )
        self.run = run

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(match.group(0).removeprefix("ic:mock:"))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        session = int(self.run.split(":", 1)[0])
        modal = AnswerModal(session, title="Mock interview: your answer")
        modal.custom_id = f"ic:mocksub:{self.run}"
        await guarded(interaction, lambda: interaction.response.send_modal(modal))


async def submit_mock_answer(
    interaction: discord.Interaction[Any], match: re.Match[str], values: Values
) -> None:
    async def run() -> None:
        app = coach(interaction)
        number, count = int(match["number"]), int(match["count"])
        topic = None if match["topic"] == ANY_TOPIC else match["topic"]
        result = await services.answer(
            app.sessions,
            app.bank,
            app.scorer,
            session_id=int(match["session"]),
            member_id=interaction.user.id,
            text=text_value(values, "answer"),
            zone=app.zone(interaction.guild_id),
        )
        if not result.recorded:
            await interaction.response.send_message(
                embed=embeds.notice("You already answered this one: go on with the next question."),
                ephemeral=True,
            )
            return
        if number >= count:
            report = await services.mock_report(
                app.sessions,
                app.bank,
                guild_id=guild_id(interaction),
                member_id=interaction.user.id,
                first_session_id=int(match["first"]),
                count=count,
            )
            await interaction.response.send_message(
                embeds=[
                    embeds.mock_step_embed(result, number, count),
                    embeds.mock_report_embed(app.bank, report),
                ],
                ephemeral=True,
            )
            return
        opened = await services.open_mock_question(
            app.sessions,
            app.bank,
            guild_id=guild_id(interaction),
            member_id=interaction.user.id,
            topic=topic,
            channel_id=interaction.channel_id,
        )
        following = _run_id(opened.session_id, int(match["first"]), number + 1, count, topic)
        await interaction.response.send_message(
            embeds=[
                embeds.mock_step_embed(result, number, count),
                embeds.mock_question_embed(app.bank, opened, number + 1, count),
            ],
            view=_view(following),
            ephemeral=True,
        )

    await guarded(interaction, run)


def register_modals(router: ModalRouter) -> None:
    router.add(r"ic:mocksub:" + _RUN, submit_mock_answer)


ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (MockAnswerButton,)
