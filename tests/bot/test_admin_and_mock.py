"""Reports, /coach-admin, mock interviews and command syncing, end to end."""

from __future__ import annotations

import pytest

from bot.app import CoachBot
from tests.bot.harness import GOOD_ACID, answer, ask, button, custom_ids, field, restart
from tests.fake_discord import FakeDiscord, InjectionError
from tests.fake_discord import permissions as perm

ACID = {"topic": "databases", "difficulty": "easy"}


async def test_report_then_moderator_lists_and_resolves(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    question, _ = await ask(fake_discord, ACID)
    submitted, feedback = await answer(fake_discord, question, "atomicity only")
    click = await submitted.click(button(feedback, "ic:report:"))
    shown = await click.response()
    assert shown.modal is not None
    filed = await (
        await click.submit_modal({"reason": ["unfair_grading"], "details": "**I said** @everyone"})
    ).response()
    assert "report #1 is filed" in filed.embeds[0]["description"]
    mods = fake_discord.add_role(fake_discord.guild, "mods", perm.MANAGE_GUILD)
    mod = fake_discord.add_member(fake_discord.guild, "mod", roles=[mods])
    listed = await (await fake_discord.slash("coach-admin reports", member=mod)).response()
    embed = listed.embeds[0]
    assert embed["title"] == "Open question reports: 1"
    assert "unfair grading" in field(embed, "#1 · databases.acid")
    assert "\\*\\*I said\\*\\*" in field(embed, "#1 · databases.acid")
    stats = await (await fake_discord.slash("coach-admin question-stats", member=mod)).response()
    assert "1 attempts · average" in field(stats.embeds[0], "databases.acid")
    assert "1 open report(s)" in field(stats.embeds[0], "databases.acid")
    done = await (
        await fake_discord.slash("coach-admin resolve", {"report": 1}, member=mod)
    ).response()
    assert "resolved" in done.embeds[0]["description"]
    again = await (await fake_discord.slash("coach-admin reports", member=mod)).response()
    assert again.embeds[0]["title"] == "Open question reports: 0"
    fake_discord.assert_no_pings()


async def test_coach_admin_needs_manage_server(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    bob = fake_discord.add_member(fake_discord.guild, "bob")
    with pytest.raises(InjectionError, match="lacks the permissions"):
        await fake_discord.slash("coach-admin reports", member=bob)
    admin = next(c for c in fake_discord.commands() if c["name"] == "coach-admin")
    assert int(admin["default_member_permissions"]) == perm.MANAGE_GUILD


async def test_coach_admin_shown_by_the_server_still_needs_manage_server(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    helpers = fake_discord.add_role(fake_discord.guild, "helpers", perm.MANAGE_MESSAGES)
    bob = fake_discord.add_member(fake_discord.guild, "bob", roles=[helpers])
    fake_discord.allow_command("coach-admin", helpers)  # Server Settings > Integrations
    for name in ("coach-admin reports", "coach-admin question-stats"):
        refused = await (await fake_discord.slash(name, member=bob)).response()
        assert refused.ephemeral
        assert refused.embeds[0]["description"] == (
            "You need the Manage Server permission for that."
        )
    refused = await (
        await fake_discord.slash("coach-admin resolve", {"report": 1}, member=bob)
    ).response()
    assert refused.ephemeral and "Manage Server" in refused.embeds[0]["description"]


async def test_mock_interview_ends_with_a_report(
    fake_discord: FakeDiscord, coach: CoachBot
) -> None:
    handle = await fake_discord.slash("quiz mock", {"count": 3})
    reply = await handle.response()
    for number in range(1, 4):
        assert reply.embeds[-1]["author"]["name"] == f"Mock interview · question {number} of 3"
        click = await handle.click(button(reply, "ic:mock:"))
        await click.response()
        handle = await click.submit_modal({"answer": GOOD_ACID})
        reply = await handle.response()
    step, report = reply.embeds
    assert step["title"] == "Question 3 of 3"
    assert report["title"] == "Mock interview report"
    assert "over 3 questions" in report["description"]
    assert field(report, "What to study")
    assert not custom_ids(reply)


async def test_commands_not_resynced_on_restart(fake_discord: FakeDiscord, coach: CoachBot) -> None:
    syncs = len(fake_discord.recorder.requests_to("PUT /applications/*"))
    assert syncs == 1
    await restart(fake_discord, coach)
    assert len(fake_discord.recorder.requests_to("PUT /applications/*")) == syncs
