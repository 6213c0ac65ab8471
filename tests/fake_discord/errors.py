"""Discord's error bodies, reproduced exactly.

A bot's error handling branches on ``status`` and ``code`` and prints the
``errors`` tree, so the emulator answers with the same JSON Discord sends:
``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}`` with
``{"_errors": [{"code": ..., "message": ...}]}`` at each failing leaf.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# JSON error codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
GENERAL = 0
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MEMBER = 10007
UNKNOWN_MESSAGE = 10008
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_INTERACTION = 10062
UNKNOWN_APPLICATION_COMMAND = 10063
NOT_AUTHORIZED_FOR_APPLICATION = 20012
MAX_PINS = 30003
MAX_APPLICATION_COMMANDS = 30032
INTERACTION_ALREADY_ACKNOWLEDGED = 40060
MISSING_ACCESS = 50001
CANNOT_EDIT_OTHERS_MESSAGE = 50005
EMPTY_MESSAGE = 50006
CANNOT_DM_USER = 50007
WRONG_CHANNEL_TYPE = 50024
INVALID_WEBHOOK_TOKEN = 50027
MISSING_PERMISSIONS = 50013
INVALID_FORM_BODY = 50035
THREAD_ARCHIVED = 50083
INVALID_JSON = 50109
THREAD_ALREADY_CREATED = 160004

Path = Sequence[str | int]


class DiscordError(Exception):
    """An HTTP error the emulator answers with, in Discord's JSON shape."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """Return the JSON body Discord would send."""
        payload: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            payload["errors"] = self.errors
        return payload


class FormErrors:
    """Collect field errors into Discord's nested ``errors`` tree.

    Validation reports every failing field at once, as Discord does, so a
    test sees the whole tree rather than only the first problem.
    """

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.tree)

    def add(self, path: Path, code: str, message: str) -> None:
        """Record an error at ``path`` (keys and list indexes)."""
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_length(self, path: Path, limit: int) -> None:
        """Record Discord's 'too long' error."""
        self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def bad_length(self, path: Path, low: int, high: int) -> None:
        """Record Discord's 'length out of range' error."""
        self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def required(self, path: Path) -> None:
        """Record Discord's 'missing field' error."""
        self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def choices(self, path: Path, allowed: Sequence[object]) -> None:
        """Record Discord's 'not one of the allowed values' error."""
        rendered = ", ".join(repr(a) if isinstance(a, str) else str(a) for a in allowed)
        self.add(path, "BASE_TYPE_CHOICES", f"Value must be one of {{{rendered}}}.")

    def raise_if_any(self) -> None:
        """Raise the 50035 error when anything was recorded."""
        if self.tree:
            raise invalid_form_body(self.tree)


def invalid_form_body(errors: dict[str, Any]) -> DiscordError:
    """Return the 400 / 50035 error carrying ``errors``."""
    return DiscordError(400, INVALID_FORM_BODY, "Invalid Form Body", errors=errors)


def unauthorized() -> DiscordError:
    """Return the 401 Discord sends for a missing or wrong bot token."""
    return DiscordError(401, GENERAL, "401: Unauthorized")


def not_found_route() -> DiscordError:
    """Return the 404 Discord sends for a path it has no route for."""
    return DiscordError(404, GENERAL, "404: Not Found")


def method_not_allowed() -> DiscordError:
    """Return the 405 Discord sends for a wrong method on a known path."""
    return DiscordError(405, GENERAL, "405: Method Not Allowed")


def unknown(kind: str) -> DiscordError:
    """Return the 404 'Unknown X' error for a missing resource."""
    codes = {
        "Channel": UNKNOWN_CHANNEL,
        "Guild": UNKNOWN_GUILD,
        "Member": UNKNOWN_MEMBER,
        "Message": UNKNOWN_MESSAGE,
        "User": UNKNOWN_USER,
        "Webhook": UNKNOWN_WEBHOOK,
        "interaction": UNKNOWN_INTERACTION,
        "application command": UNKNOWN_APPLICATION_COMMAND,
    }
    return DiscordError(404, codes[kind], f"Unknown {kind}")


def missing_permissions() -> DiscordError:
    """Return the 403 / 50013 error."""
    return DiscordError(403, MISSING_PERMISSIONS, "Missing Permissions")


def missing_access() -> DiscordError:
    """Return the 403 / 50001 error (the bot cannot see the resource)."""
    return DiscordError(403, MISSING_ACCESS, "Missing Access")


def already_acknowledged() -> DiscordError:
    """Return the 400 / 40060 error for a second interaction callback."""
    return DiscordError(
        400, INTERACTION_ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged."
    )


def invalid_webhook_token() -> DiscordError:
    """Return the 401 / 50027 error for an expired interaction token."""
    return DiscordError(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
