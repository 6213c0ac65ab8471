"""Topics, stats, leaderboard, help, forget-me and topic autocomplete, end to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.app import CoachBot
from tests.bot.harness import GOOD_ACID, answer, ask, custom_ids, field
from tests.fake_discord import FakeDiscord
from tests.fake_discord.state import Member

ACID = {"topic": "databases", "difficulty": "easy"}


async def test_topics_counts_per_difficulty(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    reply = await (await fake_discord.slash("quiz topics")).response()
    embed = reply.embeds[0]
    assert reply.ephemeral
    # The retired question is not counted.
    assert "2 questions — easy: 1 · medium: 1 · hard: 0" in field(embed, "Databases (`databases`)")
    assert embed["footer"]["text"] == "4 questions in 2 topics"


async def test_topic_autocomplete(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    reply = await (
        await fake_discord.autocomplete("quiz start", focused="topic", value="cach")
    ).response()
    assert reply.choices == [{"name": "Caching (caching)", "value": "caching"}]
    everything = await (
        await fake_discord.autocomplete("leaderboard", focused="topic", value="")
    ).response()
    assert [c["value"] for c in everything.choices] == ["caching", "databases"]


async def test_unknown_topic_is_refused_kindly(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    _, reply = await ask(fake_discord, {"topic": "astrology"})
    assert reply.ephemeral and "no topic 'astrology'" in reply.embeds[0]["description"]


async def test_answer_shows_in_stats_and_leaderboard(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    question, _ = await ask(fake_discord, ACID)
    await answer(fake_discord, question, GOOD_ACID)
    stats = await (await fake_discord.slash("quiz stats")).response()
    embed = stats.embeds[0]
    assert "**10** points · 1 answers · 1 correct" in embed["description"]
    assert "1 answers · avg 100" in field(embed, "Databases")
    board = await (await fake_discord.slash("leaderboard")).response()
    assert not board.ephemeral
    embed = board.embeds[0]
    assert f"**1.** <@{fake_discord.member.id}> — 10 pts ← you" in embed["description"]
    assert field(embed, "Your rank") == "#1 of 1 — 10 pts"
    fake_discord.assert_no_pings()


async def test_stats_of_another_member(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    bob = fake_discord.add_member(fake_discord.guild, "bob")
    question, _ = await ask(fake_discord, {"topic": "caching", "difficulty": "easy"}, member=bob)
    await answer(fake_discord, question, "I have no idea", member=bob)
    stats = await (await fake_discord.slash("quiz stats", {"member": bob})).response()
    embed = stats.embeds[0]
    assert embed["title"].casefold() == "stats for bob"
    assert "Caching" in field(embed, "Weakest topics")
    assert "expiry" in field(embed, "Most missed concepts")


async def _score(emu: FakeDiscord, member: Member, text: str) -> None:
    question, _ = await ask(emu, ACID, member=member)
    await answer(emu, question, text, member=member)


async def test_leaderboard_pages_and_own_rank_off_page(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    coach.start_cooldowns.rate = 100
    members = [fake_discord.add_member(fake_discord.guild, f"m{i:02}") for i in range(11)]
    for member in members:
        await _score(fake_discord, member, GOOD_ACID)
    # Alice scores less than everyone: she is 12th, on page 2.
    await _score(fake_discord, fake_discord.member, "atomicity and consistency")
    handle = await fake_discord.slash("leaderboard", {"period": "all"})
    first = await handle.response()
    embed = first.embeds[0]
    assert embed["description"].count("\n") == 9  # ten lines
    assert field(embed, "Your rank") == "#12 of 12 — 5 pts"
    assert embed["footer"]["text"] == "Page 1/2 · 12 members"
    _, following = custom_ids(first)
    assert fake_discord.world.messages[first.message.id].components[0]["components"][0]["disabled"]
    page = await (await handle.click(following)).response()
    assert page.type == 7  # the message was updated in place
    edited = handle.original_message()
    assert edited is not None and "Page 2/2" in edited.embeds[0]["footer"]["text"]
    assert "← you" in edited.embeds[0]["description"]
    # Someone else paging gets their own private copy, with their own rank.
    previous = custom_ids(edited.components)[0]
    other = await (await fake_discord.click(edited, previous, member=members[0])).response()
    assert other.ephemeral and "Page 1/2" in other.embeds[0]["footer"]["text"]
    assert field(other.embeds[0], "Your rank").startswith("#1 of 12")


async def test_help_fits_one_screen(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    reply = await (await fake_discord.slash("coach help")).response()
    embed = reply.embeds[0]
    assert reply.ephemeral and embed["title"] == "Interview Coach"
    names = [f["name"] for f in embed["fields"]]
    assert any(n.startswith("/quiz start") for n in names)
    assert any(n.startswith("/leaderboard") for n in names)


async def test_forget_me_asks_then_deletes(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    question, _ = await ask(fake_discord, ACID)
    await answer(fake_discord, question, GOOD_ACID)
    handle = await fake_discord.slash("coach forget-me")
    reply = await handle.response()
    assert reply.ephemeral and "cannot be undone" in reply.embeds[0]["description"]
    member = fake_discord.member.id
    assert custom_ids(reply) == [f"ic:forget:{member}:yes", f"ic:forget:{member}:no"]
    done = await (await handle.click(f"ic:forget:{member}:yes")).response()
    assert done.type == 7 and "deleted 1 answer(s)" in done.embeds[0]["description"]
    assert handle.original_message().components == []  # type: ignore[union-attr]
    stats = await (await fake_discord.slash("quiz stats")).response()
    assert "No answers yet" in stats.embeds[0]["description"]


async def test_forget_me_cancel_keeps_everything(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    question, _ = await ask(fake_discord, ACID)
    await answer(fake_discord, question, GOOD_ACID)
    handle = await fake_discord.slash("coach forget-me")
    await handle.response()
    done = await (await handle.click(f"ic:forget:{fake_discord.member.id}:no")).response()
    assert "nothing was deleted" in done.embeds[0]["description"]
    stats = await (await fake_discord.slash("quiz stats")).response()
    assert "**10** points" in stats.embeds[0]["description"]


async def test_review_offers_what_is_due(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    nothing = await (await fake_discord.slash("quiz review")).response()
    assert "Nothing is due" in nothing.embeds[0]["description"]
    question, _ = await ask(fake_discord, ACID)
    await answer(fake_discord, question, "no idea at all")
    # A miss is due again in a day: move it into the past instead of waiting.
    async with coach.database.engine.begin() as connection:
        await connection.execute(
            text("UPDATE reviews SET due_at = :past"),
            {"past": datetime.now(UTC) - timedelta(hours=1)},
        )
    handle = await fake_discord.slash("quiz review")
    reply = await handle.response()
    queue, posed = reply.embeds
    assert reply.ephemeral and queue["title"] == "Due for review: 1"
    assert "ACID" in posed["description"] and posed["footer"]["text"].startswith("Due for review")
    _, feedback = await answer(fake_discord, handle, GOOD_ACID)
    # Within 30 days of the first attempt: feedback and the review move, no points.
    assert field(feedback.embeds[0], "Points").startswith("0 — you answered")
    assert feedback.embeds[0]["footer"]["text"] == "Review box 2: due again"
