"""Judges: P(an answer states a reference or key point), for a batch of (reference, answer) pairs.

Two back-ends behind one method. The trained pair model (pair_model.py) is the default. The cosine
judge maps embedding similarity through a fixed logistic curve: it is what a custom embedding model
or the fast hashing embedder in tests gets, and the baseline the pair model must beat.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np


class Judge(Protocol):
    name: str

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray: ...


class CosineJudge:
    """Embedding cosine through a logistic: half covered at `centre`, `slope` sharp."""

    name = "cosine"

    def __init__(self, encode, *, centre: float = 0.55, slope: float = 10.0) -> None:
        self._encode = encode
        self.centre, self.slope = centre, slope

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        texts = list(dict.fromkeys(t for pair in pairs for t in pair))
        vectors = dict(zip(texts, self._encode(texts)))
        similarity = np.array([float(vectors[a] @ vectors[b]) for a, b in pairs])
        return (1.0 / (1.0 + np.exp(-self.slope * (similarity - self.centre)))).astype(np.float32)


class PairModelJudge:
    name = "pair-model"

    def __init__(self, model) -> None:
        self.model = model

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        return self.model.probabilities(pairs)

    def warm_up(self) -> None:
        self.model.warm_up()


class BatchJudge:
    """One grading batch's view of a judge: pairs fetched together up front, then read from memory."""

    def __init__(self, judge: Judge) -> None:
        self.judge = judge
        self.name = judge.name
        self._memo: dict[tuple[str, str], float] = {}

    def prefetch(self, pairs: list[tuple[str, str]]) -> None:
        missing = [pair for pair in dict.fromkeys(pairs) if pair not in self._memo]
        if missing:
            self._memo.update(zip(missing, (float(p) for p in self.judge.probabilities(missing))))

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        self.prefetch(pairs)
        return np.array([self._memo[pair] for pair in pairs], dtype=np.float32)
