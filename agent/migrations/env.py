"""Alembic's environment: always run from `mockinterview.agent.db_migrate` with an open connection.

Plain `alembic` from a shell is not wired up: the app upgrades its own database on start.
"""
from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# render_as_batch: SQLite cannot ALTER most things, so changes there copy the table.
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
