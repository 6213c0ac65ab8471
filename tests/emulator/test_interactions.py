"""Interactions end to end: slash commands, components, modals, autocomplete.

Rules are checked twice: through discord.py (the bot sees the exception)
and raw, with one refused and one accepted answer to the same interaction.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest
from discord import app_commands

from tests.emulator.bots import Answer, ProbeBot, api
from tests.fake_discord import (
    FakeDiscord,
    InjectionError,
    InteractionHandle,
    InteractionRejectedError,
)


def hold(bot: ProbeBot, name: str = "probe") -> asyncio.Event:
    """Make a command wait (unanswered) until the returned event is set."""
    gate = asyncio.Event()

    async def wait(interaction: discord.Interaction[Any]) -> None:
        await gate.wait()

    bot.handlers[name] = wait
    return gate


async def callback(emu: FakeDiscord, handle: InteractionHandle, body: dict[str, Any]) -> Answer:
    """POST a raw interaction callback, as discord.py does (with_response=1)."""
    path = f"/interactions/{handle.id}/{handle.token}/callback"
    return await api(emu, "POST", path, json=body, auth=False, params={"with_response": "1"})


# --- slash commands ---


async def test_slash_command_with_options(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    async def echo(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(
            f"{interaction.namespace.text}:{interaction.namespace.count}"
        )

    probe.handlers["probe"] = echo
    handle = await fake_discord.slash("probe", {"text": "hi", "count": 3})
    reply = await handle.response()
    assert reply.content == "hi:3"
    assert not reply.ephemeral
    message = fake_discord.messages_in(fake_discord.channel)[-1]
    assert (message.type, message.interaction_metadata["name"]) == (20, "probe")  # type: ignore[index]
    calls = fake_discord.recorder.requests_to("POST /interactions/*")
    assert calls[0].query == {"with_response": "1"} and calls[0].status == 200


async def test_subcommand_and_autocomplete_option(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    handle = await fake_discord.slash("quiz start", {"topic": "sql", "rounds": 5})
    await handle.response()
    assert ("quiz start", {"topic": "sql", "rounds": 5}) in probe.seen


async def test_member_option_is_resolved(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    handle = await fake_discord.slash("whois", {"member": fake_discord.member})
    await handle.response()
    kind, member = probe.seen[-1]
    assert kind == "whois" and isinstance(member, discord.Member)
    assert member.id == fake_discord.member.id


async def test_user_context_menu(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    handle = await fake_discord.context_menu("Inspect", fake_discord.member)
    await handle.response()
    assert probe.seen[-1][0] == "inspect" and probe.seen[-1][1].id == fake_discord.member.id


async def test_ephemeral_reply_stays_out_of_history(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    async def secret(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("only you", ephemeral=True)

    probe.handlers["probe"] = secret
    reply = await (await fake_discord.slash("probe")).response()
    assert reply.ephemeral and reply.content == "only you"
    assert fake_discord.messages_in(fake_discord.channel) == []


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"nope": 1}, "has no option"),
        ({"count": "three"}, "takes an integer"),
        ({"count": 11}, "within"),
    ],
)
async def test_injection_refuses_what_the_client_cannot_send(
    fake_discord: FakeDiscord, probe: ProbeBot, options: dict[str, Any], problem: str
) -> None:
    with pytest.raises(InjectionError, match=problem):
        await fake_discord.slash("probe", options)


async def test_injection_needs_required_options_and_known_commands(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    with pytest.raises(InjectionError, match="required"):
        await fake_discord.slash("quiz start")
    with pytest.raises(InjectionError, match="no command"):
        await fake_discord.slash("nonexistent")


# --- acknowledgement rules ---


async def test_second_acknowledgement_is_40060(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    handle = await fake_discord.slash("probe")
    await handle.response()
    again = await callback(fake_discord, handle, {"type": 4, "data": {"content": "twice"}})
    assert (again.status, again.body) == (
        400,
        {"message": "Interaction has already been acknowledged.", "code": 40060},
    )


async def test_answer_after_three_seconds_is_10062(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    gate = hold(probe)
    late = await fake_discord.slash("probe")
    fake_discord.clock.advance(3.5)  # no sleeping: the emulator's clock jumps
    gate.set()
    refused = await callback(fake_discord, late, {"type": 4, "data": {"content": "too late"}})
    assert (refused.status, refused.code) == (404, 10062)
    with pytest.raises(InteractionRejectedError) as info:
        await late.response()
    assert info.value.code == 10062


async def test_answer_within_three_seconds_passes(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    hold(probe)
    handle = await fake_discord.slash("probe")
    fake_discord.clock.advance(2.9)
    answer = await callback(fake_discord, handle, {"type": 4, "data": {"content": "in time"}})
    assert answer.status == 200
    assert answer.body["resource"]["message"]["content"] == "in time"


async def test_bot_sees_10062_from_discord_py(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    gate = asyncio.Event()

    async def slow(interaction: discord.Interaction[Any]) -> None:
        await gate.wait()
        await interaction.response.send_message("late")

    probe.handlers["probe"] = slow
    handle = await fake_discord.slash("probe")
    fake_discord.clock.advance(4)
    gate.set()
    with pytest.raises(discord.NotFound) as info:
        await probe.outcome(handle.id)
    assert info.value.code == 10062


async def test_defer_then_followup_fills_the_loading_message(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    gate = asyncio.Event()

    async def thinker(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(thinking=True)
        await gate.wait()
        await interaction.followup.send("scored 7/10")
        await interaction.followup.send("and a tip")

    probe.handlers["probe"] = thinker
    handle = await fake_discord.slash("probe")
    reply = await handle.response()
    assert reply.deferred and reply.message is not None
    fake_discord.clock.advance(60)  # deferred: the 15-minute token rule applies now
    gate.set()
    first, second = await handle.followups(2)
    assert first.id == reply.message.id  # the first followup edits the "thinking" message
    assert first.content == "scored 7/10" and second.content == "and a tip"
    assert [m.content for m in fake_discord.messages_in(fake_discord.channel)] == [
        "scored 7/10",
        "and a tip",
    ]


async def test_followup_after_15_minutes_is_50027(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    gate = asyncio.Event()

    async def very_slow(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer()
        await gate.wait()
        await interaction.followup.send("finally")

    probe.handlers["probe"] = very_slow
    handle = await fake_discord.slash("probe")
    await handle.response()
    fake_discord.clock.advance(15 * 60 + 1)
    gate.set()
    with pytest.raises(discord.HTTPException) as info:
        await probe.outcome(handle.id)
    assert (info.value.status, info.value.code) == (401, 50027)
    original = f"/webhooks/{fake_discord.application_id}/{handle.token}/messages/@original"
    edit = await api(fake_discord, "PATCH", original, json={"content": "x"}, auth=False)
    assert (edit.status, edit.code) == (401, 50027)


async def test_followup_within_15_minutes_passes(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    gate = asyncio.Event()

    async def slow(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer()
        await gate.wait()
        await interaction.followup.send("done")

    probe.handlers["probe"] = slow
    handle = await fake_discord.slash("probe")
    await handle.response()
    fake_discord.clock.advance(14 * 60)
    gate.set()
    assert (await handle.followups())[0].content == "done"


async def test_followup_before_acknowledging_is_10015(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    hold(probe)
    handle = await fake_discord.slash("probe")
    path = f"/webhooks/{fake_discord.application_id}/{handle.token}"
    refused = await api(fake_discord, "POST", path, json={"content": "x"}, auth=False)
    assert (refused.status, refused.code) == (404, 10015)
    await callback(fake_discord, handle, {"type": 5})
    allowed = await api(
        fake_discord, "POST", path, json={"content": "x"}, auth=False, params={"wait": "1"}
    )
    assert allowed.status == 200


async def test_edit_and_delete_original_response(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    gate = asyncio.Event()

    async def editor(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("draft")
        await interaction.edit_original_response(content="final")
        await gate.wait()
        await interaction.delete_original_response()

    probe.handlers["probe"] = editor
    handle = await fake_discord.slash("probe")
    message = await fake_discord.wait_for_edit(handle)
    assert message.content == "final"
    gate.set()
    await probe.outcome(handle.id)
    assert fake_discord.messages_in(fake_discord.channel) == []


async def test_response_over_the_limit_is_rejected(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    async def too_long(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("x" * 2001)

    probe.handlers["probe"] = too_long
    handle = await fake_discord.slash("probe")
    with pytest.raises(InteractionRejectedError) as info:
        await handle.response()
    assert info.value.code == 50035
    assert "content" in info.value.body["errors"]["data"]
    with pytest.raises(discord.HTTPException):
        await probe.outcome(handle.id)


# --- raw callback limits: refused, then accepted on the same interaction ---


def _modal(**overrides: Any) -> dict[str, Any]:
    text_input = {"type": 4, "custom_id": "answer", "style": 1, "label": "Your answer"}
    text_input.update(overrides.pop("input", {}))
    modal = {
        "custom_id": "m",
        "title": "Answer",
        "components": [{"type": 1, "components": [text_input]}],
    }
    modal.update(overrides)
    return {"type": 9, "data": modal}


def _inputs(n: int) -> list[dict[str, Any]]:
    return [
        {"type": 1, "components": [{"type": 4, "custom_id": f"i{k}", "style": 1, "label": "L"}]}
        for k in range(n)
    ]


RAW_CASES: list[tuple[str, dict[str, Any], dict[str, Any], tuple[str, ...]]] = [
    (
        "reply content",
        {"type": 4, "data": {"content": "x" * 2001}},
        {"type": 4, "data": {"content": "x" * 2000}},
        ("data", "content"),
    ),
    (
        "reply embed title",
        {"type": 4, "data": {"embeds": [{"title": "t" * 257}]}},
        {"type": 4, "data": {"embeds": [{"title": "t" * 256}]}},
        ("data", "embeds", "0", "title"),
    ),
    ("modal title", _modal(title="t" * 46), _modal(title="t" * 45), ("data", "title")),
    (
        "modal custom id",
        _modal(custom_id="c" * 101),
        _modal(custom_id="c" * 100),
        ("data", "custom_id"),
    ),
    (
        "modal inputs",
        {"type": 9, "data": {"custom_id": "m", "title": "T", "components": _inputs(6)}},
        {"type": 9, "data": {"custom_id": "m", "title": "T", "components": _inputs(5)}},
        ("data", "components"),
    ),
    (
        "modal input label",
        _modal(input={"label": "l" * 46}),
        _modal(input={"label": "l" * 45}),
        ("data", "components", "0", "components", "0", "label"),
    ),
    (
        "modal min_length",
        _modal(input={"min_length": 4001}),
        _modal(input={"min_length": 4000}),
        ("data", "components", "0", "components", "0", "min_length"),
    ),
    (
        "modal max_length",
        _modal(input={"max_length": 0}),
        _modal(input={"max_length": 1}),
        ("data", "components", "0", "components", "0", "max_length"),
    ),
    (
        "modal prefilled value",
        _modal(input={"max_length": 5, "value": "toolong"}),
        _modal(input={"max_length": 5, "value": "short"}),
        ("data", "components", "0", "components", "0", "value"),
    ),
    (
        "callback type unknown",
        {"type": 3},
        {"type": 5},
        ("type",),
    ),
    (
        "callback type wrong for a command",
        {"type": 8, "data": {"choices": []}},
        {"type": 4, "data": {"content": "ok"}},
        ("type",),
    ),
]


@pytest.mark.parametrize(
    ("bad", "good", "path"), [c[1:] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES]
)
async def test_raw_callback_limits(
    fake_discord: FakeDiscord,
    probe: ProbeBot,
    bad: dict[str, Any],
    good: dict[str, Any],
    path: tuple[str, ...],
) -> None:
    hold(probe)
    handle = await fake_discord.slash("probe")
    refused = await callback(fake_discord, handle, bad)
    assert (refused.status, refused.code) == (400, 50035)
    node: Any = refused.body["errors"]
    for part in path:
        node = node[part]
    assert node["_errors"]
    accepted = await callback(fake_discord, handle, good)
    assert accepted.status == 200, accepted.body
    assert accepted.body["interaction"]["id"] == str(handle.id)


# --- autocomplete ---


async def test_autocomplete_choices(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    handle = await fake_discord.autocomplete("quiz start", focused="topic", value="sy")
    reply = await handle.response()
    assert reply.choices == [{"name": "system design", "value": "system design"}]


async def test_autocomplete_over_25_choices_is_rejected(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    fake_discord.fail_on_bot_errors = False  # discord.py logs the failed autocomplete

    async def many(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"t{n}", value=f"t{n}") for n in range(26)]

    probe.completer = many
    handle = await fake_discord.autocomplete("quiz start", focused="topic", value="")
    with pytest.raises(InteractionRejectedError) as info:
        await handle.response()
    assert (
        info.value.body["errors"]["data"]["choices"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    )


async def test_autocomplete_choice_type_must_match_option(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    fake_discord.fail_on_bot_errors = False

    async def wrong(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[Any]]:
        return [app_commands.Choice(name="five", value=5)]  # topic is a string option

    probe.completer = wrong
    handle = await fake_discord.autocomplete("quiz start", focused="topic", value="")
    with pytest.raises(InteractionRejectedError) as info:
        await handle.response()
    assert "value" in info.value.body["errors"]["data"]["choices"]["0"]


async def test_autocomplete_choice_name_length(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    gate = asyncio.Event()

    async def never(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        await gate.wait()
        return []

    probe.completer = never
    handle = await fake_discord.autocomplete("quiz start", focused="topic", value="")
    long_name = {"type": 8, "data": {"choices": [{"name": "n" * 101, "value": "v"}]}}
    refused = await callback(fake_discord, handle, long_name)
    assert refused.code == 50035
    assert refused.body["errors"]["data"]["choices"]["0"]["name"]["_errors"][0]["code"] == (
        "BASE_TYPE_BAD_LENGTH"
    )
    ok_name = {"type": 8, "data": {"choices": [{"name": "n" * 100, "value": "v"}]}}
    assert (await callback(fake_discord, handle, ok_name)).status == 200
    assert (await handle.response()).choices == [{"name": "n" * 100, "value": "v"}]


async def test_autocomplete_needs_an_autocomplete_option(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    with pytest.raises(InjectionError, match="autocomplete"):
        await fake_discord.autocomplete("probe", focused="text", value="x")


# --- components and modals ---


class Counter(discord.ui.View):
    """A view with a counting button, a disabled button and a select."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.clicks = 0
        self.picked: list[str] = []

    @discord.ui.button(label="Count", custom_id="count")
    async def count(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        self.clicks += 1
        await interaction.response.edit_message(content=f"clicks: {self.clicks}")

    @discord.ui.button(label="Never", custom_id="never", disabled=True)
    async def never(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]
    ) -> None:
        raise AssertionError("unreachable")

    @discord.ui.select(
        custom_id="topic",
        options=[
            discord.SelectOption(label="SQL", value="sql"),
            discord.SelectOption(label="Go", value="go"),
        ],
    )
    async def topic(
        self, interaction: discord.Interaction[Any], select: discord.ui.Select[Any]
    ) -> None:
        self.picked = list(select.values)
        await interaction.response.send_message(f"picked {select.values[0]}", ephemeral=True)


