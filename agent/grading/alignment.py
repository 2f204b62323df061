"""What the score is made of: how much of a reference an answer says, word by word.

Three plain features ranked real answers better than cosine, and better than the trained judge, on
datasets that nothing was trained or tuned on (leave-one-dataset-out; MODEL_CARD.md has the table):
- word recall: each content word of the reference meets the closest word of the answer, compared by
  their contextual MiniLM vectors (so "sparse" can meet "zeroes out"); the mean similarity says how
  much of the reference the answer says;
- word precision: the same from the answer's side, how much of the answer is about the reference;
- new-word recall: the share of the reference's own content words, other than the question's, that the
  answer uses, a misspelling or two tolerated ("paremeters").
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from mockinterview.corpus.keypoints import content_words
from mockinterview.index.word_vectors import WordVectors

# Words of four letters or more match when this similar (rapidfuzz ratio, 0-100): a slip of the keys.
MISSPELLING_RATIO = 85
MISSPELLING_MIN_LETTERS = 4


def content_rows(words: WordVectors) -> np.ndarray:
    """The vectors of the pieces whose word carries meaning (not a stop word or punctuation)."""
    keep = {word: bool(content_words(word)) for word in set(words.words)}
    mask = np.array([keep[word] for word in words.words], dtype=bool)
    return words.vectors[mask] if len(mask) else words.vectors


def word_alignment(reference: WordVectors, answer: WordVectors) -> tuple[float, float]:
    """(recall, precision): mean best similarity of the reference's content words in the answer, and back."""
    said, heard = content_rows(reference), content_rows(answer)
    if not len(said) or not len(heard):
        return 0.0, 0.0
    # Clipped at 0: an opposite direction means no match, not less than none (the feature is a share).
    similarity = np.clip(said @ heard.T, 0.0, 1.0)
    return float(similarity.max(axis=1).mean()), float(similarity.max(axis=0).mean())


def _matches(word: str, answer_words: set[str]) -> bool:
    if word in answer_words:
        return True
    return len(word) >= MISSPELLING_MIN_LETTERS and process.extractOne(
        word, answer_words, scorer=fuzz.ratio, score_cutoff=MISSPELLING_RATIO) is not None


def new_word_recall(reference: str, answer_words: set[str], question: str) -> float:
    """Share of the reference's content words, less the question's own, that the answer uses."""
    words = set(content_words(reference))
    new = (words - set(content_words(question))) or words  # a reference that only repeats the question
    if not new:
        return 0.0
    return sum(_matches(word, answer_words) for word in new) / len(new)
