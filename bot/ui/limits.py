"""Discord's message limits, and helpers that keep every embed the bot builds within them.

Member text is escaped (markdown and mentions) before it is shown, and every
embed passes through `fit()` last, so even a 4,000-character answer renders.
"""

from __future__ import annotations

import discord

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
CONTENT = 2000
MODAL_TITLE = 45
SELECT_LABEL = 100
BUTTON_LABEL = 80
CHOICE_NAME = 100
ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    # A dangling backslash from an escape would swallow the ellipsis.
    stripped = cut.rstrip("\\")
    if (len(cut) - len(stripped)) % 2:
        cut = cut[:-1]
    return cut + ELLIPSIS


def escape(text: str) -> str:
    """Member text made inert: markdown shown literally, mentions unable to resolve."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def quote(text: str, limit: int) -> str:
    """Escape member text and clip it (after escaping, so the limit holds)."""
    return clip(escape(text), limit) or "\u200b"


def _embed_size(embed: discord.Embed) -> int:
    return len(embed)


def fit(embed: discord.Embed) -> discord.Embed:
    """Clip every part of `embed` to Discord's limits, then shrink it to 6,000 in total.

    Fields past 25 are dropped; when the total is still too long the longest
    field value (then the description) is shortened until it fits.
    """
    if embed.title:
        embed.title = clip(embed.title, TITLE)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, AUTHOR),
            url=embed.author.url,
            icon_url=embed.author.icon_url,
        )
    fields = [
        (clip(f.name or "\u200b", FIELD_NAME), clip(f.value or "\u200b", FIELD_VALUE), f.inline)
        for f in embed.fields[:FIELDS]
    ]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=bool(inline))
    while (excess := _embed_size(embed) - EMBED_TOTAL) > 0:
        longest = max(
            range(len(embed.fields)), key=lambda i: len(embed.fields[i].value or ""), default=None
        )
        value_len = len(embed.fields[longest].value or "") if longest is not None else 0
        description_len = len(embed.description or "")
        if longest is not None and value_len >= description_len and value_len > 1:
            field = embed.fields[longest]
            embed.set_field_at(
                longest,
                name=field.name or "\u200b",
                value=clip(field.value or "", max(1, value_len - excess)),
                inline=bool(field.inline),
            )
        elif description_len > 1:
            embed.description = clip(embed.description or "", max(1, description_len - excess))
        elif embed.fields:
            embed.remove_field(len(embed.fields) - 1)
        else:
            embed.title = clip(embed.title or "", max(1, len(embed.title or "") - excess))
    return embed
