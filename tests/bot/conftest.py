"""End-to-end fixtures: the emulator, a test database and the coach started like `coach run`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import CoachBot
from bot.settings import Settings
from tests.bot.harness import settings_for, start_coach
from tests.dbfixtures import sqlite_url
from tests.fake_discord import FakeDiscord
from tests.fake_discord.pytest_plugin import *  # noqa: F403


@pytest.fixture
def settings(fake_discord: FakeDiscord, tmp_path: Path) -> Settings:
    return settings_for(fake_discord, sqlite_url(tmp_path))


@pytest.fixture
async def coach(fake_discord: FakeDiscord, settings: Settings) -> CoachBot:
    return await start_coach(fake_discord, settings)
