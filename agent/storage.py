"""Persistence with SQLAlchemy: sessions, turns and mastery, in SQLite by default or PostgreSQL (psycopg 3).

A turn's answer is written before it is graded, so a crash while grading never loses it; the session is
rebuilt from its turns on resume. API keys are never stored: nothing here receives settings.

Shared deployments: every session and mastery row has an owner, and a `Store` reads and writes only its
owner's rows (`store.as_user(owner)`; "local" on a laptop). Each session carries a version: a writer that
passes the version it loaded is refused with `ConflictError` when another tab wrote since (optimistic
locking), and one turn per (session, seq) is enforced by the schema. The schema is versioned
(`db_migrate`, Alembic) and brought up to date on open.
"""
from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timezone

from sqlalchemy import (
    Float, ForeignKey, Integer, String, Text, UniqueConstraint, delete, func, select, update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker, validates

from .db_engine import open_engine
from .db_errors import CHANGED_ELSEWHERE, ConflictError, StorageError, explain
from .textclean import clean_text

__all__ = ["Store", "StorageError", "ConflictError", "SessionRow", "TurnRow", "ExchangeRow", "SpeechRow", "MasteryRow",
           "LOCAL_OWNER", "utcnow", "clean_text"]

LOCAL_OWNER = "local"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), default=LOCAL_OWNER, index=True)
    version: Mapped[int] = mapped_column(Integer, default=0)  # +1 on every change to the interview's state
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | finished
    config_json: Mapped[str] = mapped_column(Text)
    overall_score: Mapped[float | None] = mapped_column(Float, nullable=True)


class TurnRow(Base):
    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("session_id", "seq", name="uq_turns_session_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str] = mapped_column(String(40))
    question: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(40))
    difficulty: Mapped[str] = mapped_column(String(10))
    role: Mapped[str] = mapped_column(String(10))  # main | followup
    parent_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lead_in: Mapped[str | None] = mapped_column(Text, nullable=True)  # "You did not cover ..."
    focus_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # key points a template follow-up grades
    outcome: Mapped[str] = mapped_column(String(12), default="pending")  # pending|answered|graded|skipped|gave_up|deferred|ended
    answer_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    grade_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    backend: Mapped[str | None] = mapped_column(String(80), nullable=True)
    hints: Mapped[int] = mapped_column(Integer, default=0)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    graded_at: Mapped[datetime | None] = mapped_column(nullable=True)

    @validates("question", "lead_in", "answer_text", "grade_json", "focus_json")
    def _clean(self, _key, value):
        return clean_text(value)


class ExchangeRow(Base):
    """Something said around a question that is not an answer: a request and the interviewer's reply
    (hint, clarification, rephrasing, an answer to the candidate's own question). Kept so that a resumed
    chat and an export read as the conversation did."""

    __tablename__ = "exchanges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    turn_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the question open (or last asked)
    after_close: Mapped[bool] = mapped_column(default=False)  # said after that question was closed
    role: Mapped[str] = mapped_column(String(12))  # candidate | interviewer
    kind: Mapped[str] = mapped_column(String(16))  # request | hint | clarification | rephrase | meta | reply | ...
    intent: Mapped[str | None] = mapped_column(String(16), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    data_json: Mapped[str | None] = mapped_column(Text, nullable=True)  # e.g. the sources of a reply
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("text", "data_json")
    def _clean(self, _key, value):
        return clean_text(value)


class SpeechRow(Base):
    """A spoken answer's transcript and speaking-coach figures (`agent/voice/records.py` reads and writes it);
    here so that deleting a session deletes them too."""

    __tablename__ = "speech"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    turn_seq: Mapped[int] = mapped_column(Integer)
    transcript: Mapped[str] = mapped_column(Text)
    figures_json: Mapped[str] = mapped_column(Text)
    audio_path: Mapped[str | None] = mapped_column(String(500), nullable=True)  # only when the candidate opts in
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MasteryRow(Base):
    __tablename__ = "mastery"

    owner: Mapped[str] = mapped_column(String(200), primary_key=True, default=LOCAL_OWNER)
    record_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40))
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    card_json: Mapped[str] = mapped_column(Text)  # the fsrs card: stability, difficulty, due date
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_score: Mapped[float] = mapped_column(Float, default=0.0)
    mean_score: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def _delete_speech(db, condition) -> list[str]:
    """Delete spoken answers' rows; the paths of the recordings candidates chose to keep, to remove after commit."""
    paths = [path for path in db.scalars(select(SpeechRow.audio_path).where(condition)) if path]
    db.execute(delete(SpeechRow).where(condition))
    return paths


