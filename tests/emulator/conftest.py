"""Make the emulator's fixtures available to its own tests."""

from tests.fake_discord.pytest_plugin import *  # noqa: F403
