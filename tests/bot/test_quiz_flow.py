"""The answer flow end to end: /quiz start -> Answer -> modal -> feedback, hints, restarts."""

from __future__ import annotations

import asyncio

from bot.app import CoachBot
from tests.bot.harness import GOOD_ACID, answer, ask, button, custom_ids, field, restart
from tests.fake_discord import FakeDiscord

ACID = {"topic": "databases", "difficulty": "easy"}


async def test_start_answer_feedback(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    question, reply = await ask(fake_discord, ACID)
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert "ACID" in embed["description"] and embed["title"] == "Databases · easy"
    prefixes = {cid.rsplit(":", 1)[0] for cid in custom_ids(reply)}
    assert prefixes == {"ic:answer", "ic:hint", "ic:skip"}
    _, feedback = await answer(fake_discord, question, GOOD_ACID)
    assert feedback.ephemeral
    embed = feedback.embeds[0]
    assert "100/100" in embed["description"] and "█" in embed["description"]
    assert embed["title"].startswith("Correct")
    assert "isolation" in field(embed, "Covered")
    assert field(embed, "Points").startswith("+10")
    assert field(embed, "Streak").startswith("1 day")
    assert "Atomicity" in field(embed, "Model answer")
    assert button(feedback, "ic:next:") and button(feedback, "ic:retry:")
    fake_discord.assert_no_pings()


async def test_partial_answer_names_missed_concepts_and_pitfall(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    question, _ = await ask(fake_discord, ACID)
    _, feedback = await answer(fake_discord, question, "Atomicity and eventual consistency")
    embed = feedback.embeds[0]
    assert "isolation" in field(embed, "Missed")
    assert "not eventual consistency" in field(embed, "Pitfall: eventual consistency")
    assert field(embed, "Points").startswith("+0")


async def test_hint_costs_a_quarter(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    question, reply = await ask(fake_discord, ACID)
    hint = await (await question.click(button(reply, "ic:hint:"))).response()
    assert hint.ephemeral and hint.embeds[0]["title"] == "Hint 1/2"
    assert hint.embeds[0]["description"] == "Four properties, one per letter."
    assert "at most 8 points" in hint.embeds[0]["footer"]["text"]
    _, feedback = await answer(fake_discord, question, GOOD_ACID)
    assert field(feedback.embeds[0], "Points").startswith("+8 (1 hint taken)")


async def test_skip_after_a_hint_is_a_miss(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    question, reply = await ask(fake_discord, ACID)
    await (await question.click(button(reply, "ic:hint:"))).response()
    skipped = await (await question.click(button(reply, "ic:skip:"))).response()
    assert "recorded as a miss" in skipped.embeds[0]["description"]
    assert button(skipped, "ic:next:databases")
    # The session is closed: answering it now is refused.
    again = await (await question.click(button(reply, "ic:skip:"))).response()
    assert "already answered" in again.embeds[0]["description"]


async def test_skip_without_a_hint_offers_another(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    question, reply = await ask(fake_discord, {"topic": "caching"})
    skipped = await (await question.click(button(reply, "ic:skip:"))).response()
    assert "nothing recorded" in skipped.embeds[0]["description"]
    following = await (await fake_discord.click(skipped.message or 0, "ic:next:caching")).response()
    assert following.ephemeral and following.embeds[0]["title"].startswith("Caching")


async def test_second_submit_gets_feedback_but_no_points(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    question, _ = await ask(fake_discord, ACID)
    first_handle, first = await answer(fake_discord, question, GOOD_ACID)
    assert field(first.embeds[0], "Points").startswith("+10")
    retry = await first_handle.click(button(first, "ic:retry:"))
    shown = await retry.response()
    assert shown.modal is not None and "no points" in shown.modal["title"]
    second = await (await retry.submit_modal({"answer": GOOD_ACID})).response()
    assert "100/100" in second.embeds[0]["description"]
    assert field(second.embeds[0], "Points").startswith("0 — practice")
    # Answering through the question's own Answer button again earns nothing either.
    _, third = await answer(fake_discord, question, GOOD_ACID)
    assert field(third.embeds[0], "Points").startswith("0 — practice")


async def test_another_member_cannot_use_a_private_question(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    bob = fake_discord.add_member(fake_discord.guild, "bob")
    question, reply = await ask(fake_discord, ACID)
    message = reply.message
    assert message is not None
    hint = await (
        await fake_discord.click(message, button(reply, "ic:hint:"), member=bob, forged=True)
    ).response()
    assert hint.ephemeral and "isn't yours" in hint.embeds[0]["description"]
    # Answer checks the owner before the modal opens: Bob types nothing in vain.
    click = await fake_discord.click(message, button(reply, "ic:answer:"), member=bob, forged=True)
    refused = await click.response()
    assert refused.modal is None
    assert refused.ephemeral and "isn't yours" in refused.embeds[0]["description"]
    # Alice's own answer still earns the points.
    _, feedback = await answer(fake_discord, question, GOOD_ACID)
    assert field(feedback.embeds[0], "Points").startswith("+10")


async def test_shared_question_each_member_answers_privately(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    bob = fake_discord.add_member(fake_discord.guild, "bob")
    question, reply = await ask(fake_discord, {**ACID, "share": True})
    assert not reply.ephemeral and reply.message in fake_discord.messages_in(fake_discord.channel)
    _, mine = await answer(fake_discord, question, GOOD_ACID)
    _, his = await answer(fake_discord, question, "atomicity and consistency", member=bob)
    assert mine.ephemeral and his.ephemeral
    assert field(mine.embeds[0], "Points").startswith("+10")
    assert field(his.embeds[0], "Points").startswith("+5")


async def test_restart_between_question_and_answer(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    question, _ = await ask(fake_discord, ACID)
    await restart(fake_discord, coach)
    _, feedback = await answer(fake_discord, question, GOOD_ACID)
    assert field(feedback.embeds[0], "Points").startswith("+10")


async def test_restart_while_the_modal_is_open(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    question, reply = await ask(fake_discord, ACID)
    click = await question.click(button(reply, "ic:answer:"))
    assert (await click.response()).modal is not None
    await restart(fake_discord, coach)
    feedback = await (await click.submit_modal({"answer": GOOD_ACID})).response()
    assert field(feedback.embeds[0], "Points").startswith("+10")


async def test_three_members_answer_concurrently(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    members = [fake_discord.member] + [
        fake_discord.add_member(fake_discord.guild, name) for name in ("bob", "carol")
    ]

    async def one(member: object) -> str:
        question, _ = await ask(fake_discord, ACID, member=member)
        _, feedback = await answer(fake_discord, question, GOOD_ACID, member=member)
        return field(feedback.embeds[0], "Points")

    results = await asyncio.gather(*(one(m) for m in members))
    assert all(points.startswith("+10") for points in results)


async def test_starting_questions_has_a_cooldown(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    replies = [(await ask(fake_discord, {"topic": "caching"}))[1] for _ in range(6)]
    assert all(r.embeds[0]["title"].startswith("Caching") for r in replies[:5])
    assert "Slow down" in replies[5].embeds[0]["description"]
