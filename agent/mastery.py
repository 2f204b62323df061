"""Mastery across sessions: per-question spaced repetition (FSRS) and per-topic averages.

A graded answer is a review of that question: a weak answer brings it back soon, a strong one pushes it
weeks out. "Practice my weak spots" asks the due questions first, weakest first.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

from .storage import MasteryRow, Store, utcnow

_SCHEDULER = Scheduler(enable_fuzzing=False)  # deterministic due dates


def rating_for(score: float) -> Rating:
    if score < 4.0:
        return Rating.Again
    if score < 6.5:
        return Rating.Hard
    if score < 8.5:
        return Rating.Good
    return Rating.Easy


def record_review(store: Store, record_id: str, topic: str, score: float, when: datetime | None = None) -> MasteryRow:
    """One review of a question; atomic, so candidates answering at once lose none (`Store.update_mastery`)."""
    when = when or utcnow()

    def reviewed(existing: MasteryRow | None) -> MasteryRow:
        card = Card.from_dict(json.loads(existing.card_json)) if existing else Card()
        card, _ = _SCHEDULER.review_card(card, rating_for(score), review_datetime=when.replace(tzinfo=timezone.utc))
        reviews = (existing.reviews if existing else 0) + 1
        mean = ((existing.mean_score * existing.reviews) if existing else 0.0) + score
        return MasteryRow(
            record_id=record_id, topic=topic, reviews=reviews, card_json=json.dumps(card.to_dict()),
            due_at=card.due.astimezone(timezone.utc).replace(tzinfo=None), last_score=score,
            mean_score=round(mean / reviews, 2), updated_at=when,
        )

    return store.update_mastery(record_id, reviewed)


def due_records(store: Store, now: datetime | None = None) -> list[MasteryRow]:
    """Questions whose review is due, the weakest (lowest last score) first, then the most overdue."""
    now = now or utcnow()
    due = [row for row in store.mastery() if row.due_at <= now]
    return sorted(due, key=lambda row: (row.last_score, row.due_at))


WEAK_BELOW = 6.5


def practice_queue(store: Store, now: datetime | None = None) -> list[str]:
    """Record ids for "practice my weak spots": due reviews first, then weak ones not yet due (soonest first)."""
    now = now or utcnow()
    due = due_records(store, now)
    due_ids = {row.record_id for row in due}
    upcoming = sorted(
        (row for row in store.mastery() if row.record_id not in due_ids and row.mean_score < WEAK_BELOW),
        key=lambda row: (row.due_at, row.mean_score),
    )
    return [row.record_id for row in due] + [row.record_id for row in upcoming]


def topic_mastery(store: Store) -> dict[str, float]:
    """Mean of the per-question mean scores, per topic (0-10)."""
    totals: dict[str, list[float]] = {}
    for row in store.mastery():
        totals.setdefault(row.topic, []).append(row.mean_score)
    return {topic: round(sum(v) / len(v), 2) for topic, v in sorted(totals.items())}
