"""A local Discord emulator for end-to-end tests of an unmodified discord.py bot.

See README.md in this folder for how to write a test with it.
"""

from tests.fake_discord.clock import Clock
from tests.fake_discord.errors import DiscordError
from tests.fake_discord.interactions import InjectionError, InteractionHandle, InteractionRejected, InteractionReply
from tests.fake_discord.runner import patch_discord
from tests.fake_discord.server import BotCrashed, FakeDiscord

__all__ = [
    "BotCrashed",
    "Clock",
    "DiscordError",
    "FakeDiscord",
    "InjectionError",
    "InteractionHandle",
    "InteractionRejected",
    "InteractionReply",
    "patch_discord",
]
