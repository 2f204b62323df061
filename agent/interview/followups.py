"""Follow-up questions aimed at the gap: a missed key point, or a deeper question after a strong answer."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from mockinterview.agent.grading.schema import Grade, Verdict
from mockinterview.corpus.schema import Record
from mockinterview.index.search_types import SearchFilters

# A corpus question is "about" a missed point when one of its key points (or its question) is this close.
CONCEPT_MATCH = 0.55


@dataclass
class FollowUp:
    record: Record
    lead_in: str
    reason: str  # "gap" | "deeper"
    target_point: str | None = None
    focus_points: list[str] = field(default_factory=list)  # grade only these (template follow-ups)

    @property
    def question(self) -> str:
        return self.record.question if not self.focus_points else template_question(self.focus_points[0])


def short(point: str, limit: int = 120) -> str:
    text = point.strip().rstrip(".")
    return text if len(text) <= limit else text[: text.rfind(" ", 0, limit)] + "..."


def template_question(point: str) -> str:
    return f"Can you explain this point and why it matters: \"{short(point, 200)}\"?"


def concept_similarity(index, target: np.ndarray, record_id: str) -> float:
    """How close a record comes to a concept vector: its question or its best key point (cached vectors)."""
    vectors = [v for v in index.key_point_vectors(record_id) if len(v)]
    best_point = max((float(np.max(v @ target)) for v in vectors), default=0.0)
    return max(best_point, float(index.question_vector(record_id) @ target))


def choose_followup(record: Record, grade: Grade, index, asked: set[str], targeted: set[str]) -> FollowUp | None:
    if grade.verdict in (Verdict.no_answer, Verdict.off_topic):
        return None  # nothing to build on: move on and let the model answer teach
    exclude = tuple(asked | {record.id})
    gaps = [p for p in grade.missed if p.point not in targeted]
    if gaps and grade.verdict not in (Verdict.strong,):
        target = gaps[0].point  # rubric order: the reference's own order, definitions first
        lead_in = f"You did not cover this: {short(target)}."
        filters = SearchFilters(answered_only=True)
        target_vector = index.encode([target])[0]  # once: every candidate is compared with the same point
        for hit in index.search_concept(target, k=5, filters=filters, exclude_ids=exclude):
            if concept_similarity(index, target_vector, hit.record.id) >= CONCEPT_MATCH:
                return FollowUp(hit.record, lead_in, "gap", target)
        # No corpus question about that point: ask about the point itself, graded against it alone.
        return FollowUp(record, lead_in, "gap", target, focus_points=[target])
    filters = SearchFilters(topics=(record.topic,), answered_only=True)
    hits = index.search(record.question, k=8, filters=filters, exclude_ids=exclude)
    harder = [h for h in hits if h.record.difficulty.value != "easy"] or hits
    if harder:
        return FollowUp(harder[0].record, "Good. Let's go a step deeper.", "deeper")
    return None


_TERMS = re.compile(r"[A-Za-z][A-Za-z0-9-]{3,}")


def hint_for(points: list[str], hinted: int, common: set[str]) -> str | None:
    """A vague nudge toward one key point: its distinctive terms, not the point itself."""
    if hinted >= len(points):
        return None
    words = [w for w in _TERMS.findall(points[hinted]) if w.lower() not in common]
    picked = list(dict.fromkeys(words))[:3]
    if not picked:
        return "Think about what the reference would define first."
    return "Think about: " + ", ".join(picked) + "."