def _remove_files(paths: list[str]) -> None:
    for path in paths:
        try:
            os.remove(path)
        except OSError:
            pass  # already gone or not ours to remove: the rows are deleted either way


class Store:
    """One owner's view of the database. `Store(url)` opens (and upgrades) it; `as_user` shares the engine."""

    def __init__(self, url: str, *, owner: str = LOCAL_OWNER, read_only: bool = False) -> None:
        self.owner = owner
        self.engine, self.url = open_engine(url, read_only=read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def as_user(self, owner: str) -> Store:
        view = object.__new__(Store)
        view.__dict__.update(self.__dict__)
        view.owner = owner
        return view

    @contextmanager
    def _guard(self):
        try:
            yield
        except StorageError:
            raise
        except IntegrityError as error:
            if "uq_turns_session_seq" in str(error.orig) or "turns.session_id, turns.seq" in str(error.orig):
                raise ConflictError(CHANGED_ELSEWHERE) from None
            raise explain(error, self.url) from None
        except SQLAlchemyError as error:
            raise explain(error, self.url) from None

    @contextmanager
    def transaction(self):
        with self._guard(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self):
        with self._guard(), self._sessions() as session:
            yield session

    def _owned(self):
        return select(SessionRow.id).where(SessionRow.owner == self.owner)

    def _bump(self, db, session_id: str, expect: int | None) -> int:
        """Version +1 for a change to this session; ConflictError when `expect` is no longer current.

        The UPDATE is the transaction's first write: it takes the session's row lock (PostgreSQL) or the
        write lock (SQLite) before anything is read, so two writers queue instead of interleaving."""
        condition = (SessionRow.id == session_id) & (SessionRow.owner == self.owner)
        if expect is not None:
            condition &= SessionRow.version == expect
        changed = db.execute(update(SessionRow).where(condition)
                             .values(version=SessionRow.version + 1, updated_at=utcnow())
                             .returning(SessionRow.version)).scalar()
        if changed is None:
            if expect is not None and db.scalar(select(SessionRow.id).where(SessionRow.id == session_id,
                                                                           SessionRow.owner == self.owner)):
                raise ConflictError(CHANGED_ELSEWHERE)
            raise StorageError(f"There is no interview {session_id} for this user.")
        return int(changed)

    # -- sessions ---------------------------------------------------------------------------------
    def create_session(self, config: dict) -> str:
        session_id = uuid.uuid4().hex[:12]
        with self.transaction() as db:
            db.add(SessionRow(id=session_id, owner=self.owner, version=0, config_json=json.dumps(config)))
        return session_id

    def get_session(self, session_id: str) -> SessionRow | None:
        with self.reading() as db:
            row = db.get(SessionRow, session_id)
            return row if row is not None and row.owner == self.owner else None

    def find_sessions(self, prefix: str) -> list[SessionRow]:
        with self.reading() as db:
            return list(db.scalars(select(SessionRow).where(SessionRow.id.startswith(prefix, autoescape=True),
                                                            SessionRow.owner == self.owner)))

    def list_sessions(self, limit: int = 50) -> list[tuple[SessionRow, int]]:
        """Newest first, each with its number of answered turns."""
        with self.reading() as db:
            answered = (
                select(TurnRow.session_id, func.count(TurnRow.id).label("n"))
                .where(TurnRow.outcome != "pending").group_by(TurnRow.session_id).subquery()
            )
            rows = db.execute(
                select(SessionRow, func.coalesce(answered.c.n, 0))
                .outerjoin(answered, answered.c.session_id == SessionRow.id)
                .where(SessionRow.owner == self.owner)
                .order_by(SessionRow.created_at.desc()).limit(limit)
            )
            return [(row, int(n)) for row, n in rows]

    def finish_session(self, session_id: str, overall: float | None, *, expect: int | None = None) -> int:
        with self.transaction() as db:
            version = self._bump(db, session_id, expect)
            db.execute(update(SessionRow).where(SessionRow.id == session_id)
                       .values(status="finished", overall_score=overall))
        return version

    def delete_session(self, session_id: str) -> bool:
        """Delete one interview with its turns and exchanges (its reviews stay in mastery)."""
        with self.transaction() as db:
            if db.scalar(select(SessionRow.id).where(SessionRow.id == session_id, SessionRow.owner == self.owner)) is None:
                return False
            db.execute(delete(ExchangeRow).where(ExchangeRow.session_id == session_id))
            recordings = _delete_speech(db, SpeechRow.session_id == session_id)
            db.execute(delete(TurnRow).where(TurnRow.session_id == session_id))
            db.execute(delete(SessionRow).where(SessionRow.id == session_id))
        _remove_files(recordings)
        return True

    def delete_everything(self) -> dict[str, int]:
        """Every interview and every mastery row of this owner; the counts deleted."""
        with self.transaction() as db:
            owned = self._owned()
            recordings = _delete_speech(db, SpeechRow.session_id.in_(owned))
            counts = {
                "exchanges": db.execute(delete(ExchangeRow).where(ExchangeRow.session_id.in_(owned))).rowcount,
                "turns": db.execute(delete(TurnRow).where(TurnRow.session_id.in_(owned))).rowcount,
                "sessions": db.execute(delete(SessionRow).where(SessionRow.owner == self.owner)).rowcount,
                "mastery": db.execute(delete(MasteryRow).where(MasteryRow.owner == self.owner)).rowcount,
            }
        _remove_files(recordings)
        return counts

    # -- turns ------------------------------------------------------------------------------------
    def add_turn(self, turn: TurnRow, *, expect: int | None = None) -> int:
        """Add a turn (its seq must be new in the session); the session's new version."""
        with self.transaction() as db:
            version = self._bump(db, turn.session_id, expect)
            db.add(turn)
        return version

    def update_turn(self, turn_id: int, *, expect: int | None = None, **values) -> int:
        with self.transaction() as db:
            turn = db.get(TurnRow, turn_id)
            if turn is None:
                raise StorageError(f"Turn {turn_id} no longer exists (the interview was deleted?).")
            version = self._bump(db, turn.session_id, expect)
            for key, value in values.items():
                setattr(turn, key, value)
        return version

    def turns(self, session_id: str) -> list[TurnRow]:
        with self.reading() as db:
            return list(db.scalars(select(TurnRow).where(TurnRow.session_id == session_id,
                                                         TurnRow.session_id.in_(self._owned())).order_by(TurnRow.seq)))

    # -- requests and replies ---------------------------------------------------------------------
    def add_exchange(self, row: ExchangeRow) -> ExchangeRow:
        """Requests and replies add to a session without changing its state: no version check."""
        with self.transaction() as db:
            if db.scalar(self._owned().where(SessionRow.id == row.session_id)) is None:
                raise StorageError(f"There is no interview {row.session_id} for this user.")
            db.add(row)
        return row

    def update_exchange(self, exchange_id: int, **values) -> None:
        with self.transaction() as db:
            row = db.get(ExchangeRow, exchange_id)
            if row is None or db.scalar(self._owned().where(SessionRow.id == row.session_id)) is None:
                return
            for key, value in values.items():
                setattr(row, key, value)

    def exchanges(self, session_id: str) -> list[ExchangeRow]:
        with self.reading() as db:
            return list(db.scalars(select(ExchangeRow).where(ExchangeRow.session_id == session_id,
                                                             ExchangeRow.session_id.in_(self._owned()))
                                   .order_by(ExchangeRow.id)))

    def all_graded_turns(self) -> list[TurnRow]:
        with self.reading() as db:
            return list(db.scalars(select(TurnRow).where(TurnRow.score.is_not(None), TurnRow.session_id.in_(self._owned()))
                                   .order_by(TurnRow.asked_at)))

    # -- mastery ----------------------------------------------------------------------------------
    def mastery(self) -> list[MasteryRow]:
        with self.reading() as db:
            return list(db.scalars(select(MasteryRow).where(MasteryRow.owner == self.owner)))

    def update_mastery(self, record_id: str, change: Callable[[MasteryRow | None], MasteryRow]) -> MasteryRow:
        """Read-modify-write of one mastery row with no lost update: `change(current or None)` runs while
        the row is locked, and a first review that races another one is retried against the row it made."""
        with self._guard():
            for attempt in range(3):
                try:
                    with self._sessions.begin() as db:
                        key = (MasteryRow.owner == self.owner) & (MasteryRow.record_id == record_id)
                        # A write first: the row lock (PostgreSQL) or the database write lock (SQLite) is held
                        # from here to the commit, so the read below sees every review committed before it.
                        db.execute(update(MasteryRow).where(key).values(reviews=MasteryRow.reviews))
                        current = db.scalar(select(MasteryRow).where(key).with_for_update())
                        row = change(current)
                        row.owner, row.record_id = self.owner, record_id
                        if current is None:
                            db.add(row)
                        else:
                            for column in ("topic", "reviews", "card_json", "due_at", "last_score", "mean_score",
                                           "updated_at"):
                                setattr(current, column, getattr(row, column))
                    return row
                except IntegrityError:  # two first reviews at once: the loser retries against the winner's row
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def save_mastery(self, row: MasteryRow) -> None:
        row.owner = self.owner
        with self.transaction() as db:
            db.merge(row)
