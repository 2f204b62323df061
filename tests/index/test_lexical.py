"""The vectorised BM25 gives rank_bm25's own scores."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mockinterview.corpus.store import load_corpus
from mockinterview.index.documents import lexical_text, tokenize
from mockinterview.index.lexical import LexicalIndex

CORPUS_TOKENS = [tokenize(lexical_text(r)) for r in load_corpus().records]
INDEX = LexicalIndex(CORPUS_TOKENS)
VOCABULARY = sorted({t for doc in CORPUS_TOKENS for t in doc})


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(min_size=1, max_size=8)), min_size=1, max_size=8,
                unique=True))
def test_scores_equal_rank_bm25_get_scores_on_the_corpus(terms):
    assert np.allclose(INDEX.scores(terms), INDEX.model.get_scores(terms), rtol=1e-12, atol=1e-12)


def test_empty_documents_and_unknown_terms():
    assert INDEX.scores(["zzzznotaword"]).tolist() == [0.0] * len(CORPUS_TOKENS)
    empty = LexicalIndex([[], []])
    assert empty.model is None and empty.scores(["anything"]).tolist() == [0.0, 0.0]
