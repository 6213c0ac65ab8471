"""The daily question on Discord: the post, its Answer button, the reveal, and the poster.

`DiscordPoster` is the scheduler's `Poster`: it turns Discord's answers into
the scheduler's two kinds of failure (retry later, or pause and tell the
moderators). The Answer button opens the quiz's own answer modal under the
`ic:dsubmit:<session>` id, whose feedback withholds the model answer until the
reveal; after the reveal an answer still gets full feedback, without points.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from bot import services
from bot.bank import Bank
from bot.services.daily.answers import score_late
from bot.services.daily.config import Status
from bot.services.daily.posting import (
    ChannelUnavailableError,
    DeliveryError,
    OutgoingPost,
    RevealPost,
    Sent,
)
from bot.services.errors import SessionExpiredError
from bot.services.points import base_points
from bot.ui import embeds
from bot.ui.context import coach
from bot.ui.limits import FIELD_VALUE, clip, fit, quote
from bot.ui.modals import ModalRouter, Values, text_value
from bot.ui.quiz import AnswerModal, guarded
from bot.ui.views import SessionButton

if TYPE_CHECKING:
    from bot.app import CoachBot

log = logging.getLogger(__name__)

Button = discord.ui.Button[discord.ui.View]
DAILY_COLOUR = discord.Colour.teal()
HISTORY_LIMIT = 50


def daily_custom_id(session_id: int) -> str:
    return f"ic:daily:{session_id}"


def post_embed(bank: Bank, post: OutgoingPost) -> discord.Embed:
    question = post.question
    title = f"Question of the day #{post.number}" + (" (extra)" if post.extra else "")
    embed = discord.Embed(title=title, description=question.prompt, colour=DAILY_COLOUR)
    embed.add_field(name="Topic", value=embeds.topic_name(bank, question.topic), inline=True)
    embed.add_field(name="Difficulty", value=str(question.difficulty), inline=True)
    embed.add_field(name="Worth", value=f"{base_points(question.difficulty)} points", inline=True)
    embed.set_footer(
        text=f"{post.local_date.isoformat()} · answers are private; the model answer comes "
        "with the reveal"
    )
    return fit(embed)


def reveal_embed(bank: Bank, reveal: RevealPost) -> discord.Embed:
    question = reveal.question
    embed = discord.Embed(
        title=f"Reveal: question of the day #{reveal.number}",
        description=question.prompt if question else reveal.question_id,
        colour=DAILY_COLOUR,
    )
    if question is not None:
        embed.add_field(
            name="Model answer", value=clip(question.answer.strip(), FIELD_VALUE), inline=False
        )
        if question.explanation:
            embed.add_field(
                name="Why it matters", value=clip(question.explanation, FIELD_VALUE), inline=False
            )
    if reveal.top:
        lines = [
            f"{rank}. <@{member}> — {score}/100 (+{points})"
            for rank, (member, score, points) in enumerate(reveal.top, start=1)
        ]
        embed.add_field(name="Top scorers", value="\n".join(lines), inline=False)
    else:
        embed.add_field(name="Top scorers", value="Nobody answered this one.", inline=False)
    embed.set_footer(text=f"{reveal.answers} answer(s) · late answers still get feedback")
    return fit(embed)


def status_embed(found: Status, now: datetime) -> discord.Embed:
    schedule = found.schedule
    state = "paused" if schedule.paused else "active"
    embed = discord.Embed(title=f"Daily question: {state}", colour=DAILY_COLOUR)
    if schedule.paused and schedule.paused_reason:
        embed.description = f"Paused: {schedule.paused_reason}"
    if schedule.next_post_utc is not None:
        local = schedule.next_post_utc.astimezone(found.zone)
        stamp = int(schedule.next_post_utc.timestamp())
        embed.add_field(
            name="Next post",
            value=f"{local:%a %d %b %H:%M} ({found.zone.key}) · <t:{stamp}:F> · <t:{stamp}:R>",
            inline=False,
        )
    embed.add_field(name="Channel", value=f"<#{schedule.channel_id}>", inline=True)
    embed.add_field(name="Time", value=f"{schedule.post_time} {schedule.timezone}", inline=True)
    embed.add_field(
        name="Role", value=f"<@&{schedule.role_id}>" if schedule.role_id else "none", inline=True
    )
    embed.add_field(name="Topics", value=", ".join(schedule.topics) or "all", inline=True)
    embed.add_field(name="Difficulty", value=schedule.difficulty, inline=True)
    reveal = (
        f"after {schedule.reveal_after_hours} h"
        if schedule.reveal_after_hours
        else "when the next post goes out"
    )
    embed.add_field(name="Reveal", value=reveal, inline=True)
    extras = [name for name, on in (("thread", schedule.open_thread), ("pin", schedule.pin)) if on]
    embed.add_field(name="Options", value=", ".join(extras) or "none", inline=True)
    last = found.last_post
    if last is not None and last.posted_at is not None:
        embed.add_field(
            name="Last post",
            value=f"#{last.number} · <t:{int(last.posted_at.timestamp())}:R> · "
            f"https://discord.com/channels/{schedule.guild_id}/{last.channel_id}/{last.message_id}",
            inline=False,
        )
    embed.set_footer(text=f"{found.posts} post(s) so far")
    return fit(embed)


class DailyAnswerButton(SessionButton, prefix="daily"):
    """Open the quiz's answer modal for a daily post (routed to `submit_daily_answer`)."""

    button_label = "Answer"
    button_style = discord.ButtonStyle.primary
    button_emoji = "✍️"

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        modal = AnswerModal(self.session_id, title="Question of the day")
        modal.custom_id = f"ic:dsubmit:{self.session_id}"
        await guarded(interaction, lambda: interaction.response.send_modal(modal))


