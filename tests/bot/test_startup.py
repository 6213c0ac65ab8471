"""`coach run` start-up: one clear line and a non-zero exit for what the user must fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.run import launch, main, token_problem
from bot.settings import Settings
from tests.bot.harness import settings_for, start_coach
from tests.dbfixtures import sqlite_url
from tests.fake_discord import FakeDiscord


def test_missing_and_malformed_tokens(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main() == 2
    err = capsys.readouterr().err
    assert err.startswith("DISCORD_TOKEN is not set")
    assert "discord.com/developers/applications" in err and "Traceback" not in err
    monkeypatch.setenv("DISCORD_TOKEN", "not a token")
    assert main() != 0
    assert "does not look like a bot token" in capsys.readouterr().err
    assert token_problem("aaa.bbb.ccc") is None


def test_invalid_setting_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEV_GUILD_ID", "general")
    assert main() == 2
    err = capsys.readouterr().err
    assert err.startswith("coach run: invalid setting DEV_GUILD_ID") and err.count("\n") == 1


def test_the_token_is_secret(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    settings = settings_for(fake_discord, sqlite_url(tmp_path))
    assert fake_discord.token not in repr(settings) and fake_discord.token not in str(settings)


async def test_refused_token(
    fake_discord: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(fake_discord, sqlite_url(tmp_path), discord_token="aaaa.bbbb.cccc")
    assert await launch(settings) == 1
    err = capsys.readouterr().err
    assert "Discord refused DISCORD_TOKEN" in err and "Traceback" not in err


async def test_unreadable_bank(
    fake_discord: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.yaml").write_text("topic: broken\nquestions: [1, 2\n")
    settings = settings_for(fake_discord, sqlite_url(tmp_path), questions_dir=tmp_path)
    assert await launch(settings) == 1
    err = capsys.readouterr().err
    assert err.startswith("coach run: the question bank at") and err.count("\n") == 1


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite:////proc/no-such-dir/coach.db",
        "postgresql+asyncpg://coach@127.0.0.1:9/coach",
    ],
)
async def test_unopenable_database(
    fake_discord: FakeDiscord, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(fake_discord, url)
    assert await launch(settings) == 1
    err = capsys.readouterr().err
    assert err.startswith("coach run: cannot open the database") and err.count("\n") == 1
    assert "Traceback" not in err


async def test_started_bot_is_configured_safely(
    fake_discord: FakeDiscord, settings: Settings
) -> None:
    bot = await start_coach(fake_discord, settings)
    assert bot.allowed_mentions is not None
    assert bot.allowed_mentions.to_dict() == {"parse": []}
    assert not bot.intents.message_content and not bot.intents.members
    names = {c["name"] for c in fake_discord.commands()}
    assert names == {"quiz", "leaderboard", "coach", "coach-admin", "daily"}


def test_settle_heap_freezes_the_start_up_heap() -> None:
    import gc

    from bot.run import settle_heap

    settle_heap()
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


async def test_unreachable_discord_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    import discord

    # A loopback port nobody listens on: the connection is refused, as when offline.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    settings = Settings(
        discord_token="aaaa.bbbb.cccc",
        database_url=sqlite_url(tmp_path),
        _env_file=None,  # type: ignore[call-arg]
    )
    assert await launch(settings) == 1
    err = capsys.readouterr().err
    assert err.startswith("coach run: cannot reach Discord") and err.count("\n") == 1
    assert "Traceback" not in err
