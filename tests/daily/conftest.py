from __future__ import annotations

from tests.dbfixtures import database, database_url, engine_kind, sessions

__all__ = ["database", "database_url", "engine_kind", "sessions"]
