import discord
from discord import app_commands
from discord.ext import commands

from tests.fake_discord.pytest_plugin import *  # noqa


class Bot(commands.Bot):
    def __init__(self, **kw):
        super().__init__(command_prefix="!", intents=discord.Intents.default(), **kw)

    async def setup_hook(self):
        @self.tree.command(description="Say hi")
        @app_commands.describe(name="who")
        async def hello(interaction: discord.Interaction, name: str, times: int = 1):
            await interaction.response.send_message(f"hi {name} x{times}")

        await self.tree.sync()


async def test_smoke(fake_discord):
    bot = await fake_discord.start_bot(Bot)
    assert bot.is_ready()
    assert bot.get_guild(fake_discord.guild.id) is not None
    h = await fake_discord.slash("hello", {"name": "bob", "times": 2})
    r = await h.response()
    assert r.content == "hi bob x2"
    ch = bot.get_channel(fake_discord.channel.id)
    msg = await ch.send("hello world")
    assert fake_discord.messages_in(fake_discord.channel)[-1].content == "hello world"
