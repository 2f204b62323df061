"""The corpus index: BM25 over each record's words, dense FAISS search over its question and key-point
vectors, fused by reciprocal rank.

BM25 catches exact terms a small embedding model blurs ("ROC AUC", "L1"); the dense side catches
paraphrases with no shared word ("stop my network memorising the training set" -> overfitting).
Rank fusion needs no score calibration between the two, which is why it is used rather than a sum.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np
from rank_bm25 import BM25Okapi

from mockinterview.corpus.schema import Record
from mockinterview.corpus.store import Corpus

from .cache import IndexVectors, cache_path, load_vectors, prune, save_vectors
from .documents import key_point_entries, key_point_text, lexical_text, question_text, tokenize
from .embedder import Embedder
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

__all__ = ["CorpusIndex", "FusionSettings", "Hit", "SearchError", "SearchFilters"]

log = logging.getLogger(__name__)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _flat_ip(vectors: np.ndarray, dim: int) -> faiss.IndexFlatIP:
    index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _lexical_index(texts: list[str]) -> tuple[BM25Okapi | None, bool]:
    tokens = [tokenize(text) for text in texts]
    if not any(tokens):  # BM25Okapi divides by the mean document length
        return None, False
    return BM25Okapi(tokens), True


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
        self.seconds = seconds  # time open() took: a load, or a full build
        self.fusion = fusion or FusionSettings()
        self.records: list[Record] = list(corpus.records)
        self._row = {record.id: row for row, record in enumerate(self.records)}
        self._question_index = _flat_ip(vectors.questions, vectors.dim)
        self._key_point_index = _flat_ip(vectors.key_points, vectors.dim)
        self._key_point_rows = vectors.key_point_map[:, 0].astype(np.int64)
        self._has_key_points = np.zeros(len(self.records), dtype=bool)
        self._has_key_points[self._key_point_rows] = True
        self._bm25, _ = _lexical_index([lexical_text(r) for r in self.records])
        self._concept_bm25, _ = _lexical_index([key_point_text(r) for r in self.records])
        # record row -> (first key-point row, row after last) per reference, for key_point_vectors()
        self._reference_slices: dict[int, list[tuple[int, int]]] = {}
        start = 0
        for record_row, record in enumerate(self.records):
            slices = []
            for reference in record.references:
                slices.append((start, start + len(reference.key_points)))
                start += len(reference.key_points)
            self._reference_slices[record_row] = slices

    # ----- building and loading -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        corpus: Corpus,
        embedder: Embedder,
        cache_dir: Path,
        *,
        progress: bool = False,
        fusion: FusionSettings | None = None,
        rebuild: bool = False,
    ) -> CorpusIndex:
        """Load the cached vectors for this corpus and model, or encode and cache them."""
        started = time.perf_counter()
        path = cache_path(cache_dir, corpus.content_hash, embedder.model_id)
        entries = key_point_entries(corpus.records)
        row_of = {record.id: row for row, record in enumerate(corpus.records)}
        expected_map = np.array(
            [(row_of[e.record_id], e.reference, e.point) for e in entries], dtype=np.int32
        ).reshape(-1, 3)
        vectors = None
        if not rebuild:
            vectors = load_vectors(
                path,
                corpus_hash=corpus.content_hash,
                model_id=embedder.model_id,
                expected_map=expected_map,
                n_records=len(corpus.records),
                dim=getattr(embedder, "dim", 0) or None,
            )
        loaded = vectors is not None
        if vectors is None:
            texts = [question_text(r) for r in corpus.records] + [e.text for e in entries]
            log.info("Encoding %d questions and %d key points with %s", len(corpus.records), len(entries), embedder.model_id)
            encoded = _unit_rows(embedder.encode(texts, progress=progress)) if texts else None
            dim = encoded.shape[1] if encoded is not None else int(getattr(embedder, "dim", 0) or 1)
            if encoded is None:
                encoded = np.zeros((0, dim), dtype=np.float32)
            n = len(corpus.records)
            vectors = IndexVectors(encoded[:n], encoded[n:], expected_map)
            if save_vectors(path, vectors, corpus_hash=corpus.content_hash, model_id=embedder.model_id):
                prune(Path(cache_dir), keep=path, model_id=embedder.model_id)
        seconds = time.perf_counter() - started
        return cls(corpus, embedder, vectors, path=path, loaded_from_cache=loaded, seconds=seconds, fusion=fusion)

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
        return _unit_rows(self.embedder.encode(list(texts)))

    def key_point_vectors(self, record_id: str) -> list[np.ndarray]:
        """One (n_points, dim) matrix per reference of the record, from the cache (no encoding)."""
        row = self._row.get(record_id)
        if row is None:
            raise KeyError(f"No record with id {record_id!r} in the index.")
        return [self.vectors.key_points[start:end] for start, end in self._reference_slices[row]]

    # ----- search ---------------------------------------------------------------------------------

    def _allowed(self, filters: SearchFilters | None, exclude_ids: Iterable[str]) -> np.ndarray:
        if isinstance(exclude_ids, str):  # one id passed bare would otherwise exclude by character
            exclude_ids = (exclude_ids,)
        excluded = set(exclude_ids)
        return np.array(
            [record.id not in excluded and (filters is None or filters.allows(record)) for record in self.records],
            dtype=bool,
        )

    def _query_vector(self, text: str) -> np.ndarray:
        vector = self.encode([text])
        if vector.shape != (1, self.vectors.dim):
            raise SearchError(
                f"The embedder gives {vector.shape[-1]}-dimensional vectors but the index holds "
                f"{self.vectors.dim}: run `mockinterview index build --rebuild`."
            )
        return vector

    def _question_scores(self, vector: np.ndarray) -> np.ndarray:
        scores = np.full(len(self.records), -1.0, dtype=np.float64)
        if self._question_index.ntotal:
            sims, rows = self._question_index.search(vector, self._question_index.ntotal)
            scores[rows[0]] = sims[0]
        return scores

    def _best_key_point_scores(self, vector: np.ndarray) -> np.ndarray:
        """Each record's best key-point similarity; -1 for records without key points."""
        best = np.full(len(self.records), -1.0, dtype=np.float64)
        if self._key_point_index.ntotal:
            sims, rows = self._key_point_index.search(vector, self._key_point_index.ntotal)
            np.maximum.at(best, self._key_point_rows[rows[0]], sims[0].astype(np.float64))
        return best

    def dense_scores(self, vector: np.ndarray) -> np.ndarray:
        question = self._question_scores(vector)
        key_point = np.where(self._has_key_points, self._best_key_point_scores(vector), question)
        weight = self.fusion.key_point_weight
        return (1.0 - weight) * question + weight * key_point

    @staticmethod
    def _bm25_scores(bm25: BM25Okapi | None, text: str, n: int) -> np.ndarray:
        terms = list(dict.fromkeys(tokenize(text)))[:MAX_QUERY_TERMS]
        if bm25 is None or not terms:
            return np.zeros(n, dtype=np.float64)
        return np.asarray(bm25.get_scores(terms), dtype=np.float64)

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilters | None = None,
        exclude_ids: Iterable[str] = (),
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """The k records best matching a free-text query, best first."""
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
        """Records whose key points best match `text` (a missed key point): a follow-up on that concept.

        Only records with key points can match; the dense side ranks by each record's best key point.
        """
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
            raise SearchError("filters must be a SearchFilters.")
        allowed = self._allowed(filters, exclude_ids)
        if concept:
            allowed &= self._has_key_points
        n = len(self.records)
        dense = lexical = None
        dense_rank = bm25_rank = np.zeros(n, dtype=np.int64)
        if mode in ("hybrid", "dense") and n:
            vector = self._query_vector(text)
            dense = self._best_key_point_scores(vector) if concept else self.dense_scores(vector)
            dense_rank = ranks(dense, allowed)
        if mode in ("hybrid", "bm25") and n:
            lexical = self._bm25_scores(self._concept_bm25 if concept else self._bm25, text, n)
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
        if scores is None:
            return []
        rows = np.flatnonzero(candidates)
        # Best score first; ties (rare) go to the better dense rank, then corpus order: deterministic.
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
