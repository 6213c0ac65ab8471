"""Modal submissions routed by custom id, so a modal still works after a restart.

discord.py keeps open modals in memory only: a modal that was open while the
bot restarted would be dropped. Our modals are therefore only shown with
`discord.ui.Modal` (it has no `on_submit` logic of its own); every submission
is handled here, from the custom id template it carries, such as
`ic:submit:<session>`, whether the modal was opened by this process or not.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

log = logging.getLogger(__name__)

Values = dict[str, str | list[str]]
ModalHandler = Callable[[discord.Interaction[Any], "re.Match[str]", Values], Awaitable[None]]

# Shown modals are forgotten by discord.py after this long; the router needs none of them.
MODAL_TIMEOUT = 15 * 60.0


class ModalRouter:
    """Custom id templates of our modals and the handler each submission goes to."""

    def __init__(self) -> None:
        self._routes: list[tuple[re.Pattern[str], ModalHandler]] = []

    def add(self, template: str, handler: ModalHandler) -> None:
        self._routes.append((re.compile(template), handler))

    def find(self, custom_id: str) -> tuple[ModalHandler, re.Match[str]] | None:
        for pattern, handler in self._routes:
            match = pattern.fullmatch(custom_id)
            if match is not None:
                return handler, match
        return None

    async def dispatch(self, interaction: discord.Interaction[Any]) -> bool:
        """Handle a modal submission if one of our templates matches; False otherwise."""
        data: Any = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        found = self.find(custom_id)
        if found is None:
            return False
        handler, match = found
        await handler(interaction, match, modal_values(data))
        return True


def modal_values(data: Any) -> Values:
    """The submitted values by custom id, from action rows (text inputs) and labels."""
    values: Values = {}

    def take(component: Any) -> None:
        if not isinstance(component, dict) or "custom_id" not in component:
            return
        if "values" in component:
            values[str(component["custom_id"])] = [str(v) for v in component["values"]]
        else:
            values[str(component["custom_id"])] = str(component.get("value") or "")

    for row in data.get("components") or []:
        if not isinstance(row, dict):
            continue
        for inner in row.get("components") or []:
            take(inner)
        take(row.get("component"))
    return values


def text_value(values: Values, key: str) -> str:
    value = values.get(key, "")
    return value if isinstance(value, str) else " ".join(value)
