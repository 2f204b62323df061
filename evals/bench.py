"""Performance figures: index build and load time, search latency. Each section is a function taking
the Services and returning a flat dict of figures; add a section by adding it to SECTIONS."""
from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from mockinterview.index.hybrid import CorpusIndex

DEFAULT_SEARCHES = 50
_FALLBACK_QUERIES = (
    "how does dropout prevent overfitting",
    "difference between bagging and boosting",
    "what is the kernel trick",
    "handling missing values in a dataframe",
)


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    p50, p95 = np.percentile(np.array(seconds) * 1000.0, [50, 95])
    return round(float(p50), 2), round(float(p95), 2)


def _bench_queries() -> list[str]:
    try:
        from mockinterview.evals.retrieval.run import load_queries

        return [q.query for q in load_queries()] or list(_FALLBACK_QUERIES)
    except (OSError, ValueError):
        return list(_FALLBACK_QUERIES)


def bench_index(services, *, searches: int = DEFAULT_SEARCHES, work_dir: Path | None = None) -> dict:
    """Build into an empty cache (a full encode), load it back, then time `searches` hybrid searches
    against the bare cost of one query encode plus one FAISS search (the floor any search pays)."""
    corpus, embedder = services.corpus, services.embedder
    with tempfile.TemporaryDirectory(prefix="mockinterview-bench-", dir=work_dir) as scratch:
        built = CorpusIndex.open(corpus, embedder, Path(scratch))
        loaded = CorpusIndex.open(corpus, embedder, Path(scratch))
    if not loaded.loaded_from_cache:
        raise RuntimeError("The index was rebuilt instead of loaded: the cache did not round-trip.")
    queries = _bench_queries()
    loaded.search(queries[0])  # warm-up: the first encode pays for lazy initialisation
    search_times, bare_times = [], []
    for number in range(searches):
        query = queries[number % len(queries)]
        started = time.perf_counter()
        loaded.search(query, k=5)
        search_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        vector = loaded.encode([query])
        loaded.nearest_questions(vector, 5)
        bare_times.append(time.perf_counter() - started)
    search_p50, search_p95 = _percentiles(search_times)
    bare_p50, bare_p95 = _percentiles(bare_times)
    return {
        "records": built.info["records"],
        "key_points": built.info["key_points"],
        "model_id": built.info["model_id"],
        "build_s": round(built.seconds, 2),
        "load_s": round(loaded.seconds, 3),
        "search_p50_ms": search_p50,
        "search_p95_ms": search_p95,
        "encode_faiss_p50_ms": bare_p50,
        "encode_faiss_p95_ms": bare_p95,
        "search_over_bare_p50": round(search_p50 / bare_p50, 2) if bare_p50 else None,
        "searches": searches,
    }


def _voice(services) -> dict:
    from mockinterview.evals.voice import bench_voice

    return bench_voice(services)


def _agent_sections() -> dict[str, Callable[..., dict]]:
    from mockinterview.evals import bench_agent

    return {"corpus": bench_agent.bench_corpus, "grading": bench_agent.bench_grading,
            "startup": bench_agent.bench_startup, "voice": _voice, "memory": bench_agent.bench_memory}


# Memory comes last: it reports the peak of everything measured before it.
SECTIONS: dict[str, Callable[..., dict]] = {"index": bench_index, **_agent_sections()}


def run_bench(services, sections: list[str] | None = None, **options) -> dict:
    """{section: figures} for the chosen sections (default: all), in SECTIONS order."""
    chosen = sections or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        raise ValueError(f"Unknown bench section(s) {', '.join(unknown)}; valid: {', '.join(SECTIONS)}.")
    return {name: SECTIONS[name](services, **options.get(name, {})) for name in chosen}
