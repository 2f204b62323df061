"""Spoken answers in the database: the transcript and the coach's figures of each spoken turn, and the
speaking trend across interviews. A table of its own (`SpeechRow`, migration 0003) beside the turns, so
typed interviews and every other reader of the turns are untouched."""
from __future__ import annotations

from datetime import datetime
from statistics import mean

from pydantic import BaseModel
from sqlalchemy import select

from mockinterview.agent.storage import SessionRow, SpeechRow, Store, clean_text

from .coach import SpeakingFigures


class SessionSpeaking(BaseModel):
    """One interview's spoken answers, averaged: a point of the trend."""

    session_id: str
    started: datetime
    answers: int
    wpm: float
    fillers_per_minute: float
    long_pauses: int


def save_speech(store: Store, session_id: str, seq: int, transcript: str, figures: SpeakingFigures,
                audio_path: str | None = None) -> None:
    with store.transaction() as db:
        db.add(SpeechRow(session_id=session_id, turn_seq=seq, transcript=clean_text(transcript),
                         figures_json=figures.model_dump_json(), audio_path=audio_path))


def _owned(store: Store):
    """Rows of this store's owner only (a shared deployment keeps each candidate's speech apart)."""
    return select(SpeechRow).where(SpeechRow.session_id.in_(select(SessionRow.id).where(SessionRow.owner == store.owner)))


def session_speech(store: Store, session_id: str) -> dict[int, SpeakingFigures]:
    """The figures of each spoken turn of one interview, by turn number (the last recording wins)."""
    with store.reading() as db:
        rows = db.scalars(_owned(store).where(SpeechRow.session_id == session_id).order_by(SpeechRow.id))
        return {row.turn_seq: SpeakingFigures.model_validate_json(row.figures_json) for row in rows}


def summarise(session_id: str, started: datetime, figures: list[SpeakingFigures]) -> SessionSpeaking:
    return SessionSpeaking(
        session_id=session_id, started=started, answers=len(figures),
        wpm=round(mean(f.wpm for f in figures), 1),
        fillers_per_minute=round(mean(f.fillers_per_minute for f in figures), 1),
        long_pauses=sum(f.long_pauses for f in figures),
    )


def speaking_trend(store: Store, limit: int = 30) -> list[SessionSpeaking]:
    """Every interview with spoken answers, oldest first (the last `limit`)."""
    by_session: dict[str, list[SpeechRow]] = {}
    with store.reading() as db:
        for row in db.scalars(_owned(store).order_by(SpeechRow.created_at, SpeechRow.id)):
            by_session.setdefault(row.session_id, []).append(row)
    points = [summarise(session_id, rows[0].created_at,
                        [SpeakingFigures.model_validate_json(r.figures_json) for r in rows])
              for session_id, rows in by_session.items()]
    return sorted(points, key=lambda p: p.started)[-limit:]


def speaking_markdown(figures: dict[int, SpeakingFigures]) -> str:
    """The exports' speaking section: one line per spoken answer, by turn number ("" when none was spoken)."""
    if not figures:
        return ""
    lines = ["", "## Speaking", ""]
    for seq, f in sorted(figures.items()):
        fillers = ", ".join(f"{name} ×{count}" for name, count in f.fillers.items()) or "none"
        lines.append(f"- Answer {seq}: {f.wpm:.0f} words/min, fillers {fillers}, {f.long_pauses} long pause(s), "
                     f"{f.seconds:.0f} s")
    return "\n".join(lines) + "\n"
