"""`mockinterview search`, `index build|info`, `eval retrieval` and `bench` through click's test runner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mockinterview.ui.cli import cli


@pytest.fixture
def run(fast_services):
    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), obj=fast_services, catch_exceptions=False)

    return invoke


def test_search_json_has_the_exact_shape_best_first(run, fast_services):
    result = run("search", "what is overfitting", "--k", "3", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    hits = fast_services.index.search("what is overfitting", k=3)
    assert rows == [
        {
            "id": hit.record.id,
            "question": hit.record.question,
            "topic": hit.record.topic,
            "difficulty": hit.record.difficulty.value,
            "score": round(hit.score, 6),
        }
        for hit in hits
    ]
    assert len(rows) == 3 and [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_search_filters_by_repeated_topic_and_difficulty(run, fast_services):
    result = run("search", "model", "--k", "50", "--topic", "ensembles", "--topic", "Deep-Learning",
                 "--difficulty", "easy", "--json")
    rows = json.loads(result.stdout)
    assert rows and {r["topic"] for r in rows} <= {"ensembles", "deep-learning"}
    assert {r["difficulty"] for r in rows} == {"easy"}


def test_search_words_need_no_quotes(run):
    assert json.loads(run("search", "bagging", "and", "boosting", "--json").stdout) == json.loads(
        run("search", "bagging and boosting", "--json").stdout
    )


def test_search_table_lists_the_hits(run, fast_services):
    result = run("search", "gradient descent", "--k", "2")
    top = fast_services.index.search("gradient descent", k=2)[0].record
    assert result.exit_code == 0
    assert "question" in result.stdout and "score" in result.stdout and top.id in result.stdout


def test_unknown_topic_lists_the_valid_ones(run, fast_services):
    result = run("search", "dropout", "--topic", "astrology")
    assert result.exit_code == 1
    valid = ", ".join(fast_services.corpus.topics)
    assert result.output == f"Error: Unknown topic 'astrology'. Valid topics: {valid}.\n"


@pytest.mark.parametrize("query", [(), ("   ",)])
def test_empty_query_is_a_clean_error(run, query):
    result = run("search", *query)
    assert result.exit_code == 1
    assert result.output == 'Error: The search query is empty: type a few words, e.g. mockinterview search "dropout".\n'


def test_control_characters_only_is_a_clean_error(run):
    result = run("search", "\x00\x01")
    assert result.exit_code == 1 and "The search query is empty" in result.output and "Traceback" not in result.output


def test_index_info_then_build_then_build_again(run, fast_services):
    before = json.loads(run("index", "info", "--json").stdout)
    assert before["built"] is False and before["corpus_records"] == len(fast_services.corpus)
    assert "not built for this corpus and model" in run("index", "info").stdout

    first = run("index", "build")
    assert first.exit_code == 0 and first.stdout.startswith("Built in ")
    assert f"{len(fast_services.corpus)} records" in first.stdout and "(hashing-384)" in first.stdout
    second = run("index", "build")
    assert second.stdout.startswith("Loaded from the cache in ")

    after = json.loads(run("index", "info", "--json").stdout)
    assert set(after) == {"model_id", "corpus_hash", "corpus_records", "path", "built", "key_points", "dim",
                          "created", "bytes"}
    assert after["built"] is True and after["dim"] == 384 and after["bytes"] > 0
    assert after["path"] == first.stdout.splitlines()[1].removeprefix("Cache: ")


def test_index_info_reports_a_damaged_cache(run):
    run("index", "build")
    path = json.loads(run("index", "info", "--json").stdout)["path"]
    with open(f"{path}/question_vectors.npy", "r+b") as handle:
        handle.truncate(100)
    assert "the cache is damaged or stale" in run("index", "info").stdout


def test_eval_retrieval_quick_json(run):
    from mockinterview.evals.retrieval.run import load_all_queries

    result = run("eval", "retrieval", "--quick", "--json")
    report = json.loads(result.stdout)
    queries = load_all_queries()
    assert set(report) == {"queries", "splits", "fusion", "metrics", "missing_ids"}
    assert report["queries"] == len(queries)
    assert report["metrics"]["all"]["hybrid"]["n"] == len(queries)
    assert set(report["metrics"]) == {"dev", "test", "heldout", "all"}
    assert set(report["metrics"]["dev"]) == {"bm25", "dense", "hybrid"}


def test_eval_retrieval_table(run):
    lines = run("eval", "retrieval", "--quick").stdout.splitlines()
    assert lines[1].split() == ["split", "method", "n", "R@1", "R@5", "MRR"]
    assert [line.split()[:2] for line in lines[2:14]] == [
        [split, method] for split in ("dev", "test", "heldout", "all") for method in ("bm25", "dense", "hybrid")
    ]


def test_bench_json(run):
    figures = json.loads(run("bench", "--json", "--searches", "5", "--section", "index").stdout)
    assert list(figures) == ["index"]
    assert json.loads(Path("bench.json").read_text()) == figures  # the figures are written as JSON too
    index = figures["index"]
    assert set(index) == {"records", "key_points", "model_id", "build_s", "load_s", "search_p50_ms", "search_p95_ms",
                          "encode_faiss_p50_ms", "encode_faiss_p95_ms", "search_over_bare_p50", "searches"}
    assert index["searches"] == 5 and index["model_id"] == "hashing-384"
    assert index["search_p95_ms"] >= index["search_p50_ms"] > 0


def test_bench_table(run):
    result = run("bench", "--searches", "3", "--section", "index")
    assert result.exit_code == 0 and "search_p50_ms" in result.stdout and "build_s" in result.stdout