def _without_model_answer(embed: discord.Embed) -> discord.Embed:
    for index, item in enumerate(embed.fields):
        if item.name == "Model answer":
            embed.set_field_at(
                index, name="Model answer", value="Shown with the reveal.", inline=False
            )
    return embed


async def submit_daily_answer(
    interaction: discord.Interaction[Any], match: re.Match[str], values: Values
) -> None:
    """Score a daily answer; the first counts, the model answer waits for the reveal."""

    async def run() -> None:
        app = coach(interaction)
        text = text_value(values, "answer")
        session_id = int(match["session"])
        try:
            result = await services.answer(
                app.sessions,
                app.bank,
                app.scorer,
                session_id=session_id,
                member_id=interaction.user.id,
                text=text,
                zone=app.zone(interaction.guild_id),
                now=app.clock(),
            )
        except SessionExpiredError:
            late = await score_late(
                app.sessions, app.bank, app.scorer, session_id=session_id, text=text
            )
            embed = discord.Embed(
                title=clip(f"{late.score.verdict.value.capitalize()} · after the reveal", 256),
                description=f"**{late.score.score}/100** — {late.score.feedback}\n"
                "The answer is revealed, so this one earns no points.",
                colour=embeds.COLOURS[late.score.verdict],
            )
            embed.add_field(
                name="Model answer", value=clip(late.question.answer, FIELD_VALUE), inline=False
            )
            embed.add_field(name="Your answer", value=quote(text, FIELD_VALUE), inline=False)
            await interaction.response.send_message(embed=fit(embed), ephemeral=True)
            return
        embed = _without_model_answer(embeds.feedback_embed(result, text))
        await interaction.response.send_message(embed=fit(embed), ephemeral=True)

    await guarded(interaction, run)


def register(bot: CoachBot) -> None:
    """Register the restart-proof Answer button and the modal route (from the cog's load)."""
    bot.add_dynamic_items(DailyAnswerButton)
    register_modals(bot.modals)


def register_modals(router: ModalRouter) -> None:
    router.add(r"ic:dsubmit:(?P<session>\d+)", submit_daily_answer)


def missing_permissions(
    permissions: discord.Permissions, *, thread: bool = False, pin: bool = False
) -> list[str]:
    """The permissions the bot lacks in the channel for daily posts, by their Discord names."""
    needed = [
        ("view_channel", "View Channel"),
        ("send_messages", "Send Messages"),
        ("embed_links", "Embed Links"),
        ("read_message_history", "Read Message History"),
    ]
    if thread:
        needed += [
            ("create_public_threads", "Create Public Threads"),
            ("send_messages_in_threads", "Send Messages in Threads"),
        ]
    if pin:
        needed.append(("manage_messages", "Manage Messages"))
    return [label for attr, label in needed if not getattr(permissions, attr)]


