"""The follow-up a sharp interviewer asks: it probes what the answer got wrong or left out, without saying it.

In order: a wrong claim is challenged ("You said X. Why would that be?"); a missed point is asked about,
by a corpus question about that concept when one fits the interview (its topics, not asked yet, not a
near-duplicate of a question already asked, not giving the point away), else by a question built from
the point's concept (`probes.probe_question`); a strong answer gets a deeper question on the same
concept. The missed point itself is shown only after the follow-up is answered (`withheld.py`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mockinterview.agent.grading.schema import Grade, Verdict
from mockinterview.corpus.keypoints import question_subject
from mockinterview.corpus.rubrics import rubric_for
from mockinterview.corpus.schema import Record
from mockinterview.index.search_types import SearchFilters

from .probes import leaks, probe_question

# A corpus question is "about" a missed point when one of its key points (or its question) is this close,
CONCEPT_MATCH = 0.55
# and its question itself this close: a record that only mentions the concept deep in its answer would
# ask about something else ("Why can a model file be very large?" for a point about pre-trained models).
QUESTION_MATCH = 0.45
# Two questions this close ask the same thing: a follow-up must not be one of those already asked.
NEAR_DUPLICATE = 0.85
# A deeper question shares the concept of the one answered: at least this close, short of a duplicate.
SAME_CONCEPT = 0.45
GAP_LEAD_IN = "Let's dig into one part of that."
DEEPER_LEAD_IN = "Good. Let's go a step deeper."
CHALLENGE_QUESTION = "Why would that be? Walk me through the reasoning."


@dataclass
class FollowUp:
    record: Record
    lead_in: str
    reason: str  # "gap" | "challenge" | "deeper"
    target_point: str | None = None
    focus_points: list[str] = field(default_factory=list)  # grade only these (probes and challenges)
    text: str | None = None  # the question, when it is not the record's own

    @property
    def question(self) -> str:
        return self.text or self.record.question


@dataclass(frozen=True)
class Asked:
    """What the interview has asked so far: record ids (this and recent sessions) and this session's wording."""

    ids: frozenset[str]
    questions: tuple[str, ...]
    topics: tuple[str, ...] = ()  # the interview's topics; empty: the answered question's own topic


def concept_similarity(index, target: np.ndarray, record_id: str) -> float:
    """How close a record comes to a concept vector: its question or its best key point (cached vectors)."""
    vectors = [v for v in index.key_point_vectors(record_id) if len(v)]
    best_point = max((float(np.max(v @ target)) for v in vectors), default=0.0)
    return max(best_point, float(index.question_vector(record_id) @ target))


def _near_duplicate(index, record_id: str, asked_vectors: np.ndarray) -> bool:
    return bool(len(asked_vectors)) and float(np.max(asked_vectors @ index.question_vector(record_id))) >= NEAR_DUPLICATE


def concept_name(record: Record) -> str:
    """What the question is about, for a probe whose point does not name its own subject."""
    subject = question_subject(record.question)
    return subject or (record.subtopic or "").replace("-", " ")


def choose_followup(record: Record, grade: Grade, index, asked: Asked, targeted: set[str]) -> FollowUp | None:
    if grade.verdict in (Verdict.no_answer, Verdict.off_topic, Verdict.ungraded):
        return None  # nothing to build on: move on and let the model answer teach
    # A challenge is for a reversed core claim (a detail claim only adds credit; the judge's weaker
    # reversals of extras are not worth a confrontation).
    wrong = [p for p in grade.missed if p.contradicted and p.evidence and p.point not in targeted and p.core]
    if wrong:
        said = " ".join(wrong[0].evidence.split())
        return FollowUp(record, f'You said: "{said}"', "challenge", wrong[0].point, [wrong[0].point],
                        CHALLENGE_QUESTION)
    asked_vectors = index.encode(list(asked.questions))
    authored = rubric_for(record.id)
    if authored is not None and any(p.claim_id for p in grade.key_points):
        probe = _authored_probe(record, grade, authored, asked, targeted)
        if probe is not None or grade.verdict is not Verdict.strong:
            return probe or _deeper(record, index, asked, asked_vectors)
    gaps = [p for p in grade.missed if p.point not in targeted and p.checkable]
    if gaps and (grade.verdict is not Verdict.strong or _mostly_missed(grade)):
        for gap in gaps:  # rubric order: the reference's own order, definitions first
            target = gap.point
            found = _corpus_question(record, target, index, asked, asked_vectors)
            if found is not None:
                return FollowUp(found, GAP_LEAD_IN, "gap", target)
            text = probe_question(target, record.question, concept_name(record))
            if text not in asked.questions:  # two points can make the same probe: never ask it twice
                return FollowUp(record, GAP_LEAD_IN, "gap", target, [target], text)
    return _deeper(record, index, asked, asked_vectors)


def _authored_probe(record: Record, grade: Grade, authored, asked: Asked, targeted: set[str]) -> FollowUp | None:
    """The rubric's own probe for the first missed core claim (graded against that claim alone)."""
    for point in grade.missed:
        claim = authored.claim(point.claim_id) if point.claim_id else None
        if claim is None or not claim.core or not claim.probe or claim.text in targeted:
            continue
        if claim.probe not in asked.questions:
            return FollowUp(record, GAP_LEAD_IN, "gap", claim.text, [claim.text], claim.probe)
    return None


def _mostly_missed(grade: Grade) -> bool:
    """The evidence finds at most a third of the checkable points: worth probing, however high the score.

    The score ranks answers by how close they are to the reference, and one point stated in the
    reference's own words is very close; the key-point evidence is what says the rest is missing.
    """
    covered, missed = grade.claims_found
    return missed >= 2 and covered * 2 <= missed


def _corpus_question(record: Record, target: str, index, asked: Asked, asked_vectors: np.ndarray) -> Record | None:
    filters = SearchFilters(topics=asked.topics or (record.topic,), answered_only=True)
    target_vector = index.encode([target])[0]  # once: every candidate is compared with the same point
    for hit in index.search_concept(target, k=8, filters=filters, exclude_ids=tuple(asked.ids | {record.id})):
        if (concept_similarity(index, target_vector, hit.record.id) >= CONCEPT_MATCH
                and float(index.question_vector(hit.record.id) @ target_vector) >= QUESTION_MATCH
                and not _near_duplicate(index, hit.record.id, asked_vectors)
                and not leaks(hit.record.question, target, record.question)):
            return hit.record
    return None


def _deeper(record: Record, index, asked: Asked, asked_vectors: np.ndarray) -> FollowUp | None:
    filters = SearchFilters(topics=(record.topic,), answered_only=True)
    hits = index.search(record.question, k=8, filters=filters, exclude_ids=tuple(asked.ids | {record.id}))
    own = index.question_vector(record.id)
    fits = [h for h in hits if float(index.question_vector(h.record.id) @ own) >= SAME_CONCEPT
            and not _near_duplicate(index, h.record.id, asked_vectors)]
    harder = [h for h in fits if h.record.difficulty.value != "easy"] or fits
    return FollowUp(harder[0].record, DEEPER_LEAD_IN, "deeper") if harder else None
