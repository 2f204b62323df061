"""Small hand-made corpora and a counting embedder for the index tests."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from mockinterview.corpus.schema import Difficulty, Kind, Record, Reference
from mockinterview.corpus.store import Corpus
from mockinterview.index.embedder import HashingEmbedder


def make_record(
    record_id: str,
    question: str,
    answers: list[list[str]] = (),
    *,
    topic: str = "ml-fundamentals",
    difficulty: str = "easy",
    kind: str = "concept",
    sources: tuple[str, ...] = ("001_84a61acf346dadc2.txt",),
    title: str | None = None,
) -> Record:
    """A record whose references' key points are `answers` (one list of points per reference)."""
    references = [
        Reference(
            source=sources[0],
            line_start=1,
            line_end=2,
            question=question,
            text=" ".join(points),
            key_points=list(points),
        )
        for points in answers
    ]
    return Record(
        id=record_id,
        question=question,
        references=references,
        sources=list(sources),
        topic=topic,
        difficulty=Difficulty(difficulty),
        difficulty_estimated=False,
        kind=Kind(kind),
        key_points=[p for points in answers for p in points],
        title=title,
    )


def make_corpus(records: list[Record]) -> Corpus:
    digest = hashlib.sha256("".join(r.model_dump_json() for r in records).encode()).hexdigest()[:16]
    return Corpus(records=records, content_hash=digest)


TINY = [
    make_record(
        "dropout0001",
        "What is the purpose of dropout in neural networks?",
        [["Dropout randomly zeroes activations during training.", "It reduces co-adaptation and overfitting."]],
        topic="deep-learning",
    ),
    make_record(
        "bagboost001",
        "What is the difference between bagging and boosting?",
        [
            ["Bagging trains models in parallel on bootstrap samples.", "Boosting trains models on errors."],
            ["Bagging reduces variance.", "Boosting reduces bias.", "Random forests are bagging."],
        ],
        topic="ensembles",
        difficulty="medium",
        sources=("003_b0138fb680165b09.txt", "002_2c98143ddcf98bf0.txt"),
    ),
    make_record(
        "kernel00001",
        "What is the kernel trick in support vector machines?",
        [["The kernel trick computes inner products in a feature space without mapping the points."]],
        topic="classical-models",
        difficulty="hard",
        sources=("003_b0138fb680165b09.txt",),
    ),
    make_record(
        "missing0001",
        "How do you handle missing values in a pandas DataFrame?",
        [["Use fillna or dropna.", "Imputation with the median is robust to outliers."]],
        topic="data-prep",
        kind="coding",
        sources=("000_6ff19111a328e836.txt",),
    ),
    make_record(
        "unanswered1",
        "How would you estimate the quality of labels from many annotators?",
        [],
        topic="ml-fundamentals",
        difficulty="medium",
        sources=("002_2c98143ddcf98bf0.txt",),
    ),
    make_record(
        "earlystop01",
        "What is early stopping?",
        [["Stop training when the validation loss stops improving.", "Early stopping is a form of regularization."]],
        title="Early stopping",
        sources=("004_1833474fad8a0caa.txt",),
    ),
]


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, recording how many texts each encode() call received."""

    def __init__(self, dim: int = 64, model_id: str | None = None) -> None:
        super().__init__(dim)
        if model_id:
            self.model_id = model_id
        self.calls: list[int] = []
        self.progress_flags: list[bool] = []

    def encode(self, texts, *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
        self.calls.append(len(texts))
        self.progress_flags.append(progress)
        return super().encode(texts, batch_size=batch_size, progress=progress)


@pytest.fixture
def tiny_corpus() -> Corpus:
    return make_corpus(list(TINY))


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def tiny_index(tiny_corpus, embedder, tmp_path):
    from mockinterview.index.hybrid import CorpusIndex

    return CorpusIndex.open(tiny_corpus, embedder, tmp_path / "cache")


@pytest.fixture
def record_factory():
    return make_record


@pytest.fixture
def corpus_factory():
    return make_corpus


@pytest.fixture
def embedder_factory():
    return CountingEmbedder
