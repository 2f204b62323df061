"""What an answer is graded against: one or more references, each reduced to key points.

A corpus question brings its own references (with key-point vectors cached by the index). A question
without an answer in the sources borrows the references of the closest answered questions. A batch
line with its own reference text gets key points extracted on the spot.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from mockinterview.corpus.keypoints import extract_key_points, looks_like_code, looks_like_heading
from mockinterview.corpus.rubric_schema import QuestionRubric
from mockinterview.corpus.rubrics import rubric_for
from mockinterview.corpus.schema import Record
from mockinterview.index.word_vectors import WordVectors

RETRIEVED_RECORDS = 3
RETRIEVED_POINTS = 6
# A borrowed key point must be about this question, not just about its neighbour's.
POINT_RELEVANCE = 0.45
# A batch question counts as the corpus question when their embeddings are this close.
SAME_QUESTION_SIMILARITY = 0.86
SAME_QUESTION_CANDIDATES = 5


class RubricIndex(Protocol):
    """The slice of the index the grader needs (CorpusIndex provides it; tests may fake it)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def key_point_vectors(self, record_id: str) -> list[np.ndarray]: ...

    def search(self, query: str, *, k: int = 5, filters=None, exclude_ids=()) -> list: ...


@dataclass
class RubricReference:
    text: str
    key_points: list[str]
    source: str | None = None
    vectors: np.ndarray | None = None  # (len(key_points), dim), or None to embed at grading time
    text_vector: np.ndarray | None = None  # the whole reference text's embedding, filled on first use
    words: WordVectors | None = None  # its word pieces' vectors (what the score aligns), filled on first use
    point_words: list[WordVectors] | None = None  # the same for each key point (the evidence), filled with words


@dataclass
class Rubric:
    question: str
    references: list[RubricReference]
    record_id: str | None = None
    from_retrieval: bool = False
    notes: list[str] = field(default_factory=list)
    # The interviewer's authored rubric (claims, misconceptions), when the question is a corpus record
    # that has one: it decides the grade. Outside references are graded by similarity to key points.
    authored: QuestionRubric | None = None

    @property
    def empty(self) -> bool:
        return not any(ref.key_points for ref in self.references)


_NOT_A_CLAIM = re.compile(
    r"^(?:did you know|understanding (?:these|this|them)|let'?s|here (?:is|are)|in this|the following|"
    r"key (?:data structures|points|concepts)|how to |why (?:is|are|do|does) )", re.IGNORECASE)


def is_checkable(point: str) -> bool:
    """A key point that states something an answer can be checked against: not a heading, a question,
    a teaser or a line of code. The corpus should hold only claims; the grader does not count on it."""
    text = point.strip()
    if text.endswith("?") or len(text.split()) < 4 or looks_like_code(text) or looks_like_heading(text):
        return False
    if _NOT_A_CLAIM.match(text):
        return False
    words = re.findall(r"[A-Za-z]+", text)
    # Title Case without a verb-like lower-case word: "Key Data Structures and Their Roles."
    return sum(w[0].islower() for w in words) >= 2


def _record_references(record: Record, index: RubricIndex) -> list[RubricReference]:
    vectors = index.key_point_vectors(record.id)
    # The index already holds the canonical answer's vector (the model reads its first 256 tokens either
    # way), so grading an answer to a corpus question never embeds the reference again.
    answer_vector = getattr(index, "answer_vector", None)
    canonical = answer_vector(record.id) if answer_vector is not None else None
    references = []
    for position, ref in enumerate(record.references):
        matrix = vectors[position] if position < len(vectors) else None
        if matrix is not None and len(matrix) != len(ref.key_points):
            matrix = None  # a stale cache must not pair points with the wrong vectors
        references.append(RubricReference(ref.text, list(ref.key_points), ref.location, matrix,
                                          canonical if position == 0 else None))
    return [r for r in references if r.key_points]


def _answered_filter():
    from mockinterview.index.search_types import SearchFilters

    return SearchFilters(answered_only=True)


def retrieved_rubric(question: str, index: RubricIndex, exclude: tuple[str, ...] = ()) -> Rubric:
    """A rubric pooled from the closest answered questions: their key points that are about this one.

    Borrowing a neighbour's whole rubric would grade "why does L1 give sparse weights?" as if it were
    "what is regularization?"; keeping only the points close to this question, most relevant first,
    grades the answer on what was asked.
    """
    hits = index.search(question, k=RETRIEVED_RECORDS, filters=_answered_filter(), exclude_ids=exclude)
    target = index.encode([question])[0]
    pool = []
    for hit in hits:
        for reference in _record_references(hit.record, index)[:1]:
            vectors = reference.vectors if reference.vectors is not None else index.encode(reference.key_points)
            for point, vector in zip(reference.key_points, vectors):
                pool.append((float(vector @ target), point, vector, reference.source))
    pool.sort(key=lambda item: -item[0])
    kept = [item for item in pool if item[0] >= POINT_RELEVANCE][:RETRIEVED_POINTS]
    notes = ["No reference answer in the sources; graded against related answers' points about this question."]
    if not kept:
        # Grading against points about other questions would be a guess: say so and show what is close.
        closest = "; ".join(hit.record.question for hit in hits[:3])
        notes = ["No reference answer and no close material in the corpus: this answer cannot be graded reliably."
                 + (f" Closest questions: {closest}" if closest else "")]
        return Rubric(question, [], None, True, notes)
    sources = ", ".join(dict.fromkeys(source for *_, source in kept if source))
    points = [point for _, point, _, _ in kept]
    reference = RubricReference("\n".join(f"- {p}" for p in points), points, f"related material: {sources}",
                                np.stack([vector for _, _, vector, _ in kept]))
    return Rubric(question, [reference], None, True, notes)


def rubric_for_record(record: Record, index: RubricIndex) -> Rubric:
    if record.answered:
        references = _record_references(record, index)
        if references:
            return Rubric(record.question, references, record.id, authored=rubric_for(record.id))
    return retrieved_rubric(record.question, index, exclude=(record.id,))


def rubric_for_text(question: str, reference: str) -> Rubric:
    """A caller-supplied reference (batch grading): key points made the same way the corpus makes them."""
    points = extract_key_points(question, reference)
    if not points and reference.strip():
        points = [" ".join(reference.split())[:300]]
    return Rubric(question, [RubricReference(reference, points, "supplied reference")])


def lookup_rubric(question: str, index: RubricIndex) -> Rubric:
    """A question typed by a user: the corpus record if it is the same question, else retrieval.

    The search ranks by relevance to the question's topic, so the same question can come second to a
    sibling ("What is a validation set?" for "What is a training set?"): the record whose own question
    is closest among the top hits is the one meant, and an exact match always wins.
    """
    hits = index.search(question, k=SAME_QUESTION_CANDIDATES)
    if hits:
        plain = " ".join(question.split()).lower()
        exact = [h.record for h in hits if " ".join(h.record.question.split()).lower() == plain]
        if exact:
            return rubric_for_record(exact[0], index)
        vectors = index.encode([question] + [h.record.question for h in hits])
        similarity = vectors[1:] @ vectors[0]
        best = int(np.argmax(similarity))
        if float(similarity[best]) >= SAME_QUESTION_SIMILARITY:
            return rubric_for_record(hits[best].record, index)
    return retrieved_rubric(question, index)
