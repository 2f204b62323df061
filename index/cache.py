"""Persist the index's vectors, so that opening a built index costs a few file reads, not an encode.

One folder per (corpus content, embedding model): `cache_dir / f"{corpus_hash}-{safe model id}"`,
holding four .npy files and a small manifest. A changed corpus or model gets a new folder, never a
stale one. Anything wrong with a folder (missing or truncated file, bad JSON, wrong shape or count)
is logged as a warning and answered with a rebuild, never with a crash: the cache is disposable.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .documents import DOCUMENTS_VERSION

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
QUESTION_VECTORS = "question_vectors.npy"
ANSWER_VECTORS = "answer_vectors.npy"
KEY_POINT_VECTORS = "key_point_vectors.npy"
KEY_POINT_MAP = "key_point_map.npy"
_STALE_TMP_SECONDS = 3600


@dataclass
class IndexVectors:
    """Everything the index keeps on disk. Rows are unit length, so a dot product is a cosine."""

    questions: np.ndarray  # (n_records, dim) float32, one row per corpus record, in corpus order
    answers: np.ndarray  # (n_records, dim) float32, the model answer (the question when unanswered)
    key_points: np.ndarray  # (n_key_points, dim) float32
    key_point_map: np.ndarray  # (n_key_points, 3) int32: record row, reference number, point number

    @property
    def dim(self) -> int:
        return int(self.questions.shape[1])


class _Unusable(Exception):
    """A cache folder that exists but cannot be trusted."""


def safe_model_id(model_id: str) -> str:
    """A file-name-safe, collision-free form of a model id (which may be a local folder path)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("._-")
    if slug == model_id and len(slug) <= 60:
        return slug
    # Paths and odd names: keep a readable tail, and a hash so two different folders never collide.
    tail = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(model_id).name).strip("._-")[:40] or "model"
    return f"{tail}-{hashlib.sha1(model_id.encode('utf-8')).hexdigest()[:8]}"


def cache_path(cache_dir: Path, corpus_hash: str, model_id: str) -> Path:
    return Path(cache_dir) / f"{corpus_hash}-{safe_model_id(model_id)}"


def read_manifest(path: Path) -> dict | None:
    """The manifest of a cache folder, or None when there is none or it is not valid JSON."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _load_array(path: Path, shape: tuple[int, int], dtype: type) -> np.ndarray:
    try:
        array = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise _Unusable(f"{path.name} is missing") from None
    except (OSError, ValueError, EOFError) as error:
        raise _Unusable(f"{path.name} cannot be read ({error})") from None
    if array.shape != shape:
        raise _Unusable(f"{path.name} has shape {array.shape}, expected {shape}")
    if array.dtype != dtype:
        raise _Unusable(f"{path.name} has dtype {array.dtype}, expected {np.dtype(dtype)}")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise _Unusable(f"{path.name} holds NaN or infinite values")
    return array


def load_vectors(
    path: Path,
    *,
    corpus_hash: str,
    model_id: str,
    expected_map: np.ndarray,
    n_records: int,
    dim: int | None = None,
) -> IndexVectors | None:
    """The cached vectors if the folder matches this corpus and model exactly; None means "build".

    `expected_map` is the key-point mapping the current corpus gives: a cache whose mapping differs
    (the key-point extraction changed under the same corpus hash) is as stale as a wrong hash.
    """
    if not path.exists():
        return None
    try:
        manifest = read_manifest(path)
        if manifest is None:
            raise _Unusable(f"{MANIFEST} is missing or not valid JSON")
        wanted = {
            "format_version": FORMAT_VERSION,
            "documents_version": DOCUMENTS_VERSION,
            "corpus_hash": corpus_hash,
            "model_id": model_id,
            "records": n_records,
            "key_points": len(expected_map),
        }
        for key, value in wanted.items():
            if manifest.get(key) != value:
                raise _Unusable(f"manifest {key} is {manifest.get(key)!r}, expected {value!r}")
        stored_dim = manifest.get("dim")
        if not isinstance(stored_dim, int) or stored_dim <= 0 or (dim and stored_dim != dim):
            raise _Unusable(f"manifest dim is {stored_dim!r}, expected {dim or 'a positive integer'}")
        questions = _load_array(path / QUESTION_VECTORS, (n_records, stored_dim), np.float32)
        answers = _load_array(path / ANSWER_VECTORS, (n_records, stored_dim), np.float32)
        key_points = _load_array(path / KEY_POINT_VECTORS, (len(expected_map), stored_dim), np.float32)
        key_point_map = _load_array(path / KEY_POINT_MAP, (len(expected_map), 3), np.int32)
        if not np.array_equal(key_point_map, expected_map):
            raise _Unusable(f"{KEY_POINT_MAP} does not match the corpus's key points")
    except _Unusable as problem:
        log.warning("Index cache at %s is unusable (%s); rebuilding it.", path, problem)
        return None
    return IndexVectors(questions, answers, key_points, key_point_map)


def save_vectors(path: Path, vectors: IndexVectors, *, corpus_hash: str, model_id: str) -> bool:
    """Write the folder atomically (a temporary sibling, then one rename); False if it could not be.

    A cache that cannot be written (read-only disk, full disk) only costs the next start an encode,
    so it is a warning, not an error.
    """
    manifest = {
        "format_version": FORMAT_VERSION,
        "documents_version": DOCUMENTS_VERSION,
        "corpus_hash": corpus_hash,
        "model_id": model_id,
        "dim": vectors.dim,
        "records": int(vectors.questions.shape[0]),
        "key_points": int(vectors.key_points.shape[0]),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{path.name}-", dir=path.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is no secret
        np.save(tmp / QUESTION_VECTORS, np.ascontiguousarray(vectors.questions, dtype=np.float32))
        np.save(tmp / ANSWER_VECTORS, np.ascontiguousarray(vectors.answers, dtype=np.float32))
        np.save(tmp / KEY_POINT_VECTORS, np.ascontiguousarray(vectors.key_points, dtype=np.float32))
        np.save(tmp / KEY_POINT_MAP, np.ascontiguousarray(vectors.key_point_map, dtype=np.int32))
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if path.exists():  # an unusable folder under the same key: move it out of the way first
            trash = path.with_name(f".old-{path.name}-{os.getpid()}-{time.monotonic_ns()}")
            os.replace(path, trash)
            shutil.rmtree(trash, ignore_errors=True)
        os.replace(tmp, path)
        tmp = None
    except OSError as error:
        log.warning("Could not write the index cache at %s (%s); it will be rebuilt next time.", path, error)
        return False
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return True


def prune(cache_dir: Path, keep: Path, model_id: str) -> list[Path]:
    """Remove this model's folders for other corpus versions, and temporary folders left by a crash.

    Folders of other models are kept: switching models back and forth should not re-encode.
    """
    removed: list[Path] = []
    suffix = f"-{safe_model_id(model_id)}"
    now = time.time()
    try:
        entries = list(Path(cache_dir).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.is_dir() or entry == keep:
            continue
        leftover = entry.name.startswith((".tmp-", ".old-"))
        try:
            if leftover and now - entry.stat().st_mtime < _STALE_TMP_SECONDS:
                continue  # possibly another process writing right now
        except OSError:
            continue
        manifest = None if leftover else read_manifest(entry)
        same_model = entry.name.endswith(suffix) and manifest is not None and manifest.get("model_id") == model_id
        if leftover or same_model:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed
