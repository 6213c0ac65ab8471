"""Channel, message, pin, thread and DM routes: each rule refused and allowed."""

from __future__ import annotations

import io

import discord
import pytest

from tests.emulator.bots import ProbeBot, api
from tests.fake_discord import FakeDiscord
from tests.fake_discord import permissions as perm


def _text(bot: ProbeBot, channel_id: int) -> discord.TextChannel:
    channel = bot.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


# --- routes and auth ---


async def test_unknown_route_is_404_code_0(fake_discord: FakeDiscord) -> None:
    answer = await api(fake_discord, "GET", "/no/such/route")
    assert (answer.status, answer.body) == (404, {"message": "404: Not Found", "code": 0})


async def test_wrong_method_is_405(fake_discord: FakeDiscord) -> None:
    answer = await api(fake_discord, "PUT", "/users/@me")
    assert (answer.status, answer.code) == (405, 0)


async def test_missing_token_is_401(fake_discord: FakeDiscord) -> None:
    refused = await api(fake_discord, "GET", "/users/@me", auth=False)
    assert (refused.status, refused.body["message"]) == (401, "401: Unauthorized")
    allowed = await api(fake_discord, "GET", "/users/@me")
    assert allowed.status == 200


async def test_unknown_channel_is_10003(fake_discord: FakeDiscord) -> None:
    refused = await api(fake_discord, "POST", "/channels/123/messages", json={"content": "x"})
    assert (refused.status, refused.code) == (404, 10003)


# --- permissions ---


