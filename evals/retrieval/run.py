"""Retrieval eval: do paraphrased queries find the record they mean, by BM25, dense and hybrid search?

`queries.jsonl` holds hand-written queries worded the way a candidate or interviewer would say them,
each with every record id that answers it. A query counts as found at k when any expected id is in the
top k (recall@k over queries); MRR uses the rank of the first expected id within the top 10.
Fusion settings are chosen on the "dev" split only; "test" is reported, never tuned on.
"""
from __future__ import annotations

from dataclasses import asdict, replace
from itertools import product
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from mockinterview.index.hybrid import CorpusIndex

QUERIES_PATH = Path(__file__).parent / "queries.jsonl"
# Written later, by the same hand in another style (terse, lower case, typed the way a search box gets
# typed), for 50 records drawn at random by topic; never used to choose anything.
HELDOUT_PATH = Path(__file__).parent / "queries_heldout.jsonl"
METHODS: tuple[str, ...] = ("bm25", "dense", "hybrid")
SPLITS: tuple[str, ...] = ("dev", "test", "heldout", "all")
DEPTH = 10  # ranks beyond this count as not found (MRR@10)

# The grid the full run sweeps on the dev split, to show the shipped FusionSettings is a dev optimum.
SWEEP = {
    "rrf_k": (10.0, 30.0, 60.0),
    "bm25_weight": (0.3, 0.5, 0.75, 1.0),
    # (question, key point, answer) weights of the dense score
    "dense_mix": ((0.2, 0.4, 0.4), (0.1, 0.45, 0.45), (0.3, 0.3, 0.4), (0.0, 0.5, 0.5), (0.5, 0.5, 0.0)),
}


class RetrievalQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str
    expected: list[str] = Field(min_length=1, description="Every record id that answers the query")
    note: str = ""
    split: Literal["dev", "test", "heldout"] = "dev"


def load_all_queries() -> list[RetrievalQuery]:
    """The dev and test queries, then the held-out set."""
    return load_queries() + load_queries(HELDOUT_PATH)


def load_queries(path: Path = QUERIES_PATH) -> list[RetrievalQuery]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [RetrievalQuery.model_validate_json(line) for line in lines if line.strip()]


class _MemoEmbedder:
    """Encodes each distinct text once: the sweep re-ranks the same queries many times."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self.model_id = embedder.model_id
        self.dim = embedder.dim
        self._memo: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], *, batch_size: int = 64, progress: bool = False) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            for text, row in zip(missing, self._embedder.encode(missing, batch_size=batch_size)):
                self._memo[text] = row
        return np.stack([self._memo[t] for t in texts])


def _first_rank(index: CorpusIndex, query: RetrievalQuery, method: str) -> tuple[int | None, list[str]]:
    hits = index.search(query.query, k=DEPTH, mode=method)
    got = [hit.record.id for hit in hits]
    expected = set(query.expected)
    rank = next((position for position, record_id in enumerate(got, start=1) if record_id in expected), None)
    return rank, got


def _metrics(ranks: list[int | None]) -> dict:
    n = len(ranks)
    if not n:
        return {"n": 0, "recall@1": 0.0, "recall@5": 0.0, "mrr": 0.0}
    return {
        "n": n,
        "recall@1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "recall@5": round(sum(1 for r in ranks if r is not None and r <= 5) / n, 4),
        "mrr": round(sum(1.0 / r for r in ranks if r is not None) / n, 4),
    }


def _split_metrics(queries: list[RetrievalQuery], ranks: list[int | None]) -> dict:
    return {
        split: _metrics([r for q, r in zip(queries, ranks) if split == "all" or q.split == split]) for split in SPLITS
    }


def sweep_fusion(index: CorpusIndex, queries: list[RetrievalQuery]) -> list[dict]:
    """Hybrid metrics on the dev split for every setting in SWEEP, best first (by recall@5, then MRR)."""
    dev = [q for q in queries if q.split == "dev"]
    memo = _MemoEmbedder(index.embedder)
    results = []
    for rrf_k, bm25_weight, (question, key_point, answer) in product(*SWEEP.values()):
        fusion = replace(
            index.fusion,
            rrf_k=rrf_k,
            bm25_weight=bm25_weight,
            question_weight=question,
            key_point_weight=key_point,
            answer_weight=answer,
        )
        variant = index.with_fusion(fusion, embedder=memo)
        ranks = [_first_rank(variant, q, "hybrid")[0] for q in dev]
        results.append({"fusion": asdict(fusion), **_metrics(ranks)})
    results.sort(key=lambda r: (-r["recall@5"], -r["mrr"], -r["recall@1"]))
    return results


def run_retrieval_eval(index: CorpusIndex, queries: list[RetrievalQuery], quick: bool = False,
                       variants: bool = False) -> dict:
    """recall@1, recall@5 and MRR for bm25, dense and hybrid, per split, in one run.

    quick=True skips the fusion sweep and the list of misses (the metrics are the same); variants=True
    adds the search variants tried (`variants.py`), on every split.
    """
    missing = sorted({i for q in queries for i in q.expected if index.corpus.get(i) is None})
    ranks: dict[str, list[int | None]] = {}
    tops: dict[str, list[list[str]]] = {}
    memo_index = index.with_fusion(index.fusion, embedder=_MemoEmbedder(index.embedder))
    for method in METHODS:
        results = [_first_rank(memo_index, q, method) for q in queries]
        ranks[method] = [rank for rank, _ in results]
        tops[method] = [got for _, got in results]
    report: dict = {
        "queries": len(queries),
        "splits": {split: n for split in SPLITS[:-1] if (n := sum(1 for q in queries if q.split == split))},
        "fusion": asdict(index.fusion),
        "metrics": {
            split: {method: _split_metrics(queries, ranks[method])[split] for method in METHODS} for split in SPLITS
        },
        "missing_ids": missing,
    }
    if not quick:
        report["misses"] = [
            {
                "query": q.query,
                "split": q.split,
                "expected": q.expected,
                "hybrid_rank": rank,
                "top3": [f"{i} {index.corpus.get(i).question[:70]}" for i in got[:3]],
            }
            for q, rank, got in zip(queries, ranks["hybrid"], tops["hybrid"])
            if rank is None or rank > 1
        ]
        report["sweep"] = sweep_fusion(index, queries)[:5]
    if variants:
        from .variants import Variants

        vectors = memo_index.encode([q.query for q in queries])
        variant_ranks = Variants(index).first_ranks(queries, vectors)
        report["variants"] = {name: _split_metrics(queries, found) for name, found in variant_ranks.items()}
    return report


def format_report(report: dict) -> str:
    """A plain-text table of the metrics, for the CLI and for logs."""
    counts = ", ".join(f"{split} {n}" for split, n in report["splits"].items() if n)
    lines = [f"{report['queries']} queries ({counts})"]
    lines.append(f"{'split':7} {'method':7} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    for split in SPLITS:
        if not report["metrics"][split][METHODS[0]]["n"]:
            continue
        for method in METHODS:
            m = report["metrics"][split][method]
            lines.append(f"{split:7} {method:7} {m['n']:4} {m['recall@1']:6.3f} {m['recall@5']:6.3f} {m['mrr']:6.3f}")
    for name, metrics in report.get("variants", {}).items():
        for split, m in metrics.items():
            if m["n"]:
                lines.append(f"{split:7} {name}: R@1 {m['recall@1']:.3f}, R@5 {m['recall@5']:.3f}, MRR {m['mrr']:.3f}")
    if report["missing_ids"]:
        lines.append(f"expected ids not in the corpus: {', '.join(report['missing_ids'])}")
    return "\n".join(lines)

