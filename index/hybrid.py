"""The corpus index: BM25 over each record's words, dense FAISS search over its question, model-answer
and key-point vectors, fused by reciprocal rank.

BM25 catches exact terms a small embedding model blurs ("ROC AUC", "L1"); the dense side catches
paraphrases with no shared word ("stop my network memorising the training set" -> overfitting).
Rank fusion needs no calibration between the two kinds of score, which is why it is used over a sum.
"""
from __future__ import annotations

import copy
import time
from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np

from mockinterview.corpus.schema import Record
from mockinterview.corpus.store import Corpus

from .cache import IndexVectors
from .documents import key_point_text, lexical_text, tokenize
from .embedder import Embedder
from .encoding import load_or_encode, unit_rows
from .lexical import LexicalIndex
from .search_types import (
    MAX_QUERY_TERMS,
    MODES,
    FusionSettings,
    Hit,
    Mode,
    SearchError,
    SearchFilters,
    clean_query,
    ranks,
    reciprocal_rank_fusion,
)
from .word_vectors import WordVectors, words_by_encoding

__all__ = ["CorpusIndex", "FusionSettings", "Hit", "SearchError", "SearchFilters"]


def _flat_ip(vectors: np.ndarray, dim: int) -> faiss.IndexFlatIP:
    index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _bm25(texts: list[str]) -> LexicalIndex:
    return LexicalIndex([tokenize(text) for text in texts])


