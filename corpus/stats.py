"""Counts over the corpus, for `mockinterview corpus stats`."""
from __future__ import annotations

from collections import Counter

from .schema import Record


def corpus_stats(records: list[Record]) -> dict:
    by_source: dict[str, dict[str, int]] = {}
    for record in records:
        answered_sources = {ref.source for ref in record.references}
        for source in record.sources:
            entry = by_source.setdefault(source, {"questions": 0, "answered": 0})
            entry["questions"] += 1
            entry["answered"] += source in answered_sources

    def counts(values) -> dict[str, int]:
        return dict(sorted(Counter(values).items()))

    return {
        "total": len(records),
        "answered": sum(r.answered for r in records),
        "by_source": dict(sorted(by_source.items())),
        "by_topic": counts(r.topic for r in records),
        "by_difficulty": counts(r.difficulty.value for r in records),
        "by_kind": counts(r.kind.value for r in records),
        "flags": counts(flag for r in records for flag in r.flags),
    }
