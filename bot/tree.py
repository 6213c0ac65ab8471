"""The command tree with the bot's one error handler, and the safe way to tell a member no.

Every app command error ends up in `CoachTree.on_error`; buttons and modals
route theirs through `handle_error` too. A `CoachError` is the member's own
business (its message is fit to show); a failed check or a cooldown gets a
plain sentence; anything else is logged once, with its traceback, and the
member is told something went wrong.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.services import CoachError

log = logging.getLogger(__name__)

UNKNOWN_INTERACTION = 10062
UNEXPECTED = "Something went wrong on my side; it has been logged. Please try again."


# How Discord's client names the permissions our checks may ask for.
PERMISSION_NAMES = {"manage_guild": "Manage Server", "manage_messages": "Manage Messages"}


def permission_name(permission: str) -> str:
    """A permission flag as members see it in Discord ("manage_guild" -> "Manage Server")."""
    return PERMISSION_NAMES.get(permission, permission.replace("_", " ").title())


def describe(error: BaseException) -> str | None:
    """The message a member sees for an expected error, or None for an unexpected one."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        inner = error.__cause__ or getattr(error, "original", None)
        if isinstance(inner, BaseException) and inner is not error:
            return describe(inner)
    if isinstance(error, CoachError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: you can do that again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.MissingPermissions):
        names = " and ".join(permission_name(p) for p in error.missing_permissions)
        return f"You need the {names} permission for that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That only works in a server."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that here."
    return None


async def reply(interaction: discord.Interaction[Any], text: str) -> None:
    """Tell the member `text`, privately, whether or not the interaction was answered yet.

    An interaction that expired (or was already answered elsewhere) cannot be
    answered at all: that is logged at debug level and otherwise ignored.
    """
    embed = discord.Embed(description=text, colour=discord.Colour.red())
    try:
        if interaction.response.is_done():
            await interaction.followup.send(embed=embed, ephemeral=True)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True)
    except discord.NotFound:
        log.debug("interaction %s expired before the error reply", interaction.id)
    except discord.HTTPException as exc:
        log.warning("could not send an error reply to interaction %s: %s", interaction.id, exc)


def _root(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError) and error.original is not error:
        error = error.original
    return error


async def handle_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Answer the member for an expected error; log an unexpected one once and apologise."""
    root = _root(error)
    if isinstance(root, discord.NotFound) and root.code == UNKNOWN_INTERACTION:
        # Nobody is left to tell: the 3 seconds (or 15 minutes) were over.
        log.warning("interaction %s expired before the bot answered it", interaction.id)
        return
    message = describe(error)
    if message is None:
        where = interaction.command.qualified_name if interaction.command else interaction.data
        log.error(
            "unexpected error handling interaction %s (%s)",
            interaction.id,
            where,
            exc_info=(type(error), error, error.__traceback__),
        )
        message = UNEXPECTED
    await reply(interaction, message)


class CoachTree(app_commands.CommandTree[Any]):
    """The command tree; its `on_error` is the one place app command errors are handled."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        await handle_error(interaction, error)
