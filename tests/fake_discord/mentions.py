"""Work out who a message would have pinged.

Discord applies ``allowed_mentions`` silently: a wrong setting never
errors, it just pings (or fails to ping) people.  The emulator therefore
records the pings it would have delivered so tests can assert that, say,
a quiz answer echoing user input pinged nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.fake_discord.state import JSON, Guild

USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")


@dataclass
class Resolved:
    """The pings one message produces."""

    users: list[int] = field(default_factory=list)
    roles: list[int] = field(default_factory=list)
    everyone: bool = False
    here: bool = False
    replied_user: int | None = None


def resolve(
    content: str,
    allowed: JSON | None,
    *,
    guild: Guild | None,
    can_mention_everyone: bool,
    replied_author_id: int | None = None,
) -> Resolved:
    """Apply Discord's allowed_mentions rules to the mentions in ``content``.

    Without ``allowed_mentions`` everything parses (users, roles, everyone)
    and replies ping their author; with it, only what ``parse`` or the id
    lists allow, and a reply pings only when ``replied_user`` is true.
    """
    if allowed is None:
        parse = {"users", "roles", "everyone"}
        user_list: list[int] | None = None
        role_list: list[int] | None = None
        replied_user = True
    else:
        parse = set(allowed.get("parse", []))
        user_list = [int(u) for u in allowed["users"]] if "users" in allowed else None
        role_list = [int(r) for r in allowed["roles"]] if "roles" in allowed else None
        replied_user = bool(allowed.get("replied_user", False))

    found_users = list(dict.fromkeys(int(m) for m in USER_MENTION.findall(content)))
    found_roles = list(dict.fromkeys(int(m) for m in ROLE_MENTION.findall(content)))
    result = Resolved()
    if "users" in parse:
        result.users = found_users
    elif user_list is not None:
        result.users = [u for u in found_users if u in user_list]
    if guild is not None:
        if "roles" in parse:
            roles = found_roles
        elif role_list is not None:
            roles = [r for r in found_roles if r in role_list]
        else:
            roles = []
        # A role pings only if it is mentionable or the sender may mention everyone.
        result.roles = [
            r
            for r in roles
            if r in guild.roles and (guild.roles[r].mentionable or can_mention_everyone)
        ]
        if "everyone" in parse and can_mention_everyone:
            result.everyone = "@everyone" in content
            result.here = "@here" in content
    if replied_author_id is not None and replied_user:
        result.replied_user = replied_author_id
    return result
