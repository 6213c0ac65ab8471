"""The quiz on Discord: question posts, the Answer/Hint/Skip buttons, the answer modal, feedback.

Every button is a `DynamicItem` whose custom id carries the quiz session id
(`ic:answer:<session>`, ...), and the answer modal's id does too
(`ic:submit:<session>`), so they keep working after a restart. Who may use a
session, and whether an answer still earns points, is the services' call.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Self

import discord

from bot import services
from bot.bank import Difficulty
from bot.tree import handle_error
from bot.ui import embeds
from bot.ui.context import coach, guild_id
from bot.ui.limits import clip
from bot.ui.modals import MODAL_TIMEOUT, ModalRouter, Values, text_value
from bot.ui.views import SessionButton, routed_view

ANSWER_MAX = 4000
Button = discord.ui.Button[discord.ui.View]


async def guarded(
    interaction: discord.Interaction[Any], action: Callable[[], Awaitable[object]]
) -> None:
    """Run a component or modal handler, sending any error through the one error handler."""
    try:
        await action()
    except Exception as error:
        await handle_error(interaction, error)


# -- opening questions ---------------------------------------------------------


async def start_quiz(
    interaction: discord.Interaction[Any],
    *,
    topic: str | None,
    difficulty: Difficulty | None,
    shared: bool,
) -> None:
    """Open a question for the member and post it: ephemeral, or in the channel when shared."""
    app = coach(interaction)
    app.check_start_cooldown(interaction)
    opened = await services.open_quiz(
        app.sessions,
        app.bank,
        guild_id=guild_id(interaction),
        member_id=interaction.user.id,
        topic=topic,
        difficulty=difficulty,
        shared=shared,
        channel_id=interaction.channel_id,
    )
    await send_question(interaction, opened, shared=shared)


async def send_question(
    interaction: discord.Interaction[Any], opened: services.OpenedQuiz, *, shared: bool = False
) -> None:
    app = coach(interaction)
    await interaction.response.send_message(
        embed=embeds.question_embed(app.bank, opened, shared=shared),
        view=question_view(opened.session_id),
        ephemeral=not shared,
    )


def question_view(session_id: int) -> discord.ui.View:
    return routed_view(AnswerButton(session_id), HintButton(session_id), SkipButton(session_id))


def feedback_view(session_id: int, topic: str) -> discord.ui.View:
    from bot.ui.reports import ReportButton

    return routed_view(NextButton(topic), RetryButton(session_id), ReportButton(session_id))


# -- the answer modal ------------------------------------------------------------


class AnswerModal(discord.ui.Modal):
    """A paragraph box for the answer; its submission is handled by `submit_answer`."""

    def __init__(self, session_id: int, title: str = "Your answer") -> None:
        super().__init__(
            title=clip(title, 45), custom_id=f"ic:submit:{session_id}", timeout=MODAL_TIMEOUT
        )
        self.add_item(
            discord.ui.TextInput(
                label="Your answer",
                custom_id="answer",
                style=discord.TextStyle.paragraph,
                placeholder="Explain it as you would in an interview.",
                min_length=1,
                max_length=ANSWER_MAX,
            )
        )
        # Shown only: `submit_answer` handles the submission through the modal router,
        # so discord.py need not store the modal and time it out (see `routed_view`).
        self.stop()


async def open_answer_modal(
    interaction: discord.Interaction[Any], session_id: int, title: str = "Your answer"
) -> None:
    """Show the answer modal, once the session is known to be this member's to answer."""
    await services.check_answerable(
        coach(interaction).sessions, session_id=session_id, member_id=interaction.user.id
    )
    await interaction.response.send_modal(AnswerModal(session_id, title))


async def submit_answer(
    interaction: discord.Interaction[Any], match: re.Match[str], values: Values
) -> None:
    """Score a submitted answer and reply, privately, with the full feedback."""

    async def run() -> None:
        app = coach(interaction)
        text = text_value(values, "answer")
        result = await services.answer(
            app.sessions,
            app.bank,
            app.scorer,
            session_id=int(match["session"]),
            member_id=interaction.user.id,
            text=text,
            zone=app.zone(interaction.guild_id),
        )
        await interaction.response.send_message(
            embed=embeds.feedback_embed(result, text),
            view=feedback_view(int(match["session"]), result.question.topic),
            ephemeral=True,
        )

    await guarded(interaction, run)


def register_modals(router: ModalRouter) -> None:
    router.add(r"ic:submit:(?P<session>\d+)", submit_answer)


# -- buttons ---------------------------------------------------------------------


class AnswerButton(SessionButton, prefix="answer"):
    """Open the answer modal for this session."""

    button_label = "Answer"
    button_style = discord.ButtonStyle.primary
    button_emoji = "✍️"

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, lambda: open_answer_modal(interaction, self.session_id))


class RetryButton(SessionButton, prefix="retry"):
    """Answer the same question again, for practice: feedback, no points."""

    button_label = "Try again"
    button_style = discord.ButtonStyle.secondary

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        title = "Try again (practice, no points)"
        await guarded(interaction, lambda: open_answer_modal(interaction, self.session_id, title))


class HintButton(SessionButton, prefix="hint"):
    """Show the session's next hint; each costs a quarter of the question's points."""

    button_label = "Hint"
    button_style = discord.ButtonStyle.secondary
    button_emoji = "💡"

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            app = coach(interaction)
            hint = await services.take_hint(
                app.sessions, app.bank, session_id=self.session_id, member_id=interaction.user.id
            )
            await interaction.response.send_message(embed=embeds.hint_embed(hint), ephemeral=True)

        await guarded(interaction, run)


class SkipButton(SessionButton, prefix="skip"):
    """Skip the question (a miss after a hint) and offer another one."""

    button_label = "Skip"
    button_style = discord.ButtonStyle.secondary
    button_emoji = "⏭️"

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        async def run() -> None:
            app = coach(interaction)
            skipped = await services.skip(
                app.sessions, app.bank, session_id=self.session_id, member_id=interaction.user.id
            )
            await interaction.response.send_message(
                embed=embeds.skipped_embed(skipped),
                view=routed_view(NextButton(skipped.question.topic)),
                ephemeral=True,
            )

        await guarded(interaction, run)


class NextButton(discord.ui.DynamicItem[Button], template=r"ic:next:(?P<topic>[\w.-]+)"):
    """A new private question in the same topic."""

    def __init__(self, topic: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Next question",
                style=discord.ButtonStyle.success,
                custom_id=f"ic:next:{topic}",
            )
        )
        self.topic = topic

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(match["topic"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        topic = self.topic if coach(interaction).bank.topic(self.topic) is not None else None
        await guarded(
            interaction,
            lambda: start_quiz(interaction, topic=topic, difficulty=None, shared=False),
        )


ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    AnswerButton,
    RetryButton,
    HintButton,
    SkipButton,
    NextButton,
)
