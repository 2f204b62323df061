"""The small value types of the search API: filters, hits, errors, fusion settings, query cleaning."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from mockinterview.corpus.schema import TOPICS, Difficulty, Kind, Record

# MiniLM reads at most 256 word pieces and BM25 gains nothing from a page of text: a query is cut here
# (about 300 words) so a pasted 100 KB answer costs the same as a paragraph.
MAX_QUERY_CHARS = 2000
# BM25 scoring costs one pass over the corpus per distinct query term.
MAX_QUERY_TERMS = 64

Mode = Literal["hybrid", "dense", "bm25"]
MODES: tuple[str, ...] = ("hybrid", "dense", "bm25")


class SearchError(ValueError):
    """A query or argument the index cannot search with; the message says what to change."""


class SearchFilters(BaseModel):
    """Restrict a search to matching records. An empty tuple means "any"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topics: tuple[str, ...] = Field(default=(), description="Topic names from the shared taxonomy")
    difficulties: tuple[Difficulty, ...] = ()
    kinds: tuple[Kind, ...] = ()
    sources: tuple[str, ...] = Field(
        default=(), description="Source file names; a record matches if any of its sources is listed"
    )
    answered_only: bool = Field(default=False, description="Only records with a reference answer")

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, topics: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"unknown topic(s) {', '.join(unknown)}; valid topics: {', '.join(TOPICS)}")
        return topics

    def allows(self, record: Record) -> bool:
        return (
            (not self.topics or record.topic in self.topics)
            and (not self.difficulties or record.difficulty in self.difficulties)
            and (not self.kinds or record.kind in self.kinds)
            and (not self.sources or any(source in self.sources for source in record.sources))
            and (not self.answered_only or record.answered)
        )


@dataclass(frozen=True)
class Hit:
    """One search result. `score` is higher-is-better within one call; ranks are 1-based, None when
    that method did not rank the record (no shared word for BM25, or the method was not run)."""

    record: Record
    score: float
    dense_rank: int | None
    bm25_rank: int | None


@dataclass(frozen=True)
class FusionSettings:
    """How the rankings are combined; chosen on the dev split of evals/retrieval (`mockinterview eval
    retrieval` prints the sweep): these values sit in the middle of the plateau of best dev recall@5.

    The dense score of a record is a weighted sum of the query's cosine similarity to its question,
    to its best-matching key point and to its model answer. The question alone is the weakest of the
    three on paraphrased queries (people describe the concept), hence its small weight.
    """

    rrf_k: float = 30.0  # reciprocal rank fusion constant: larger flattens the head of each list
    dense_weight: float = 1.0
    bm25_weight: float = 0.5
    question_weight: float = 0.2
    key_point_weight: float = 0.4
    answer_weight: float = 0.4


def clean_query(query: object) -> str:
    """The query as the index searches it: printable, whitespace-collapsed, at most MAX_QUERY_CHARS."""
    if not isinstance(query, str):
        raise SearchError(f"A search query must be text, not {type(query).__name__}.")
    text = query[: MAX_QUERY_CHARS * 4]  # bound the work below before cutting precisely
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    if not text:
        raise SearchError("The search query is empty: type a few words, e.g. 'how does dropout prevent overfitting'.")
    return text[:MAX_QUERY_CHARS]


def ranks(scores: np.ndarray, allowed: np.ndarray, *, positive_only: bool = False) -> np.ndarray:
    """1-based rank of each allowed row by descending score; 0 for rows that are not ranked."""
    candidates = allowed & (scores > 0) if positive_only else allowed
    rows = np.flatnonzero(candidates)
    order = rows[np.argsort(-scores[rows], kind="stable")]
    result = np.zeros(len(scores), dtype=np.int64)
    result[order] = np.arange(1, len(order) + 1)
    return result


def reciprocal_rank_fusion(rank_lists: list[tuple[np.ndarray, float]], k: float) -> np.ndarray:
    """Sum of weight / (k + rank) over the lists that rank a row; rank 0 (unranked) contributes nothing."""
    fused = np.zeros(len(rank_lists[0][0]), dtype=np.float64)
    for rank, weight in rank_lists:
        ranked = rank > 0
        fused[ranked] += weight / (k + rank[ranked])
    return fused
