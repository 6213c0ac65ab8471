"""How UI code reaches the running bot's bank, scorer and database: through the interaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.services import CoachError

if TYPE_CHECKING:
    from bot.app import CoachBot


def coach(interaction: discord.Interaction[Any]) -> CoachBot:
    """The `CoachBot` that received this interaction."""
    from bot.app import CoachBot

    client = interaction.client
    if not isinstance(client, CoachBot):
        raise TypeError(f"expected a CoachBot, got {type(client).__name__}")
    return client


def guild_id(interaction: discord.Interaction[Any]) -> int:
    """The interaction's guild; the coach keeps everything per server."""
    if interaction.guild_id is None:
        raise CoachError("That only works in a server.")
    return interaction.guild_id
