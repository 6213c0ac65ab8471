"""Embed rendering within Discord's limits, whatever the bank or a member wrote."""

from __future__ import annotations

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ui.limits import EMBED_TOTAL, FIELD_VALUE, clip, escape, fit, quote


def test_clip_adds_an_ellipsis_and_never_leaves_a_dangling_escape() -> None:
    assert clip("abc", 3) == "abc"
    assert clip("abcdef", 4) == "abc…"
    assert clip("ab\\*", 4) == "ab\\*"
    assert clip("abc\\*def", 5) == "abc…"  # not "abc\…", which would escape the ellipsis


def test_escape_makes_markdown_and_mentions_inert() -> None:
    mention = "<@123456789012345678>"
    assert escape(f"**x** @everyone {mention}") == (
        "\\*\\*x\\*\\* @\u200beveryone <@\u200b123456789012345678>"
    )
    assert quote("", 10) == "\u200b"


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(max_size=400),
    description=st.text(max_size=5000),
    values=st.lists(st.text(min_size=0, max_size=2000), max_size=30),
)
def test_fit_always_within_limits(title: str, description: str, values: list[str]) -> None:
    embed = discord.Embed(title=title, description=description)
    for value in values:
        embed.add_field(name=value[:300] or "x", value=value, inline=False)
    embed.set_footer(text=description)
    fitted = fit(embed)
    assert len(fitted) <= EMBED_TOTAL
    assert len(fitted.fields) <= 25
    assert all(
        len(f.value or "") <= FIELD_VALUE and len(f.name or "") <= 256 for f in fitted.fields
    )
    assert len(fitted.title or "") <= 256 and len(fitted.description or "") <= 4096


async def test_routed_views_render_but_are_never_tracked() -> None:
    from bot.ui.quiz import feedback_view

    view = feedback_view(42, "databases")
    assert view.is_finished()  # discord.py then neither stores it nor starts a timeout task
    ids = [c["custom_id"] for row in view.to_components() for c in row["components"]]
    assert ids == ["ic:next:databases", "ic:retry:42", "ic:report:42"]
