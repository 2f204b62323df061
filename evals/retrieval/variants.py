"""Search variants tried against the shipped hybrid, measured on every split side by side.

Each variant re-ranks with the index's own vectors and BM25 tables (no new model, nothing re-encoded):
- question-field BM25: a third ranked list over the question wordings alone (field weighting);
- dense pseudo-relevance feedback: the query vector moved toward its top 3 records (query expansion
  from the corpus itself);
- question-heavy dense mix: more weight on the question vector than the shipped mix.
A variant would replace the shipped search only if it beat it on the dev split; none did.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from mockinterview.index.documents import question_text, tokenize
from mockinterview.index.lexical import LexicalIndex
from mockinterview.index.search_types import ranks, reciprocal_rank_fusion

DEPTH = 10


class Variants:
    def __init__(self, index) -> None:
        self.index = index
        self.allowed = np.ones(len(index.records), dtype=bool)
        self.ids = [record.id for record in index.records]
        self.question_bm25 = LexicalIndex([
            tokenize("\n".join([question_text(r)] + [ref.question for ref in r.references])) for r in index.records
        ])

    def _lists(self, text: str, dense: np.ndarray) -> list[tuple[np.ndarray, float]]:
        fusion = self.index.fusion
        lexical = self.index._bm25_scores(self.index._bm25, text)
        return [(ranks(dense, self.allowed), fusion.dense_weight),
                (ranks(lexical, self.allowed, positive_only=True), fusion.bm25_weight)]

    def question_field(self, text: str, vector: np.ndarray, weight: float = 0.25) -> np.ndarray:
        terms = list(dict.fromkeys(tokenize(text)))
        field = ranks(self.question_bm25.scores(terms), self.allowed, positive_only=True)
        lists = self._lists(text, self.index.dense_scores(vector)) + [(field, weight)]
        return reciprocal_rank_fusion(lists, self.index.fusion.rrf_k)

    def dense_feedback(self, text: str, vector: np.ndarray, alpha: float = 0.6, k: int = 3) -> np.ndarray:
        top = np.argsort(-self.index.dense_scores(vector))[:k]
        centre = (self.index.vectors.questions[top].mean(0) + self.index._answers[top].mean(0)) / 2
        moved = vector + alpha * centre[None, :]
        moved = (moved / np.linalg.norm(moved)).astype(np.float32)
        return reciprocal_rank_fusion(self._lists(text, self.index.dense_scores(moved)), self.index.fusion.rrf_k)

    def question_heavy(self, text: str, vector: np.ndarray) -> np.ndarray:
        heavy = self.index.with_fusion(replace(self.index.fusion, question_weight=0.4, key_point_weight=0.3,
                                               answer_weight=0.3))
        return reciprocal_rank_fusion(self._lists(text, heavy.dense_scores(vector)), self.index.fusion.rrf_k)

    def methods(self) -> dict:
        return {"hybrid + question-field BM25": self.question_field, "hybrid + dense feedback": self.dense_feedback,
                "hybrid, question-heavy dense": self.question_heavy}

    def first_ranks(self, queries, vectors: np.ndarray) -> dict[str, list[int | None]]:
        result = {}
        for name, method in self.methods().items():
            found = []
            for query, vector in zip(queries, vectors):
                order = np.argsort(-method(query.query, vector[None, :]), kind="stable")[:DEPTH]
                expected = set(query.expected)
                found.append(next((k for k, row in enumerate(order, 1) if self.ids[row] in expected), None))
            result[name] = found
        return result
