"""Views that only carry buttons: the bot routes their clicks by custom id, not by view."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord


def routed_view(*items: discord.ui.DynamicItem[Any]) -> discord.ui.View:
    """A view of `DynamicItem`s for sending; discord.py need not track it.

    Every item is a `DynamicItem` registered with `bot.add_dynamic_items`, so a
    click reaches it by its custom id, after a restart too. A live view would
    make discord.py store it and start a 15-minute timeout task for every
    ephemeral message it is sent with (one per answer, hint, skip ...), only to
    dispatch what the dynamic items already handle. A stopped view is sent as
    plain components and never stored.
    """
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


class SessionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"ic:session:(?P<session>\d+)",
):
    """A button that acts on one quiz session: its custom id is `ic:<prefix>:<session id>`.

    Subclasses name their prefix and look (`class HintButton(SessionButton,
    prefix="hint")`); the template, the button and parsing the id back after a
    restart are shared.
    """

    prefix: ClassVar[str] = "session"
    button_label: ClassVar[str] = ""
    button_style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary
    button_emoji: ClassVar[str | None] = None

    def __init_subclass__(cls, *, prefix: str) -> None:
        cls.prefix = prefix
        super().__init_subclass__(template=rf"ic:{prefix}:(?P<session>\d+)")

    def __init__(self, session_id: int, *, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or self.button_label,
                style=self.button_style,
                custom_id=f"ic:{self.prefix}:{session_id}",
                emoji=self.button_emoji,
            )
        )
        self.session_id = session_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> Self:
        return cls(int(match["session"]))
