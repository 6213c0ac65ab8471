"""Application command sync: Discord's validation, ids, global and guild scope."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from tests.emulator.bots import ProbeBot, api
from tests.fake_discord import FakeDiscord


def _cmd(name: str = "probe", **fields: Any) -> dict[str, Any]:
    return {"name": name, "description": "A command", "type": 1, **fields}


def _opt(name: str, kind: int = 3, **fields: Any) -> dict[str, Any]:
    return {"name": name, "description": "An option", "type": kind, **fields}


CASES: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]], tuple[str, ...]]] = [
    ("name", [_cmd("Bad Name")], [_cmd("good-name")], ("0", "name")),
    (
        "description",
        [_cmd(description="d" * 101)],
        [_cmd(description="d" * 100)],
        ("0", "description"),
    ),
    (
        "option count",
        [_cmd(options=[_opt(f"o{i}") for i in range(26)])],
        [_cmd(options=[_opt(f"o{i}") for i in range(25)])],
        ("0", "options"),
    ),
    (
        "option type",
        [_cmd(options=[_opt("o", 12)])],
        [_cmd(options=[_opt("o", 11)])],
        ("0", "options", "0", "type"),
    ),
    (
        "required after optional",
        [_cmd(options=[_opt("a"), _opt("b", required=True)])],
        [_cmd(options=[_opt("b", required=True), _opt("a")])],
        ("0", "options", "1", "required"),
    ),
    (
        "choices",
        [_cmd(options=[_opt("o", choices=[{"name": str(i), "value": str(i)} for i in range(26)])])],
        [_cmd(options=[_opt("o", choices=[{"name": str(i), "value": str(i)} for i in range(25)])])],
        ("0", "options", "0", "choices"),
    ),
    (
        "choice value type",
        [_cmd(options=[_opt("n", 4, choices=[{"name": "one", "value": "1"}])])],
        [_cmd(options=[_opt("n", 4, choices=[{"name": "one", "value": 1}])])],
        ("0", "options", "0", "choices", "0", "value"),
    ),
    ("duplicate names", [_cmd("a"), _cmd("a")], [_cmd("a"), _cmd("b")], ("1", "name")),
    (
        "context menu description",
        [{"name": "Inspect", "type": 2, "description": "no"}],
        [{"name": "Inspect", "type": 2, "description": ""}],
        ("0", "description"),
    ),
]


@pytest.mark.parametrize(("bad", "good", "path"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_bulk_overwrite_validation(
    fake_discord: FakeDiscord,
    bad: list[dict[str, Any]],
    good: list[dict[str, Any]],
    path: tuple[str, ...],
) -> None:
    route = f"/applications/{fake_discord.application_id}/commands"
    refused = await api(fake_discord, "PUT", route, json=bad)
    assert (refused.status, refused.code) == (400, 50035)
    node: Any = refused.body["errors"]
    for part in path:
        node = node[part]
    assert node["_errors"]
    assert fake_discord.commands() == []
    accepted = await api(fake_discord, "PUT", route, json=good)
    assert accepted.status == 200
    assert [c["name"] for c in accepted.body] == [c["name"] for c in good]


async def test_tree_sync_registers_and_keeps_ids(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    assert sorted(c["name"] for c in fake_discord.commands()) == [
        "Inspect",
        "probe",
        "quiz",
        "whois",
    ]
    first = {c.name: c.id for c in await probe.tree.fetch_commands()}
    again = {c.name: c.id for c in await probe.tree.sync()}
    assert first == again


async def test_guild_sync_and_guild_command_invocation(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    guild = discord.Object(fake_discord.guild.id)

    @probe.tree.command(name="local", description="Guild only", guild=guild)
    async def local(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("local ok")

    synced = await probe.tree.sync(guild=guild)
    assert [c.name for c in synced] == ["local"]
    assert [c["name"] for c in fake_discord.commands(fake_discord.guild)] == ["local"]
    handle = await fake_discord.slash("local")
    assert (await handle.response()).content == "local ok"


async def test_unknown_command_id_is_10063(fake_discord: FakeDiscord, probe: ProbeBot) -> None:
    with pytest.raises(discord.NotFound) as info:
        await probe.tree.fetch_command(1)
    assert info.value.code == 10063


async def test_other_application_is_20012(fake_discord: FakeDiscord) -> None:
    refused = await api(fake_discord, "GET", "/applications/1/commands")
    assert (refused.status, refused.code) == (403, 20012)


async def test_create_command_upserts(fake_discord: FakeDiscord) -> None:
    route = f"/applications/{fake_discord.application_id}/commands"
    created = await api(fake_discord, "POST", route, json=_cmd("solo"))
    updated = await api(fake_discord, "POST", route, json=_cmd("solo", description="Changed"))
    assert (created.status, updated.status) == (201, 200)
    assert created.body["id"] == updated.body["id"]
    invalid = await api(fake_discord, "POST", route, json=_cmd("solo", description=""))
    assert invalid.code == 50035


async def test_member_without_default_permissions_cannot_invoke(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    from tests.fake_discord import InjectionError

    @probe.tree.command(name="admin", description="Admins only")
    @discord.app_commands.default_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("admin ok")

    await probe.tree.sync()
    with pytest.raises(InjectionError, match="permissions"):
        await fake_discord.slash("admin")
    owner = fake_discord.guild.members[fake_discord.guild.owner_id]
    handle = await fake_discord.slash("admin", member=owner)
    assert (await handle.response()).content == "admin ok"


async def test_integrations_override_lets_a_member_invoke(
    fake_discord: FakeDiscord, probe: ProbeBot
) -> None:
    from tests.fake_discord import InjectionError

    @probe.tree.command(name="admin", description="Admins only")
    @discord.app_commands.default_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction[Any]) -> None:
        perms = interaction.permissions
        await interaction.response.send_message(f"manage_guild={perms.manage_guild}")

    await probe.tree.sync()
    helpers = fake_discord.add_role(fake_discord.guild, "helpers")
    bob = fake_discord.add_member(fake_discord.guild, "bob", roles=[helpers])
    carol = fake_discord.add_member(fake_discord.guild, "carol")
    fake_discord.allow_command("admin", helpers)
    # The override shows the command; the member's own permissions are unchanged.
    handle = await fake_discord.slash("admin", member=bob)
    assert (await handle.response()).content == "manage_guild=False"
    with pytest.raises(InjectionError, match="permissions"):
        await fake_discord.slash("admin", member=carol)
    fake_discord.allow_command("admin", carol)
    assert (await (await fake_discord.slash("admin", member=carol)).response()).content
