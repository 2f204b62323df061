"""Turn a corpus into index vectors, or find them in the cache: the expensive half of opening an index."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from mockinterview.corpus.schema import Record
from mockinterview.corpus.store import Corpus

from .cache import IndexVectors, cache_path, load_vectors, prune, save_vectors
from .documents import answer_text, key_point_entries, question_text
from .embedder import Embedder

log = logging.getLogger(__name__)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """float32 rows scaled to unit length (zero rows stay zero): dot products become cosines."""
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-D array of embeddings, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def key_point_map(records: list[Record]) -> np.ndarray:
    """(n_key_points, 3) int32: record row, reference number, point number, in key_point_entries order."""
    row_of = {record.id: row for row, record in enumerate(records)}
    entries = key_point_entries(records)
    return np.array([(row_of[e.record_id], e.reference, e.point) for e in entries], dtype=np.int32).reshape(-1, 3)


def encode_corpus(records: list[Record], embedder: Embedder, *, progress: bool = False) -> IndexVectors:
    """Embed every question, model answer and key point in one call (so one progress bar covers it)."""
    entries = key_point_entries(records)
    texts = [question_text(r) for r in records] + [answer_text(r) for r in records] + [e.text for e in entries]
    log.info("Encoding %d records and %d key points with %s", len(records), len(entries), embedder.model_id)
    if texts:
        encoded = unit_rows(embedder.encode(texts, progress=progress))
    else:
        encoded = np.zeros((0, int(getattr(embedder, "dim", 0) or 1)), dtype=np.float32)
    n = len(records)
    return IndexVectors(encoded[:n], encoded[n : 2 * n], encoded[2 * n :], key_point_map(records))


def load_or_encode(
    corpus: Corpus, embedder: Embedder, cache_dir: Path, *, progress: bool = False, rebuild: bool = False
) -> tuple[IndexVectors, Path, bool]:
    """The vectors for this corpus and model (from the cache when it is sound), their cache folder, and
    whether they came from the cache."""
    path = cache_path(cache_dir, corpus.content_hash, embedder.model_id)
    if not rebuild:
        vectors = load_vectors(
            path,
            corpus_hash=corpus.content_hash,
            model_id=embedder.model_id,
            expected_map=key_point_map(corpus.records),
            n_records=len(corpus.records),
            dim=getattr(embedder, "dim", 0) or None,
        )
        if vectors is not None:
            return vectors, path, True
    vectors = encode_corpus(corpus.records, embedder, progress=progress)
    if save_vectors(path, vectors, corpus_hash=corpus.content_hash, model_id=embedder.model_id):
        prune(Path(cache_dir), keep=path, model_id=embedder.model_id)
    return vectors, path, False