class CorpusIndex:
    """Search the corpus by question or by concept; built once per corpus and model, then cached."""

    def __init__(
        self,
        corpus: Corpus,
        embedder: Embedder,
        vectors: IndexVectors,
        *,
        path: Path | None = None,
        loaded_from_cache: bool = False,
        seconds: float = 0.0,
        fusion: FusionSettings | None = None,
    ) -> None:
        self.corpus = corpus
        self.embedder = embedder
        self.vectors = vectors
        self.path = path
        self.loaded_from_cache = loaded_from_cache
        self.seconds = seconds  # what open() took: a cache load, or a full build
        self.fusion = fusion or FusionSettings()
        self.records: list[Record] = list(corpus.records)
        self._row = {record.id: row for row, record in enumerate(self.records)}
        self._question_index = _flat_ip(vectors.questions, vectors.dim)
        self._key_point_index = _flat_ip(vectors.key_points, vectors.dim)
        self._answers = vectors.answers.astype(np.float64)
        self._key_point_rows = vectors.key_point_map[:, 0].astype(np.int64)
        self._has_key_points = np.zeros(len(self.records), dtype=bool)
        self._has_key_points[self._key_point_rows] = True
        self._bm25 = _bm25([lexical_text(r) for r in self.records])
        self._concept_bm25 = _bm25([key_point_text(r) for r in self.records])
        # record row -> (first key-point row, row after its last) per reference
        self._reference_slices: list[list[tuple[int, int]]] = []
        start = 0
        for record in self.records:
            slices = []
            for reference in record.references:
                slices.append((start, start + len(reference.key_points)))
                start += len(reference.key_points)
            self._reference_slices.append(slices)

    @classmethod
    def open(
        cls,
        corpus: Corpus,
        embedder: Embedder,
        cache_dir: Path,
        *,
        progress: bool = False,
        rebuild: bool = False,
        fusion: FusionSettings | None = None,
    ) -> CorpusIndex:
        """Load the cached vectors for this corpus and model, or encode and cache them (progress=True
        shows a progress bar while encoding; rebuild=True ignores the cache)."""
        started = time.perf_counter()
        vectors, path, loaded = load_or_encode(corpus, embedder, Path(cache_dir), progress=progress, rebuild=rebuild)
        index = cls(corpus, embedder, vectors, path=path, loaded_from_cache=loaded, fusion=fusion)
        index.seconds = time.perf_counter() - started
        return index

    def with_fusion(self, fusion: FusionSettings, *, embedder: Embedder | None = None) -> CorpusIndex:
        """This index with other fusion settings (and optionally another embedder of the same model, e.g.
        a memoising one), sharing every vector and BM25 table: for evals and sweeps."""
        variant = copy.copy(self)
        variant.fusion = fusion
        variant.embedder = embedder or self.embedder
        return variant

    @property
    def info(self) -> dict:
        return {
            "records": len(self.records),
            "key_points": int(len(self.vectors.key_points)),
            "dim": self.vectors.dim,
            "model_id": self.embedder.model_id,
            "corpus_hash": self.corpus.content_hash,
            "path": str(self.path) if self.path else None,
            "loaded_from_cache": self.loaded_from_cache,
            "seconds": round(self.seconds, 3),
        }

    # ----- vectors for callers --------------------------------------------------------------------

    def encode(self, texts: Iterable[str]) -> np.ndarray:
        """Unit-length rows from the index's embedder (the grader embeds answers with this)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.vectors.dim), dtype=np.float32)
        return unit_rows(self.embedder.encode(texts))

    def encode_words(self, texts: Iterable[str]) -> tuple[np.ndarray, list[WordVectors]]:
        """Sentence rows and per-word-piece rows in one model pass (the grader's word alignment)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.vectors.dim), dtype=np.float32), []
        encode_words = getattr(self.embedder, "encode_words", None)
        if encode_words is None:  # a custom embedder without word vectors
            return words_by_encoding(self.embedder.encode, texts)
        sentences, words = encode_words(texts)
        return unit_rows(sentences), words

    def key_point_vectors(self, record_id: str) -> list[np.ndarray]:
        """One (n_points, dim) matrix per reference of the record, from the cache (no encoding)."""
        row = self._row.get(record_id)
        if row is None:
            raise KeyError(f"No record with id {record_id!r} in the index.")
        return [self.vectors.key_points[start:end] for start, end in self._reference_slices[row]]

    def question_vector(self, record_id: str) -> np.ndarray:
        """The record's question vector, from the cache (no encoding)."""
        row = self._row.get(record_id)
        if row is None:
            raise KeyError(f"No record with id {record_id!r} in the index.")
        return self.vectors.questions[row]

    def answer_vector(self, record_id: str) -> np.ndarray | None:
        """The record's model-answer vector, from the cache; None when the record has no answer."""
        row = self._row.get(record_id)
        if row is None:
            raise KeyError(f"No record with id {record_id!r} in the index.")
        return self.vectors.answers[row] if self.records[row].answered else None

    def nearest_questions(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The bare FAISS lookup over question vectors: what a search costs without BM25 and fusion."""
        return self._question_index.search(np.ascontiguousarray(vector, dtype=np.float32), k)

    # ----- scoring --------------------------------------------------------------------------------

    def _query_vector(self, text: str) -> np.ndarray:
        vector = self.encode([text])
        if vector.shape != (1, self.vectors.dim):
            raise SearchError(
                f"The embedder gives {vector.shape[-1]}-dimensional vectors but the index holds "
                f"{self.vectors.dim}: run `mockinterview index build --rebuild`."
            )
        return vector

    def _question_scores(self, vector: np.ndarray) -> np.ndarray:
        scores = np.full(len(self.records), -1.0)
        if self._question_index.ntotal:
            sims, rows = self._question_index.search(vector, self._question_index.ntotal)
            scores[rows[0]] = sims[0]
        return scores

    def _best_key_point_scores(self, vector: np.ndarray) -> np.ndarray:
        """Each record's best key-point cosine; -1 for records without key points."""
        best = np.full(len(self.records), -1.0)
        if self._key_point_index.ntotal:
            sims, rows = self._key_point_index.search(vector, self._key_point_index.ntotal)
            np.maximum.at(best, self._key_point_rows[rows[0]], sims[0].astype(np.float64))
        return best

    def dense_scores(self, vector: np.ndarray) -> np.ndarray:
        """Per record: weighted cosine to its question, its best key point and its model answer."""
        fusion = self.fusion
        question = self._question_scores(vector)
        key_point = np.where(self._has_key_points, self._best_key_point_scores(vector), question)
        answer = self._answers @ vector[0].astype(np.float64)
        return fusion.question_weight * question + fusion.key_point_weight * key_point + fusion.answer_weight * answer

    def _bm25_scores(self, bm25: LexicalIndex, text: str) -> np.ndarray:
        terms = list(dict.fromkeys(tokenize(text)))[:MAX_QUERY_TERMS]
        return bm25.scores(terms)

    def _allowed(self, filters: SearchFilters | None, exclude_ids: Iterable[str]) -> np.ndarray:
        if isinstance(exclude_ids, str):  # one bare id would otherwise be excluded character by character
            exclude_ids = (exclude_ids,)
        excluded = set(exclude_ids)
        return np.array(
            [record.id not in excluded and (filters is None or filters.allows(record)) for record in self.records],
            dtype=bool,
        )

    # ----- search ---------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilters | None = None,
        exclude_ids: Iterable[str] = (),
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """The k records best matching a free-text query, best first (mode: hybrid, dense or bm25)."""
        return self._ranked(query, k, filters, exclude_ids, mode, concept=False)

    def search_concept(
        self,
        text: str,
        *,
        k: int = 5,
        filters: SearchFilters | None = None,
        exclude_ids: Iterable[str] = (),
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """Records whose key points best match `text` (e.g. a key point the candidate missed), for a
        follow-up on that concept. Only records with key points can match."""
        return self._ranked(text, k, filters, exclude_ids, mode, concept=True)

    def dense_only(self, query: str, **options) -> list[Hit]:
        return self.search(query, mode="dense", **options)

    def bm25_only(self, query: str, **options) -> list[Hit]:
        return self.search(query, mode="bm25", **options)

    def _ranked(self, query, k, filters, exclude_ids, mode, *, concept: bool) -> list[Hit]:
        text = clean_query(query)
        if mode not in MODES:
            raise SearchError(f"Unknown search mode {mode!r}; valid modes: {', '.join(MODES)}.")
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise SearchError(f"k must be a positive whole number, not {k!r}.")
        if filters is not None and not isinstance(filters, SearchFilters):
            raise SearchError(f"filters must be a SearchFilters, not {type(filters).__name__}.")
        n = len(self.records)
        allowed = self._allowed(filters, exclude_ids)
        if concept:
            allowed &= self._has_key_points
        dense = lexical = None
        dense_rank = bm25_rank = np.zeros(n, dtype=np.int64)
        if mode in ("hybrid", "dense") and n:
            vector = self._query_vector(text)
            dense = self._best_key_point_scores(vector) if concept else self.dense_scores(vector)
            dense_rank = ranks(dense, allowed)
        if mode in ("hybrid", "bm25") and n:
            lexical = self._bm25_scores(self._concept_bm25 if concept else self._bm25, text)
            bm25_rank = ranks(lexical, allowed, positive_only=True)
        if mode == "dense":
            scores, candidates = dense, dense_rank > 0
        elif mode == "bm25":
            scores, candidates = lexical, bm25_rank > 0
        else:
            fusion = self.fusion
            scores = reciprocal_rank_fusion(
                [(dense_rank, fusion.dense_weight), (bm25_rank, fusion.bm25_weight)], fusion.rrf_k
            )
            candidates = scores > 0
        if scores is None:  # an empty corpus
            return []
        rows = np.flatnonzero(candidates)
        # Best score first; ties go to the better dense rank, then to corpus order: deterministic.
        tie_break = np.where(dense_rank > 0, dense_rank, n + 1)[rows]
        rows = rows[np.lexsort((rows, tie_break, -scores[rows]))][:k]
        return [
            Hit(
                record=self.records[row],
                score=float(scores[row]),
                dense_rank=int(dense_rank[row]) or None,
                bm25_rank=int(bm25_rank[row]) or None,
            )
            for row in rows
        ]
