"""Make the emulator's fixtures available to its own tests, plus a probe bot."""

from __future__ import annotations

import pytest

from tests.emulator.bots import ProbeBot
from tests.fake_discord import FakeDiscord
from tests.fake_discord.pytest_plugin import *  # noqa: F403


@pytest.fixture
async def probe(fake_discord: FakeDiscord) -> ProbeBot:
    """Return a ProbeBot connected to the default emulator and ready."""
    return await fake_discord.start_bot(ProbeBot)
