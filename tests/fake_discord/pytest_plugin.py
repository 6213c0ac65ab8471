"""Pytest fixtures for end-to-end tests against the emulator.

Use from a conftest.py::

    from tests.fake_discord.pytest_plugin import *  # noqa: F403
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from tests.fake_discord.clock import Clock
from tests.fake_discord.runner import patch_discord
from tests.fake_discord.server import FakeDiscord

__all__ = ["EmulatorFactory", "fake_discord", "fake_discord_factory"]

EmulatorFactory = Callable[..., Awaitable[FakeDiscord]]


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """Yield a serving emulator with one guild, #general and member "alice".

    discord.py is pointed at it for the test's duration; bots started with
    ``fake_discord.start_bot`` are stopped before the server shuts down.
    """
    emu = FakeDiscord()
    emu.seed_default()
    async with emu:
        with patch_discord(emu):
            yield emu
    _fail_on_unread_bot_errors(emu)


def _fail_on_unread_bot_errors(emu: FakeDiscord) -> None:
    """Fail a test whose bot logged errors it never looked at.

    A command that raises is only logged by discord.py; without this a test
    that does not wait on the broken interaction would pass silently.  Tests
    that expect errors set ``fail_on_bot_errors = False`` or clear
    ``bot_errors``.
    """
    if emu.fail_on_bot_errors and emu.bot_errors:
        lines = [f"{r.name}: {r.getMessage()}" for r in emu.bot_errors]
        pytest.fail("the bot logged errors:\n" + "\n".join(lines))


@pytest.fixture
async def fake_discord_factory() -> AsyncIterator[EmulatorFactory]:
    """Yield a factory for emulators with custom set-up (clock, no seed, shards).

    ``await fake_discord_factory(seed=False, clock=Clock(), shards=3)``; the
    emulator is already serving and discord.py points at the latest one.
    """
    made: list[tuple[FakeDiscord, Any]] = []

    async def make(
        *, seed: bool = True, clock: Clock | None = None, shards: int = 1
    ) -> FakeDiscord:
        emu = FakeDiscord(clock=clock)
        emu.recommended_shards = shards
        if seed:
            emu.seed_default()
        await emu.start()
        patch = patch_discord(emu)
        patch.__enter__()
        made.append((emu, patch))
        return emu

    yield make
    for emu, patch in reversed(made):
        await emu.stop()
        patch.__exit__(None, None, None)
    for emu, _ in made:
        _fail_on_unread_bot_errors(emu)
