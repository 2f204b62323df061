"""Corpus-wide statistics the embedded grader needs, computed once per corpus."""
from __future__ import annotations

from collections import Counter

from mockinterview.corpus.keypoints import content_words
from mockinterview.corpus.schema import Record


def key_point_term_counts(records: list[Record]) -> tuple[Counter, int]:
    """Document frequency of each word over all key points, and the number of key points."""
    counts: Counter = Counter()
    documents = 0
    for record in records:
        for reference in record.references:
            for point in reference.key_points:
                counts.update(set(content_words(point)))
                documents += 1
    return counts, documents
