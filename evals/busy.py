"""Grading and search on an idle and on a busy machine (`mockinterview eval busy`): the latency ratio
busy / idle, with torch limited to one intra-op thread (MOCKINTERVIEW_TORCH_THREADS=1, the default) and
with torch's own default (one thread per core).

"Busy" is one process beside this one that keeps a core spinning, as another app process or a build would.
It is killed when the measurement ends (and stops by itself after 10 minutes whatever happens).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np

from .bench_agent import _answers

_BURNER = "import time\nend = time.time() + 600\nwhile time.time() < end:\n    pass\n"


def _p50_ms(seconds: list[float]) -> float:
    return round(float(np.percentile(np.array(seconds) * 1000.0, 50)), 1)


def _measure(services, pairs, queries) -> dict:
    grader, index = services.embedded_grader, services.index
    grades, searches = [], []
    for rubric, answer in pairs:
        started = time.perf_counter()
        grader.grade(rubric, answer)
        grades.append(time.perf_counter() - started)
    for query in queries:
        started = time.perf_counter()
        index.search(query, k=5)
        searches.append(time.perf_counter() - started)
    return {"grade_p50_ms": _p50_ms(grades), "search_p50_ms": _p50_ms(searches)}


def run_busy(services, *, samples: int = 20) -> dict:
    import torch

    from mockinterview.agent.grading.rubric import rubric_for_record

    from .bench import _bench_queries

    index = services.index
    pairs = [(rubric_for_record(record, index), answer) for record, answer in _answers(services, samples)]
    queries = _bench_queries()[:samples]
    services.embedded_grader.grade(*pairs[0])  # warm up
    before = torch.get_num_threads()
    figures = {}
    try:
        for threads in (1, os.cpu_count() or 1):
            torch.set_num_threads(threads)
            idle = _measure(services, pairs, queries)
            burner = subprocess.Popen([sys.executable, "-c", _BURNER])
            try:
                time.sleep(0.5)
                busy = _measure(services, pairs, queries)
            finally:
                burner.kill()
                burner.wait()
            figures[f"torch_threads_{threads}"] = {
                "idle": idle, "busy": busy,
                "grade_busy_over_idle": round(busy["grade_p50_ms"] / idle["grade_p50_ms"], 2),
                "search_busy_over_idle": round(busy["search_p50_ms"] / idle["search_p50_ms"], 2),
            }
    finally:
        torch.set_num_threads(before)
    figures["samples"] = samples
    figures["cpus"] = os.cpu_count()
    return figures