async def test_button_click_updates_the_message(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    view = Counter()

    async def show(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("clicks: 0", view=view)

    probe.handlers["probe"] = show
    handle = await fake_discord.slash("probe")
    await handle.response()
    click = await handle.click("count")
    reply = await click.response()
    assert reply.type == 7 and reply.content == "clicks: 1"
    await (await handle.click("count")).response()
    assert view.clicks == 2
    with pytest.raises(InjectionError, match="disabled"):
        await handle.click("never")
    with pytest.raises(InjectionError, match="no button"):
        await handle.click("missing")


async def test_select_choice(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    view = Counter()

    async def show(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("pick one", view=view)

    probe.handlers["probe"] = show
    handle = await fake_discord.slash("probe")
    await handle.response()
    reply = await (await handle.select("topic", ["go"])).response()
    assert reply.content == "picked go" and reply.ephemeral
    assert view.picked == ["go"]
    with pytest.raises(InjectionError, match="offers"):
        await handle.select("topic", ["rust"])


class AnswerModal(discord.ui.Modal, title="Your answer"):
    """A one-field modal that echoes its value."""

    answer: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Answer", custom_id="answer", min_length=2, max_length=10
    )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(f"got {self.answer.value}")


async def test_modal_round_trip(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    async def ask(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(AnswerModal())

    probe.handlers["probe"] = ask
    handle = await fake_discord.slash("probe")
    reply = await handle.response()
    assert reply.modal is not None and reply.modal["title"] == "Your answer"
    with pytest.raises(InjectionError, match="2-10"):
        await handle.submit_modal({"answer": "x"})
    submitted = await handle.submit_modal({"answer": "joins"})
    assert (await submitted.response()).content == "got joins"


async def test_modal_cannot_answer_a_modal_submit(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    hold(probe)
    handle = await fake_discord.slash("probe")
    await callback(fake_discord, handle, _modal())
    submitted = await fake_discord.submit_modal(handle, {"answer": "ok"})
    refused = await callback(fake_discord, submitted, _modal())
    assert refused.code == 50035 and "type" in refused.body["errors"]
    assert (
        await callback(fake_discord, submitted, {"type": 4, "data": {"content": "k"}})
    ).status == 200