_TRANSIENT = (discord.DiscordServerError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


@contextlib.contextmanager
def _sending(channel_id: int, *, any_http_error_is_transient: bool) -> Iterator[None]:
    """Discord's answers to a send, as the scheduler's errors: a lost channel or
    permission pauses the schedule, a transient failure is retried."""
    try:
        yield
    except discord.NotFound as error:
        raise ChannelUnavailableError("the channel was deleted.") from error
    except discord.Forbidden as error:
        raise ChannelUnavailableError(
            f"I lost a permission in <#{channel_id}> ({error.text or 'Forbidden'})."
        ) from error
    except _TRANSIENT as error:
        raise DeliveryError(str(error)) from error
    except discord.HTTPException as error:
        if any_http_error_is_transient or error.status >= 500 or error.status == 429:
            raise DeliveryError(str(error)) from error
        raise


@contextlib.contextmanager
def _reading_history(channel_id: int) -> Iterator[None]:
    """Discord's answers to reading a channel's history, as the scheduler's errors."""
    try:
        yield
    except discord.Forbidden as error:
        raise ChannelUnavailableError(f"I cannot read <#{channel_id}>'s history.") from error
    except _TRANSIENT as error:
        raise DeliveryError(str(error)) from error


class DiscordPoster:
    """Sends daily posts, reveals and notices through discord.py for the scheduler."""

    def __init__(self, bot: CoachBot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.NotFound as error:
                raise ChannelUnavailableError("the channel was deleted.") from error
            except discord.Forbidden as error:
                raise ChannelUnavailableError(
                    f"I can no longer see <#{channel_id}> (View Channel)."
                ) from error
            except _TRANSIENT as error:
                raise DeliveryError(str(error)) from error
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelUnavailableError(f"<#{channel_id}> is not a text channel.")
        return channel

    def _check_permissions(self, channel: Any, post: OutgoingPost) -> None:
        guild = getattr(channel, "guild", None)
        if guild is None or guild.me is None:
            return
        missing = missing_permissions(channel.permissions_for(guild.me))
        if missing:
            raise ChannelUnavailableError(f"I lost {', '.join(missing)} in <#{post.channel_id}>.")

    async def send(self, post: OutgoingPost) -> Sent:
        channel = await self._channel(post.channel_id)
        self._check_permissions(channel, post)
        view = discord.ui.View(timeout=None)
        view.add_item(DailyAnswerButton(post.session_id))
        role = discord.Object(post.role_id) if post.role_id else None
        with _sending(post.channel_id, any_http_error_is_transient=False):
            message = await channel.send(
                content=f"<@&{post.role_id}>" if post.role_id else None,
                embed=post_embed(self.bot.bank, post),
                view=view,
                nonce=post.nonce,
                allowed_mentions=discord.AllowedMentions(
                    everyone=False, users=False, roles=[role] if role else False
                ),
            )
        thread_id = await self._decorate(channel, message, post)
        return Sent(message.id, thread_id)

    async def _decorate(
        self, channel: Any, message: discord.Message, post: OutgoingPost
    ) -> int | None:
        """Pin (unpinning the previous post) and open a thread; best effort, never fatal."""
        thread_id: int | None = None
        try:
            if post.pin:
                if post.previous_message_id:
                    previous = channel.get_partial_message(post.previous_message_id)
                    with contextlib.suppress(discord.NotFound):
                        await previous.unpin(reason="daily question: newer post pinned")
                await message.pin(reason="daily question")
            if post.open_thread and isinstance(channel, discord.TextChannel):
                thread = await message.create_thread(
                    name=clip(f"Question of the day #{post.number}", 100),
                    auto_archive_duration=1440,
                )
                thread_id = thread.id
        except discord.HTTPException as error:
            log.warning("daily post %s: pin or thread failed: %s", post.post_id, error)
        return thread_id

    async def find_sent(self, channel_id: int, session_id: int) -> Sent | None:
        channel = await self._channel(channel_id)
        wanted = daily_custom_id(session_id)
        me = self.bot.user
        with _reading_history(channel_id):
            async for message in channel.history(limit=HISTORY_LIMIT):
                if me is None or message.author.id != me.id:
                    continue
                for row in message.components:
                    for child in getattr(row, "children", []):
                        if getattr(child, "custom_id", None) == wanted:
                            thread = message.thread.id if message.thread else None
                            return Sent(message.id, thread)
        return None

    async def reveal(self, reveal: RevealPost) -> int:
        channel = await self._channel(reveal.channel_id)
        reference = discord.MessageReference(
            message_id=reveal.message_id, channel_id=reveal.channel_id, fail_if_not_exists=False
        )
        with _sending(reveal.channel_id, any_http_error_is_transient=True):
            message = await channel.send(
                embed=reveal_embed(self.bot.bank, reveal),
                reference=reference,
                nonce=reveal.nonce,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        return message.id

    async def find_reveal(self, channel_id: int, message_id: int) -> int | None:
        """The bot's reveal replying to the post `message_id` among the recent messages."""
        channel = await self._channel(channel_id)
        me = self.bot.user
        with _reading_history(channel_id):
            async for message in channel.history(limit=HISTORY_LIMIT):
                if me is None or message.author.id != me.id or message.reference is None:
                    continue
                if message.reference.message_id == message_id and any(
                    (embed.title or "").startswith("Reveal") for embed in message.embeds
                ):
                    return message.id
        return None

    async def notify(self, guild_id: int, moderator_id: int, text: str) -> None:
        """Tell the moderators: the system channel when the bot may post there, else a DM."""
        embed = discord.Embed(
            title="Daily question", description=text, colour=discord.Colour.orange()
        )
        guild = self.bot.get_guild(guild_id)
        system = guild.system_channel if guild is not None else None
        if system is not None and guild is not None and guild.me is not None:
            perms = system.permissions_for(guild.me)
            if perms.send_messages and perms.embed_links:
                try:
                    await system.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
                    return
                except discord.HTTPException as error:
                    log.info("system channel notice failed in %s: %s", guild_id, error)
        user = self.bot.get_user(moderator_id) or await self.bot.fetch_user(moderator_id)
        try:
            await user.send(embed=embed)
        except discord.HTTPException as error:
            log.warning("could not DM moderator %s of guild %s: %s", moderator_id, guild_id, error)
