"""Shared deployments: an owner on every session and mastery row, a version per session for the
"changed in another tab" check, and one turn per (session, seq).

A database written by two tabs before this check may hold two turns with the same seq: those sessions are
renumbered in the order the turns were written (parent_seq and the exchanges' turn_seq follow) first.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LOCAL = "local"


def _renumber_duplicate_seqs() -> None:
    bind = op.get_bind()
    duplicated = [row[0] for row in bind.execute(sa.text(
        "SELECT session_id FROM turns GROUP BY session_id, seq HAVING COUNT(*) > 1"))]
    for session_id in sorted(set(duplicated)):
        turns = bind.execute(sa.text("SELECT id, seq, parent_seq FROM turns WHERE session_id = :s ORDER BY seq, id"),
                             {"s": session_id}).all()
        first_new: dict[int, int] = {}
        for new_seq, (_, old_seq, _) in enumerate(turns, start=1):
            first_new.setdefault(old_seq, new_seq)
        # Two passes through negative numbers, so no intermediate state collides with the new constraint.
        for new_seq, (turn_id, _, parent) in enumerate(turns, start=1):
            bind.execute(sa.text("UPDATE turns SET seq = :seq, parent_seq = :parent WHERE id = :id"),
                         {"seq": -new_seq, "parent": first_new.get(parent) if parent is not None else None, "id": turn_id})
        bind.execute(sa.text("UPDATE turns SET seq = -seq WHERE session_id = :s"), {"s": session_id})
        for old_seq, new_seq in first_new.items():
            bind.execute(sa.text("UPDATE exchanges SET turn_seq = :new WHERE session_id = :s AND turn_seq = :old"),
                         {"new": -new_seq, "s": session_id, "old": old_seq})
        bind.execute(sa.text("UPDATE exchanges SET turn_seq = -turn_seq WHERE session_id = :s AND turn_seq < 0"),
                     {"s": session_id})


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("owner", sa.String(200), nullable=False, server_default=LOCAL))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_sessions_owner", ["owner"])

    _renumber_duplicate_seqs()
    with op.batch_alter_table("turns") as batch:
        batch.create_unique_constraint("uq_turns_session_seq", ["session_id", "seq"])

    # The mastery key becomes (owner, record_id): a new table, filled from the old one.
    op.create_table(
        "mastery_v2",
        sa.Column("owner", sa.String(200), primary_key=True),
        sa.Column("record_id", sa.String(40), primary_key=True),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("card_json", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("last_score", sa.Float(), nullable=False),
        sa.Column("mean_score", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.execute(
        "INSERT INTO mastery_v2 (owner, record_id, topic, reviews, card_json, due_at, last_score, mean_score, updated_at) "
        f"SELECT '{LOCAL}', record_id, topic, reviews, card_json, due_at, last_score, mean_score, updated_at FROM mastery"
    )
    op.drop_table("mastery")
    op.rename_table("mastery_v2", "mastery")
    op.create_index("ix_mastery_owner_topic", "mastery", ["owner", "topic"])


def downgrade() -> None:
    raise NotImplementedError("Downgrading below 0002 would merge the owners' data: restore a backup instead.")
