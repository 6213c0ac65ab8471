"""Alembic migrations, shipped inside the package; run by `bot.db.migrate.migrate()`."""
