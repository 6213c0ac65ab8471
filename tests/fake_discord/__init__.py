"""A local Discord emulator for end-to-end tests of an unmodified discord.py bot.

See README.md in this folder for how to write a test with it.
"""

from tests.fake_discord.clock import Clock
from tests.fake_discord.errors import DiscordError
from tests.fake_discord.interactions import (
    InjectionError,
    InteractionHandle,
    InteractionRejectedError,
    InteractionReply,
)
from tests.fake_discord.runner import patch_discord
from tests.fake_discord.server import BotCrashedError, FakeDiscord

__all__ = [
    "BotCrashedError",
    "Clock",
    "DiscordError",
    "FakeDiscord",
    "InjectionError",
    "InteractionHandle",
    "InteractionRejectedError",
    "InteractionReply",
    "patch_discord",
]
