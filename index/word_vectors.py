"""Word-level vectors: one contextual vector per word piece of a text, with the word it belongs to.

The grader aligns an answer with a reference word by word (agent/grading/alignment.py); the model
gives these vectors in the same pass that gives the sentence vector, so they cost nothing extra.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WordVectors:
    words: tuple[str, ...]  # per row: the whole word its piece is part of ("l1" for both "l" and "##1")
    vectors: np.ndarray  # (len(words), dim), unit rows

    @classmethod
    def join(cls, parts: list[WordVectors], dim: int) -> WordVectors:
        parts = [part for part in parts if part.words]
        if not parts:
            return cls((), np.zeros((0, dim), dtype=np.float32))
        return cls(tuple(w for part in parts for w in part.words), np.concatenate([part.vectors for part in parts]))


def whole_words(pieces: list[str]) -> list[str]:
    """WordPiece pieces -> for each piece, the word it belongs to (continuations start with "##")."""
    words: list[str] = []
    start = 0
    for position in range(len(pieces) + 1):
        if position == len(pieces) or not pieces[position].startswith("##"):
            if position > start:
                word = pieces[start] + "".join(piece[2:] for piece in pieces[start + 1:position])
                words += [word] * (position - start)
            start = position
    return words


def unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


_WORD = re.compile(r"[A-Za-z0-9]+")


def words_by_encoding(encode, texts: list[str]) -> tuple[np.ndarray, list[WordVectors]]:
    """For an embedder without word vectors: each word embedded on its own (no context, still by meaning)."""
    tokens = [tuple(w.lower() for w in _WORD.findall(text)) for text in texts]
    vocabulary = list(dict.fromkeys(w for words in tokens for w in words))
    table = dict(zip(vocabulary, unit(encode(vocabulary)))) if vocabulary else {}
    sentences = unit(encode(list(texts))) if texts else np.zeros((0, 1), dtype=np.float32)
    dim = sentences.shape[1] if len(sentences) else 1
    return sentences, [WordVectors(words, np.stack([table[w] for w in words]) if words
                                   else np.zeros((0, dim), dtype=np.float32)) for words in tokens]
