"""Versioned schema migrations (Alembic, `agent/migrations/versions/`), run by the app on start.

`upgrade(engine)` brings any database to the newest schema: a new one, one made before migrations
existed (tables created on open), or one at an older revision. On PostgreSQL an advisory lock makes
several app processes starting at once take turns (on SQLite, the write lock); an up-to-date database
costs one query.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY = 0x6D6F636B  # "mock": the advisory lock every mockinterview process upgrades under


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@lru_cache(maxsize=1)
def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        elif connection.dialect.name == "sqlite":
            # The write lock before the version is read: two processes opening a new file at once upgrade
            # one after the other (the driver would otherwise run each DDL statement on its own).
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        if current(connection) == head():
            return
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
