"""The schema as it was before versioned migrations: sessions, turns, exchanges, mastery.

A database made by an older version (tables created on open, without a version table) already has some or
all of these: only the missing ones are created, so such a database upgrades in place.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _tables() -> set[str]:
    return set(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    existing = _tables()
    if "sessions" not in existing:
        op.create_table(
            "sessions",
            sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("config_json", sa.Text(), nullable=False),
            sa.Column("overall_score", sa.Float(), nullable=True),
        )
    if "turns" not in existing:
        op.create_table(
            "turns",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("record_id", sa.String(40), nullable=False),
            sa.Column("question", sa.Text(), nullable=False),
            sa.Column("topic", sa.String(40), nullable=False),
            sa.Column("difficulty", sa.String(10), nullable=False),
            sa.Column("role", sa.String(10), nullable=False),
            sa.Column("parent_seq", sa.Integer(), nullable=True),
            sa.Column("lead_in", sa.Text(), nullable=True),
            sa.Column("focus_json", sa.Text(), nullable=True),
            sa.Column("outcome", sa.String(12), nullable=False),
            sa.Column("answer_text", sa.Text(), nullable=True),
            sa.Column("grade_json", sa.Text(), nullable=True),
            sa.Column("score", sa.Float(), nullable=True),
            sa.Column("backend", sa.String(80), nullable=True),
            sa.Column("hints", sa.Integer(), nullable=False),
            sa.Column("asked_at", sa.DateTime(), nullable=False),
            sa.Column("answered_at", sa.DateTime(), nullable=True),
            sa.Column("graded_at", sa.DateTime(), nullable=True),
        )
        op.create_index("ix_turns_session_id", "turns", ["session_id"])
    if "exchanges" not in existing:
        op.create_table(
            "exchanges",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
            sa.Column("turn_seq", sa.Integer(), nullable=True),
            sa.Column("after_close", sa.Boolean(), nullable=False),
            sa.Column("role", sa.String(12), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("intent", sa.String(16), nullable=True),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("data_json", sa.Text(), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
        )
        op.create_index("ix_exchanges_session_id", "exchanges", ["session_id"])
    if "mastery" not in existing:
        op.create_table(
            "mastery",
            sa.Column("record_id", sa.String(40), primary_key=True),
            sa.Column("topic", sa.String(40), nullable=False),
            sa.Column("reviews", sa.Integer(), nullable=False),
            sa.Column("card_json", sa.Text(), nullable=False),
            sa.Column("due_at", sa.DateTime(), nullable=False),
            sa.Column("last_score", sa.Float(), nullable=False),
            sa.Column("mean_score", sa.Float(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
        )
        op.create_index("ix_mastery_topic", "mastery", ["topic"])


def downgrade() -> None:
    for table in ("exchanges", "turns", "mastery", "sessions"):
        op.drop_table(table)
