"""Everything the database holds about one user, as JSON-ready data: "your data", to keep or to check
before deleting it. The same export for the CLI (`mockinterview data export`) and the app's History page."""
from __future__ import annotations

import json
from datetime import datetime

from .storage import Store, utcnow

FORMAT = "mockinterview-export/1"


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _json(text: str | None):
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def export_everything(store: Store) -> dict:
    sessions = []
    for row, answered in store.list_sessions(limit=1_000_000):
        sessions.append({
            "id": row.id, "created_at": _when(row.created_at), "updated_at": _when(row.updated_at),
            "status": row.status, "overall": row.overall_score, "answered": answered, "config": _json(row.config_json),
            "turns": [{
                "seq": t.seq, "role": t.role, "record_id": t.record_id, "topic": t.topic, "difficulty": t.difficulty,
                "question": t.question, "lead_in": t.lead_in, "outcome": t.outcome, "answer": t.answer_text,
                "score": t.score, "backend": t.backend, "hints": t.hints, "grade": _json(t.grade_json),
                "asked_at": _when(t.asked_at), "answered_at": _when(t.answered_at), "graded_at": _when(t.graded_at),
            } for t in store.turns(row.id)],
            "exchanges": [{
                "turn_seq": e.turn_seq, "role": e.role, "kind": e.kind, "intent": e.intent, "text": e.text,
                "data": _json(e.data_json), "created_at": _when(e.created_at),
            } for e in store.exchanges(row.id)],
        })
    mastery = [{
        "record_id": m.record_id, "topic": m.topic, "reviews": m.reviews, "last_score": m.last_score,
        "mean_score": m.mean_score, "due_at": _when(m.due_at), "card": _json(m.card_json),
        "updated_at": _when(m.updated_at),
    } for m in sorted(store.mastery(), key=lambda m: m.record_id)]
    return {"format": FORMAT, "exported_at": _when(utcnow()), "owner": store.owner, "sessions": sessions,
            "mastery": mastery}
