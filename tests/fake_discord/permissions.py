"""Permission bits and Discord's channel-permission algorithm.

The emulator computes permissions itself (rather than importing
``discord.Permissions``) so that it checks discord.py instead of agreeing
with it by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class _HasValue(Protocol):
    @property
    def value(self) -> int: ...


PermissionLike = int | _HasValue

CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_AUDIT_LOG = 1 << 7
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
SEND_TTS_MESSAGES = 1 << 12
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38
PIN_MESSAGES = 1 << 51

ALL = (1 << 52) - 1

# What a fresh server's @everyone role can do, near enough.
DEFAULT_EVERYONE = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)

# The permissions a bot invite link typically asks for.
DEFAULT_BOT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | SEND_MESSAGES_IN_THREADS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | CREATE_PUBLIC_THREADS
    | MANAGE_THREADS
    | USE_APPLICATION_COMMANDS
)

# Without Send Messages, Discord implicitly denies what only makes sense when sending.
_SEND_DEPENDENT = MENTION_EVERYONE | SEND_TTS_MESSAGES | ATTACH_FILES | EMBED_LINKS


def as_int(value: PermissionLike) -> int:
    """Accept a plain int or anything with ``.value`` (e.g. discord.Permissions)."""
    return value if isinstance(value, int) else int(value.value)


@dataclass
class Overwrite:
    """A channel permission overwrite for a role (type 0) or a member (type 1)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, object]:
        """Return the overwrite as Discord serialises it."""
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def base_permissions(
    *, guild_id: int, owner_id: int, user_id: int, role_ids: list[int], role_perms: dict[int, int]
) -> int:
    """Return guild-level permissions: @everyone plus every role, owner and admin see all."""
    if user_id == owner_id:
        return ALL
    perms = role_perms.get(guild_id, 0)
    for role_id in role_ids:
        perms |= role_perms.get(role_id, 0)
    if perms & ADMINISTRATOR:
        return ALL
    return perms


def apply_overwrites(
    base: int,
    *,
    guild_id: int,
    user_id: int,
    role_ids: list[int],
    overwrites: dict[int, Overwrite],
    in_thread: bool = False,
) -> int:
    """Apply channel overwrites in Discord's order: @everyone, roles, member.

    In a thread (whose overwrites are its parent's) "Send Messages in
    Threads" plays the part of "Send Messages" for the implicit denials.
    """
    if base & ADMINISTRATOR or base == ALL:
        return ALL
    perms = base
    everyone = overwrites.get(guild_id)
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in role_ids:
        ow = overwrites.get(role_id)
        if ow is not None and ow.type == 0:
            allow |= ow.allow
            deny |= ow.deny
    perms = (perms & ~deny) | allow
    member = overwrites.get(user_id)
    if member is not None and member.type == 1:
        perms = (perms & ~member.deny) | member.allow
    if not perms & VIEW_CHANNEL:
        return 0
    if not perms & (SEND_MESSAGES_IN_THREADS if in_thread else SEND_MESSAGES):
        perms &= ~_SEND_DEPENDENT
    return perms
