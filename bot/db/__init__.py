"""Storage: SQLAlchemy 2 async models, engine set-up, migrations and repositories."""

from bot.db.engine import Database, Sessions, create_engine, create_sessions, open_database, reading
from bot.db.migrate import MigrationReport, migrate

__all__ = [
    "Database",
    "MigrationReport",
    "Sessions",
    "create_engine",
    "create_sessions",
    "migrate",
    "open_database",
    "reading",
]
