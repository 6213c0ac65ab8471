"""Hostile answers, a 429 on the reply and a dropped gateway: nothing pings, nothing is lost."""

from __future__ import annotations

import json

from bot.app import CoachBot
from tests.bot.harness import GOOD_ACID, answer, ask, field
from tests.fake_discord import FakeDiscord

ACID = {"topic": "databases", "difficulty": "easy"}
HOSTILE = (
    "@everyone @here <@{member}> <@&{role}> **bold** __under__ `code` ~~gone~~ "
    "[link](https://evil.example) ||spoiler|| # heading\n> quote\n```py\nprint(1)\n```"
)


def embed_size(embed: dict[str, object]) -> int:
    total = len(str(embed.get("title") or "")) + len(str(embed.get("description") or ""))
    for item in embed.get("fields") or []:  # type: ignore[attr-defined]
        total += len(item["name"]) + len(item["value"])
    footer = embed.get("footer") or {}
    return total + len(str(footer.get("text") or ""))  # type: ignore[attr-defined]


async def test_mentions_and_markdown_are_escaped(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    role = fake_discord.add_role(fake_discord.guild, "mods", 0, mentionable=True)
    text = HOSTILE.format(member=fake_discord.member.id, role=role.id)
    question, _ = await ask(fake_discord, {**ACID, "share": True})
    _, feedback = await answer(fake_discord, question, text)
    echoed = field(feedback.embeds[0], "Your answer")
    assert "@\u200beveryone" in echoed and "@\u200bhere" in echoed
    assert "\\*\\*bold\\*\\*" in echoed and "\\`code\\`" in echoed
    assert "<@&" not in echoed.replace("<@\u200b&", "")
    fake_discord.assert_no_pings()
    # The bot's default allowed mentions are none, on every message it sent.
    for call in fake_discord.recorder.requests_to("POST /interactions/*"):
        data = (call.body or {}).get("data") or {}
        if "allowed_mentions" in data:
            assert data["allowed_mentions"]["parse"] == []


async def test_a_4000_character_answer_fits(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    text = ("*" * 50 + "@everyone ") * 70
    text = (text + GOOD_ACID)[-4000:]
    assert len(text) == 4000
    question, _ = await ask(fake_discord, ACID)
    _, feedback = await answer(fake_discord, question, text)
    embed = feedback.embeds[0]
    assert embed_size(embed) <= 6000
    assert all(len(f["value"]) <= 1024 for f in embed["fields"])
    assert field(embed, "Your answer").endswith("…")
    # A concept named at the very end still counts.
    assert "durability" in field(embed, "Covered")
    fake_discord.assert_no_pings()


async def test_a_429_on_the_reply_is_waited_out(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    question, _ = await ask(fake_discord, ACID)
    fake_discord.faults.rate_limit("POST /interactions/*", retry_after=0.2, via=True, times=1)
    _, feedback = await answer(fake_discord, question, GOOD_ACID)
    assert field(feedback.embeds[0], "Points").startswith("+10")
    statuses = [c.status for c in fake_discord.recorder.requests_to("POST /interactions/*")]
    assert 429 in statuses
    stats = await (await fake_discord.slash("quiz stats")).response()
    assert "**10** points · 1 answers" in stats.embeds[0]["description"]


async def test_a_dropped_gateway_loses_nothing(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    question, _ = await ask(fake_discord, ACID)
    await fake_discord.drop_gateway()
    # Interactions raised while the link is down arrive after the RESUME.
    _, feedback = await answer(fake_discord, question, GOOD_ACID)
    assert field(feedback.embeds[0], "Points").startswith("+10")
    _, again = await ask(fake_discord, {"topic": "caching", "difficulty": "easy"})
    assert again.embeds[0]["title"].startswith("Caching")
    assert json.dumps(fake_discord.recorder.ops_received(6)[-1].data)  # a RESUME was sent
