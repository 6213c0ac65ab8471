"""Command options shared by several cogs: topic autocomplete and checking what came back."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.bank import Bank
from bot.services import CoachError
from bot.ui.context import coach
from bot.ui.limits import CHOICE_NAME, clip

MAX_CHOICES = 25


def topic_choices(bank: Bank, current: str) -> list[app_commands.Choice[str]]:
    """Topics whose slug or name contains what the member typed, at most 25."""
    typed = current.strip().casefold()
    return [
        app_commands.Choice(
            name=clip(f"{topic.name} ({topic.slug})", CHOICE_NAME), value=topic.slug
        )
        for topic in bank.topics
        if typed in topic.slug.casefold() or typed in topic.name.casefold()
    ][:MAX_CHOICES]


async def autocomplete_topic(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    return topic_choices(coach(interaction).bank, current)


def resolve_topic(bank: Bank, value: str | None) -> str | None:
    """The topic slug for what the member chose or typed; a clear error when there is none."""
    if value is None or not value.strip():
        return None
    typed = value.strip()
    for topic in bank.topics:
        if typed.casefold() in (topic.slug.casefold(), topic.name.casefold()):
            return topic.slug
    known = ", ".join(topic.slug for topic in bank.topics)
    shown = discord.utils.escape_markdown(typed)[:80]
    raise CoachError(f"There is no topic {shown!r}: try {known}.")