async def test_send_without_send_messages_is_50013(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    channel = _text(probe, fake_discord.channel.id)
    await channel.send("allowed")
    fake_discord.deny_bot(fake_discord.channel, perm.SEND_MESSAGES)
    with pytest.raises(discord.Forbidden) as info:
        await channel.send("refused")
    assert info.value.code == 50013
    assert [m.content for m in fake_discord.messages_in(fake_discord.channel)] == ["allowed"]


async def test_embed_without_embed_links_is_50013(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    fake_discord.deny_bot(fake_discord.channel, perm.EMBED_LINKS)
    channel = _text(probe, fake_discord.channel.id)
    with pytest.raises(discord.Forbidden) as info:
        await channel.send(embed=discord.Embed(title="score"))
    assert info.value.code == 50013
    await channel.send("plain text still works")


async def test_file_without_attach_files_is_50013(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    channel = _text(probe, fake_discord.channel.id)
    sent = await channel.send(file=discord.File(io.BytesIO(b"report"), "r.txt"))
    stored = fake_discord.world.messages[sent.id]
    assert [(a.filename, a.data) for a in stored.attachments] == [("r.txt", b"report")]
    fake_discord.deny_bot(fake_discord.channel, perm.ATTACH_FILES)
    with pytest.raises(discord.Forbidden) as info:
        await channel.send(file=discord.File(io.BytesIO(b"x"), "x.txt"))
    assert info.value.code == 50013


async def test_hidden_channel_is_50001(fake_discord: FakeDiscord) -> None:
    hidden = fake_discord.add_text_channel(fake_discord.guild, "staff")
    fake_discord.deny_bot(hidden, perm.VIEW_CHANNEL)
    refused = await api(
        fake_discord, "POST", f"/channels/{hidden.id}/messages", json={"content": "x"}
    )
    assert (refused.status, refused.code) == (403, 50001)
    fake_discord.set_overwrite(hidden, fake_discord.bot_user, allow=perm.VIEW_CHANNEL)
    allowed = await api(
        fake_discord, "POST", f"/channels/{hidden.id}/messages", json={"content": "x"}
    )
    assert allowed.status == 200


async def test_role_overwrite_denies_and_member_overwrite_restores(
    fake_discord: FakeDiscord,
) -> None:
    guild, channel = fake_discord.guild, fake_discord.channel
    bot_role = guild.roles[int(guild.bot_role_id or 0)]
    fake_discord.set_overwrite(channel, bot_role, deny=perm.SEND_MESSAGES)
    refused = await api(
        fake_discord, "POST", f"/channels/{channel.id}/messages", json={"content": "x"}
    )
    assert refused.code == 50013
    fake_discord.set_overwrite(channel, fake_discord.bot_user, allow=perm.SEND_MESSAGES)
    allowed = await api(
        fake_discord, "POST", f"/channels/{channel.id}/messages", json={"content": "x"}
    )
    assert allowed.status == 200


async def test_administrator_bypasses_overwrites(fake_discord: FakeDiscord) -> None:
    fake_discord.deny_bot(fake_discord.channel, perm.SEND_MESSAGES)
    fake_discord.set_bot_permissions(fake_discord.guild, perm.ADMINISTRATOR)
    answer = await api(
        fake_discord, "POST", f"/channels/{fake_discord.channel.id}/messages", json={"content": "x"}
    )
    assert answer.status == 200


# --- messages ---


async def test_unknown_message_is_10008(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = _text(probe, fake_discord.channel.id)
    sent = await channel.send("here")
    assert (await channel.fetch_message(sent.id)).content == "here"
    for call in (channel.fetch_message(1), channel.get_partial_message(1).delete()):
        with pytest.raises(discord.NotFound) as info:
            await call
        assert info.value.code == 10008
    await sent.delete()
    with pytest.raises(discord.NotFound):
        await channel.fetch_message(sent.id)


async def test_editing_someone_elses_message_is_50005(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    theirs = fake_discord.add_message(fake_discord.channel, fake_discord.member, "mine!")
    channel = _text(probe, fake_discord.channel.id)
    with pytest.raises(discord.Forbidden) as info:
        await channel.get_partial_message(theirs.id).edit(content="hacked")
    assert info.value.code == 50005
    own = await channel.send("draft")
    await own.edit(content="final")
    assert fake_discord.world.messages[own.id].content == "final"


async def test_deleting_others_message_needs_manage_messages(fake_discord: FakeDiscord) -> None:
    theirs = fake_discord.add_message(fake_discord.channel, fake_discord.member, "spam")
    path = f"/channels/{fake_discord.channel.id}/messages/{theirs.id}"
    refused = await api(fake_discord, "DELETE", path)
    assert (refused.status, refused.code) == (403, 50013)
    fake_discord.set_overwrite(
        fake_discord.channel, fake_discord.bot_user, allow=perm.MANAGE_MESSAGES
    )
    assert (await api(fake_discord, "DELETE", path)).status == 204


async def test_enforce_nonce_returns_the_first_message(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    path = f"/channels/{fake_discord.channel.id}/messages"
    body = {"content": "once", "nonce": "quiz-42", "enforce_nonce": True}
    first = await api(fake_discord, "POST", path, json=body)
    again = await api(fake_discord, "POST", path, json=body)
    assert first.body["id"] == again.body["id"]
    assert len(fake_discord.messages_in(fake_discord.channel)) == 1
    fake_discord.clock.advance(10 * 60)  # past the de-duplication window
    later = await api(fake_discord, "POST", path, json=body)
    assert later.body["id"] != first.body["id"]


async def test_nonce_without_enforce_does_not_dedupe(fake_discord: FakeDiscord) -> None:
    path = f"/channels/{fake_discord.channel.id}/messages"
    body = {"content": "twice", "nonce": "n1"}
    await api(fake_discord, "POST", path, json=body)
    await api(fake_discord, "POST", path, json=body)
    assert len(fake_discord.messages_in(fake_discord.channel)) == 2


async def test_history_is_newest_first_with_valid_limits(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    for n in range(5):
        fake_discord.add_message(fake_discord.channel, fake_discord.member, f"m{n}")
    channel = _text(probe, fake_discord.channel.id)
    assert [m.content async for m in channel.history(limit=3)] == ["m4", "m3", "m2"]
    assert [m.content async for m in channel.history(limit=10, oldest_first=True)][:2] == [
        "m0",
        "m1",
    ]
    path = f"/channels/{fake_discord.channel.id}/messages"
    refused = await api(fake_discord, "GET", path, params={"limit": "101"})
    assert (refused.status, refused.code) == (400, 50035)
    assert (await api(fake_discord, "GET", path, params={"limit": "100"})).status == 200


async def test_reply_to_unknown_message_is_refused(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    path = f"/channels/{fake_discord.channel.id}/messages"
    body = {"content": "re", "message_reference": {"message_id": "1"}}
    refused = await api(fake_discord, "POST", path, json=body)
    assert refused.code == 50035
    assert "message_reference" in refused.body["errors"]
    theirs = fake_discord.add_message(fake_discord.channel, fake_discord.member, "question")
    channel = _text(probe, fake_discord.channel.id)
    answer = await channel.get_partial_message(theirs.id).reply("answer")
    assert answer.reference is not None and answer.reference.message_id == theirs.id


# --- pins ---


async def test_pins_are_state_and_capped_at_50(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = _text(probe, fake_discord.channel.id)
    fake_discord.set_overwrite(
        fake_discord.channel, fake_discord.bot_user, allow=perm.MANAGE_MESSAGES
    )
    sent = await channel.send("pin me")
    await sent.pin()
    assert [m.id for m in fake_discord.pinned_in(fake_discord.channel)] == [sent.id]
    assert [m.id async for m in channel.pins()] == [sent.id]
    await sent.unpin()
    assert fake_discord.pinned_in(fake_discord.channel) == []
    for n in range(50):
        message = fake_discord.add_message(fake_discord.channel, fake_discord.member, str(n))
        message.pinned = True
        fake_discord.channel.pins.append((message.id, fake_discord.clock.iso()))
    with pytest.raises(discord.HTTPException) as info:
        await sent.pin()
    assert info.value.code == 30003


async def test_pin_without_permission_is_50013(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = _text(probe, fake_discord.channel.id)
    sent = await channel.send("pin me")
    with pytest.raises(discord.Forbidden) as info:
        await sent.pin()
    assert info.value.code == 50013


# --- threads ---


async def test_thread_from_message_once(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = _text(probe, fake_discord.channel.id)
    sent = await channel.send("discuss")
    thread = await sent.create_thread(name="Round 1")
    assert thread.id == sent.id  # Discord reuses the message id
    assert [t.name for t in fake_discord.threads_of(fake_discord.channel)] == ["Round 1"]
    await thread.send("inside")
    assert fake_discord.messages_in(fake_discord.world.channels[thread.id])[0].content == "inside"
    with pytest.raises(discord.HTTPException) as info:
        await sent.create_thread(name="again")
    assert info.value.code == 160004


async def test_thread_name_length(fake_discord: FakeDiscord) -> None:
    path = f"/channels/{fake_discord.channel.id}/threads"
    refused = await api(fake_discord, "POST", path, json={"name": "n" * 101, "type": 11})
    assert refused.code == 50035
    assert (
        await api(fake_discord, "POST", path, json={"name": "n" * 100, "type": 11})
    ).status == 201


async def test_private_thread_needs_its_permission(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    channel = _text(probe, fake_discord.channel.id)
    with pytest.raises(discord.Forbidden) as info:
        await channel.create_thread(name="secret", type=discord.ChannelType.private_thread)
    assert info.value.code == 50013
    await channel.create_thread(name="public", type=discord.ChannelType.public_thread)


async def test_sending_in_threads_needs_send_in_threads(fake_discord: FakeDiscord) -> None:
    thread = fake_discord.add_thread(fake_discord.channel, "t")
    path = f"/channels/{thread.id}/messages"
    fake_discord.deny_bot(fake_discord.channel, perm.SEND_MESSAGES)  # irrelevant in threads
    assert (await api(fake_discord, "POST", path, json={"content": "x"})).status == 200
    fake_discord.deny_bot(fake_discord.channel, perm.SEND_MESSAGES_IN_THREADS)
    assert (await api(fake_discord, "POST", path, json={"content": "x"})).code == 50013


async def test_locked_archived_thread_is_50083(fake_discord: FakeDiscord) -> None:
    fake_discord.set_bot_permissions(fake_discord.guild, perm.DEFAULT_BOT & ~perm.MANAGE_THREADS)
    locked = fake_discord.add_thread(fake_discord.channel, "old", archived=True, locked=True)
    refused = await api(
        fake_discord, "POST", f"/channels/{locked.id}/messages", json={"content": "x"}
    )
    assert (refused.status, refused.code) == (400, 50083)
    archived = fake_discord.add_thread(fake_discord.channel, "sleepy", archived=True)
    allowed = await api(
        fake_discord, "POST", f"/channels/{archived.id}/messages", json={"content": "x"}
    )
    assert allowed.status == 200
    assert not archived.archived  # sending unarchives, as on Discord


# --- DMs ---


async def test_dm_to_a_member(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    user = await probe.fetch_user(fake_discord.member.id)
    sent = await user.send("your score")
    channel = fake_discord.world.channels[sent.channel.id]
    assert [m.content for m in fake_discord.messages_in(channel)] == ["your score"]


async def test_dm_to_a_user_who_blocks_dms_is_50007(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    shy = fake_discord.add_member(fake_discord.guild, "shy", accepts_dms=False)
    user = await probe.fetch_user(shy.id)
    with pytest.raises(discord.Forbidden) as info:
        await user.send("hello")
    assert info.value.code == 50007


async def test_unknown_user_is_10013(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    with pytest.raises(discord.NotFound) as info:
        await probe.fetch_user(1)
    assert info.value.code == 10013


# --- allowed mentions ---


async def test_default_mentions_ping(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = _text(probe, fake_discord.channel.id)
    await channel.send(f"well done {fake_discord.member.mention}")
    assert [(p.kind, p.target_id) for p in fake_discord.pings] == [("user", fake_discord.member.id)]


async def test_allowed_mentions_none_pings_nobody(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    channel = _text(probe, fake_discord.channel.id)
    role = fake_discord.add_role(fake_discord.guild, "learners", mentionable=True)
    fake_discord.set_bot_permissions(fake_discord.guild, perm.DEFAULT_BOT | perm.MENTION_EVERYONE)
    sent = await channel.send(
        f"{fake_discord.member.mention} <@&{role.id}> @everyone",
        allowed_mentions=discord.AllowedMentions.none(),
    )
    fake_discord.assert_no_pings()
    assert fake_discord.world.messages[sent.id].mention_user_ids == []


async def test_everyone_needs_mention_everyone(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = _text(probe, fake_discord.channel.id)
    await channel.send("@everyone quiz time")
    fake_discord.assert_no_pings()  # parsed, but the bot may not mention everyone
    fake_discord.set_bot_permissions(fake_discord.guild, perm.DEFAULT_BOT | perm.MENTION_EVERYONE)
    await channel.send("@everyone quiz time")
    assert [p.kind for p in fake_discord.pings] == ["everyone"]


async def test_role_pings_only_when_mentionable(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = _text(probe, fake_discord.channel.id)
    quiet = fake_discord.add_role(fake_discord.guild, "quiet")
    loud = fake_discord.add_role(fake_discord.guild, "loud", mentionable=True)
    await channel.send(f"<@&{quiet.id}> <@&{loud.id}>")
    assert [(p.kind, p.target_id) for p in fake_discord.pings] == [("role", loud.id)]


async def test_reply_pings_author_unless_disabled(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    question = fake_discord.add_message(fake_discord.channel, fake_discord.member, "q")
    partial = _text(probe, fake_discord.channel.id).get_partial_message(question.id)
    await partial.reply("a", mention_author=False)
    fake_discord.assert_no_pings()
    await partial.reply("a")
    assert [(p.kind, p.target_id) for p in fake_discord.pings] == [
        ("reply", fake_discord.member.id)
    ]
