"""The bench's index section, on a small corpus with the hashing embedder."""
from __future__ import annotations

import pytest

from mockinterview.evals.bench import SECTIONS, bench_index, run_bench


def test_bench_index_builds_loads_and_times_searches(fast_services, tmp_path):
    figures = bench_index(fast_services, searches=7, work_dir=tmp_path)
    assert figures["records"] == len(fast_services.corpus) and figures["searches"] == 7
    assert figures["build_s"] > 0 and figures["load_s"] > 0
    assert 0 < figures["encode_faiss_p50_ms"] <= figures["encode_faiss_p95_ms"]
    assert figures["search_over_bare_p50"] == round(figures["search_p50_ms"] / figures["encode_faiss_p50_ms"], 2)
    assert list(tmp_path.iterdir()) == []  # the scratch cache is removed


def test_run_bench_sections(fast_services):
    assert list(SECTIONS) == ["index", "corpus", "grading", "startup", "voice", "memory"]
    assert list(run_bench(fast_services, ["index"], index={"searches": 2})) == ["index"]
    with pytest.raises(ValueError, match="Unknown bench section\\(s\\) speed; valid: index, corpus, grading"):
        run_bench(fast_services, ["speed"])


def test_grading_and_memory_sections(fast_services):
    figures = run_bench(fast_services, ["grading", "memory"], grading={"answers": 10})
    grading = figures["grading"]
    assert grading["answers"] == 10 and grading["answer_words"] == "20-300"
    assert grading["grade_p50_ms"] > 0 and grading["encode_p50_ms"] > 0
    assert grading["grade_over_encode_p50"] == round(grading["grade_p50_ms"] / grading["encode_p50_ms"], 2)
    assert figures["memory"]["bench_process_peak_rss_mb"] > 50
