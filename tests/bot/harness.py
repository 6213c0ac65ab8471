"""Start the real coach bot against the emulator, the way `coach run` builds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.app import CoachBot
from bot.run import build_bot
from bot.settings import Settings
from tests.fake_discord import FakeDiscord, InteractionHandle, InteractionReply
from tests.fake_discord.state import JSON

QUESTIONS = Path(__file__).resolve().parent / "questions"
GOOD_ACID = (
    "Atomicity means all or nothing, consistency keeps constraints, isolation hides "
    "concurrent transactions, and durability means committed data survives a crash."
)


def settings_for(emu: FakeDiscord, database_url: str, **overrides: Any) -> Settings:
    """Settings as `coach run` reads them, pointed at the emulator and a test database."""
    values: dict[str, Any] = {
        "discord_token": emu.token,
        "database_url": database_url,
        "questions_dir": QUESTIONS,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def start_coach(emu: FakeDiscord, settings: Settings, **options: Any) -> CoachBot:
    """Build the bot with `build_bot` (as `coach run` does) and start it on the emulator."""
    bot = build_bot(settings, guild_ready_timeout=0.05, **options)
    return await emu.start_bot(bot)


async def restart(emu: FakeDiscord, bot: CoachBot) -> CoachBot:
    """Stop the bot and start a fresh process-like instance on the same settings."""
    settings = bot.settings
    assert isinstance(settings, Settings)
    await emu.stop_bot(bot)
    return await start_coach(emu, settings)


def custom_ids(reply: InteractionReply | list[JSON]) -> list[str]:
    rows = reply.components if isinstance(reply, InteractionReply) else reply
    found: list[str] = []
    for row in rows:
        for component in row.get("components") or []:
            if "custom_id" in component:
                found.append(str(component["custom_id"]))
    return found


def button(reply: InteractionReply, prefix: str) -> str:
    """The custom id of the reply's button starting with `prefix` (e.g. "ic:answer:")."""
    matches = [cid for cid in custom_ids(reply) if cid.startswith(prefix)]
    assert matches, f"no {prefix} button in {custom_ids(reply)}"
    return matches[0]


def field(embed: JSON, name: str) -> str:
    for item in embed.get("fields") or []:
        if item["name"] == name:
            return str(item["value"])
    raise AssertionError(f"no field {name!r} in {[f['name'] for f in embed.get('fields') or []]}")


async def ask(
    emu: FakeDiscord, options: dict[str, Any] | None = None, **kwargs: Any
) -> tuple[InteractionHandle, InteractionReply]:
    handle = await emu.slash("quiz start", options or {}, **kwargs)
    return handle, await handle.response()


async def answer(
    emu: FakeDiscord, question: InteractionHandle, text: str, **kwargs: Any
) -> tuple[InteractionHandle, InteractionReply]:
    """Click Answer on the question and submit `text` in the modal; the feedback reply."""
    reply = await question.response()
    click = await question.click(button(reply, "ic:answer:"), **kwargs)
    shown = await click.response()
    assert shown.modal is not None
    submitted = await click.submit_modal({"answer": text})
    return submitted, await submitted.response()
