"""Views that only carry buttons: the bot routes their clicks by custom id, not by view."""

from __future__ import annotations

from typing import Any

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
