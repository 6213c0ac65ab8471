"""Every message limit: the value at the limit passes, one past it is refused.

Payloads go in raw (discord.py would refuse to build some of them) so each
test pins the exact error Discord sends: status 400, code 50035 and the
failing field's path and code in the ``errors`` tree.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest

from tests.emulator.bots import ProbeBot, api
from tests.fake_discord import FakeDiscord


def _error_at(body: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, str]]:
    node: Any = body["errors"]
    for part in path:
        node = node[part]
    errors: list[dict[str, str]] = node["_errors"]
    return errors


def _embed(**fields: Any) -> dict[str, Any]:
    return {"type": "rich", **fields}


def _button(custom_id: str, label: str = "Go") -> dict[str, Any]:
    return {"type": 2, "style": 1, "custom_id": custom_id, "label": label}


def _row(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(items)}


def _select(n_options: int, custom_id: str = "pick") -> dict[str, Any]:
    options = [{"label": f"o{i}", "value": f"v{i}"} for i in range(n_options)]
    return {"type": 3, "custom_id": custom_id, "options": options}


# (name, body at the limit, body past it, error path, error code)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], tuple[str, ...], str]] = [
    (
        "content",
        {"content": "x" * 2000},
        {"content": "x" * 2001},
        ("content",),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "embed count",
        {"embeds": [_embed(title="t")] * 10},
        {"embeds": [_embed(title="t")] * 11},
        ("embeds",),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "embed title",
        {"embeds": [_embed(title="t" * 256)]},
        {"embeds": [_embed(title="t" * 257)]},
        ("embeds", "0", "title"),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "embed description",
        {"embeds": [_embed(description="d" * 4096)]},
        {"embeds": [_embed(description="d" * 4097)]},
        ("embeds", "0", "description"),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "embed field count",
        {"embeds": [_embed(fields=[{"name": "n", "value": "v"}] * 25)]},
        {"embeds": [_embed(fields=[{"name": "n", "value": "v"}] * 26)]},
        ("embeds", "0", "fields"),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "embed field name",
        {"embeds": [_embed(fields=[{"name": "n" * 256, "value": "v"}])]},
        {"embeds": [_embed(fields=[{"name": "n" * 257, "value": "v"}])]},
        ("embeds", "0", "fields", "0", "name"),
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "embed field value",
        {"embeds": [_embed(fields=[{"name": "n", "value": "v" * 1024}])]},
        {"embeds": [_embed(fields=[{"name": "n", "value": "v" * 1025}])]},
        ("embeds", "0", "fields", "0", "value"),
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "embed footer",
        {"embeds": [_embed(footer={"text": "f" * 2048})]},
        {"embeds": [_embed(footer={"text": "f" * 2049})]},
        ("embeds", "0", "footer", "text"),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "embed author",
        {"embeds": [_embed(author={"name": "a" * 256})]},
        {"embeds": [_embed(author={"name": "a" * 257})]},
        ("embeds", "0", "author", "name"),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "embeds total 6000",
        {"embeds": [_embed(description="d" * 3000), _embed(description="d" * 3000)]},
        {"embeds": [_embed(description="d" * 3000), _embed(description="d" * 3001)]},
        ("embeds",),
        "MAX_EMBED_SIZE_EXCEEDED",
    ),
    (
        "action rows",
        {"components": [_row(_button(f"b{i}")) for i in range(5)]},
        {"components": [_row(_button(f"b{i}")) for i in range(6)]},
        ("components",),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "buttons per row",
        {"components": [_row(*[_button(f"b{i}") for i in range(5)])]},
        {"components": [_row(*[_button(f"b{i}") for i in range(6)])]},
        ("components", "0", "components"),
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "custom id",
        {"components": [_row(_button("c" * 100))]},
        {"components": [_row(_button("c" * 101))]},
        ("components", "0", "components", "0", "custom_id"),
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "button label",
        {"components": [_row(_button("b", "l" * 80))]},
        {"components": [_row(_button("b", "l" * 81))]},
        ("components", "0", "components", "0", "label"),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "duplicate custom id",
        {"components": [_row(_button("a"), _button("b"))]},
        {"components": [_row(_button("a"), _button("a"))]},
        ("components", "0", "components", "1", "custom_id"),
        "COMPONENT_CUSTOM_ID_DUPLICATED",
    ),
    (
        "select options",
        {"components": [_row(_select(25))]},
        {"components": [_row(_select(26))]},
        ("components", "0", "components", "0", "options"),
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "select takes a whole row",
        {"components": [_row(_select(2)), _row(_button("b"))]},
        {"components": [_row(_select(2), _button("b"))]},
        ("components", "0", "components"),
        "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
    ),
    (
        "nonce length",
        {"content": "hi", "nonce": "n" * 25},
        {"content": "hi", "nonce": "n" * 26},
        ("nonce",),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "allowed mentions parse vs list",
        {"content": "hi", "allowed_mentions": {"parse": [], "users": ["1"]}},
        {"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}},
        ("allowed_mentions",),
        "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
    ),
]


@pytest.mark.parametrize(
    ("body", "path", "code"), [(c[2], c[3], c[4]) for c in CASES], ids=[c[0] for c in CASES]
)
async def test_past_the_limit_is_invalid_form_body(
    fake_discord: FakeDiscord, body: dict[str, Any], path: tuple[str, ...], code: str
) -> None:
    answer = await api(
        fake_discord, "POST", f"/channels/{fake_discord.channel.id}/messages", json=body
    )
    assert answer.status == 400
    assert answer.code == 50035
    assert answer.body["message"] == "Invalid Form Body"
    assert code in [e["code"] for e in _error_at(answer.body, path)]
    assert fake_discord.messages_in(fake_discord.channel) == []


@pytest.mark.parametrize("body", [c[1] for c in CASES], ids=[c[0] for c in CASES])
async def test_at_the_limit_passes(fake_discord: FakeDiscord, body: dict[str, Any]) -> None:
    answer = await api(
        fake_discord, "POST", f"/channels/{fake_discord.channel.id}/messages", json=body
    )
    assert answer.status == 200, answer.body
    assert [m.id for m in fake_discord.messages_in(fake_discord.channel)] == [
        int(answer.body["id"])
    ]


async def test_empty_message_is_50006(fake_discord: FakeDiscord) -> None:
    answer = await api(
        fake_discord, "POST", f"/channels/{fake_discord.channel.id}/messages", json={}
    )
    assert (answer.status, answer.code) == (400, 50006)
    ok = await api(
        fake_discord, "POST", f"/channels/{fake_discord.channel.id}/messages", json={"content": "."}
    )
    assert ok.status == 200


async def test_discord_py_sees_the_code(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    channel = probe.get_channel(fake_discord.channel.id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as info:
        await channel.send(embed=discord.Embed(title="t" * 257))
    assert (info.value.status, info.value.code) == (400, 50035)
    assert "title" in info.value.text
    sent = await channel.send(embed=discord.Embed(title="t" * 256))
    assert fake_discord.world.messages[sent.id].embeds[0]["title"] == "t" * 256


async def test_invalid_json_is_50109(fake_discord: FakeDiscord) -> None:
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{fake_discord.api_base}/channels/{fake_discord.channel.id}/messages",
            data="{not json",
            headers={
                "Authorization": f"Bot {fake_discord.token}",
                "Content-Type": "application/json",
            },
        ) as response,
    ):
        assert response.status == 400
        assert (await response.json())["code"] == 50109
