"""Persistence with SQLAlchemy: sessions, turns and mastery, in SQLite by default or any SQLAlchemy URL.

A turn's answer is written before it is graded, so a crash while grading never loses it; the session is
rebuilt from its turns on resume. API keys are never stored: nothing here receives settings.
"""
from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    Float, ForeignKey, Integer, String, Text, create_engine, event, func, select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


class StorageError(Exception):
    """The database cannot be used; the message says what happened and how to fix it."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | finished
    config_json: Mapped[str] = mapped_column(Text)
    overall_score: Mapped[float | None] = mapped_column(Float, nullable=True)


class TurnRow(Base):
    __tablename__ = "turns"

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


class ExchangeRow(Base):
    """Something said around a question that is not an answer: a request and the interviewer's reply
    (hint, clarification, rephrasing, an answer to the candidate's own question). Kept so that a resumed
    chat and an export read as the conversation did. A table of its own: older databases gain it on open."""

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


class MasteryRow(Base):
    __tablename__ = "mastery"

    record_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), index=True)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    card_json: Mapped[str] = mapped_column(Text)  # the fsrs card: stability, difficulty, due date
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_score: Mapped[float] = mapped_column(Float, default=0.0)
    mean_score: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers and one writer work at once; the busy timeout waits out short locks.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _explain(error: Exception, url: str) -> StorageError:
    text = str(error).lower()
    where = url.split("///", 1)[-1] if url.startswith("sqlite") else "the database server"
    if "readonly" in text or "read-only" in text:
        return StorageError(f"The database at {where} is read-only. Make it writable or set MOCKINTERVIEW_DB_URL.")
    if "locked" in text:
        return StorageError(f"The database at {where} is locked by another program. Close it and try again.")
    if "unable to open" in text:
        return StorageError(f"Cannot open the database at {where}. Check the folder exists and is writable.")
    return StorageError(f"Database error at {where}: {error.__class__.__name__}. Nothing was lost in memory.")


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            folder = Path(url.removeprefix("sqlite:///")).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(f"Cannot create the data folder {folder}: {error.strerror}.") from None
        try:
            self.engine = create_engine(url, future=True)
        except (SQLAlchemyError, ValueError) as error:
            raise StorageError(f"Invalid database URL in MOCKINTERVIEW_DB_URL: {error.__class__.__name__}.") from None
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self._guard():
            Base.metadata.create_all(self.engine)

    @contextmanager
    def _guard(self):
        try:
            yield
        except OperationalError as error:
            raise _explain(error, self.url) from None

    @contextmanager
    def transaction(self):
        with self._guard(), self._sessions.begin() as session:
            yield session

    # -- sessions ---------------------------------------------------------------------------------
    def create_session(self, config: dict) -> str:
        session_id = uuid.uuid4().hex[:12]
        with self.transaction() as db:
            db.add(SessionRow(id=session_id, config_json=json.dumps(config)))
        return session_id

    def get_session(self, session_id: str) -> SessionRow | None:
        with self._guard(), self._sessions() as db:
            return db.get(SessionRow, session_id)

    def find_sessions(self, prefix: str) -> list[SessionRow]:
        with self._guard(), self._sessions() as db:
            return list(db.scalars(select(SessionRow).where(SessionRow.id.startswith(prefix))))

    def list_sessions(self, limit: int = 50) -> list[tuple[SessionRow, int]]:
        """Newest first, each with its number of answered turns."""
        with self._guard(), self._sessions() as db:
            answered = (
                select(TurnRow.session_id, func.count(TurnRow.id).label("n"))
                .where(TurnRow.outcome != "pending").group_by(TurnRow.session_id).subquery()
            )
            rows = db.execute(
                select(SessionRow, func.coalesce(answered.c.n, 0))
                .outerjoin(answered, answered.c.session_id == SessionRow.id)
                .order_by(SessionRow.created_at.desc()).limit(limit)
            )
            return [(row, int(n)) for row, n in rows]

    def finish_session(self, session_id: str, overall: float | None) -> None:
        with self.transaction() as db:
            row = db.get(SessionRow, session_id)
            row.status, row.overall_score, row.updated_at = "finished", overall, utcnow()

    # -- turns ------------------------------------------------------------------------------------
    def add_turn(self, turn: TurnRow) -> TurnRow:
        with self.transaction() as db:
            db.add(turn)
            session = db.get(SessionRow, turn.session_id)
            session.updated_at = utcnow()
        return turn

    def update_turn(self, turn_id: int, **values) -> None:
        with self.transaction() as db:
            turn = db.get(TurnRow, turn_id)
            for key, value in values.items():
                setattr(turn, key, value)

    def turns(self, session_id: str) -> list[TurnRow]:
        with self._guard(), self._sessions() as db:
            return list(db.scalars(select(TurnRow).where(TurnRow.session_id == session_id).order_by(TurnRow.seq)))

    # -- requests and replies ---------------------------------------------------------------------
    def add_exchange(self, row: ExchangeRow) -> ExchangeRow:
        with self.transaction() as db:
            db.add(row)
        return row

    def update_exchange(self, exchange_id: int, **values) -> None:
        with self.transaction() as db:
            row = db.get(ExchangeRow, exchange_id)
            for key, value in values.items():
                setattr(row, key, value)

    def exchanges(self, session_id: str) -> list[ExchangeRow]:
        with self._guard(), self._sessions() as db:
            return list(db.scalars(select(ExchangeRow).where(ExchangeRow.session_id == session_id).order_by(ExchangeRow.id)))

    def all_graded_turns(self) -> list[TurnRow]:
        with self._guard(), self._sessions() as db:
            return list(db.scalars(select(TurnRow).where(TurnRow.score.is_not(None)).order_by(TurnRow.asked_at)))

    # -- mastery ----------------------------------------------------------------------------------
    def mastery(self) -> list[MasteryRow]:
        with self._guard(), self._sessions() as db:
            return list(db.scalars(select(MasteryRow)))

    def save_mastery(self, row: MasteryRow) -> None:
        with self.transaction() as db:
            db.merge(row)
