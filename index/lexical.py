"""BM25 scoring with rank_bm25's statistics, vectorised per query term.

rank_bm25 fits the model (idf, document lengths, k1, b) and stays the reference implementation, but
its `get_scores` walks every document in Python for every query term, which made lexical scoring most
of a search's cost. Here each term's postings (documents and counts) are arrays built once, so a
query term costs a few numpy operations. The scores are rank_bm25's own, to the last bit tested.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
from rank_bm25 import BM25Okapi


class LexicalIndex:
    def __init__(self, tokenized: list[list[str]]) -> None:
        self.size = len(tokenized)
        # BM25Okapi divides by the mean document length: an all-empty corpus has no lexical index.
        self.model = BM25Okapi(tokenized) if any(tokenized) else None
        postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        if self.model is not None:
            for row, frequencies in enumerate(self.model.doc_freqs):
                for term, count in frequencies.items():
                    postings[term][0].append(row)
                    postings[term][1].append(count)
            lengths = np.asarray(self.model.doc_len, dtype=np.float64)
            k1, b = self.model.k1, self.model.b
            self._norm = k1 * (1 - b + b * lengths / self.model.avgdl)
        self._postings = {t: (np.array(r), np.array(c, dtype=np.float64)) for t, (r, c) in postings.items()}

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25Okapi.get_scores(terms), computed from the postings of the query's terms only."""
        total = np.zeros(self.size)
        if self.model is None:
            return total
        k1 = self.model.k1
        for term in terms:
            posting = self._postings.get(term)
            if posting is None:
                continue  # a word no document holds adds 0 for every document, as in get_scores
            rows, counts = posting
            idf = self.model.idf.get(term) or 0.0
            total[rows] += idf * counts * (k1 + 1) / (counts + self._norm[rows])
        return total
