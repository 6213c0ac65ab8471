"""Interview Coach: a Discord bot and terminal trainer for backend interviews."""

__version__ = "0.1.0"
