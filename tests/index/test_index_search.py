"""Hybrid, dense and BM25 search, filters, exclusions, query validation and concept search."""
from __future__ import annotations


import numpy as np
import pytest
from pydantic import ValidationError

from mockinterview.index.documents import tokenize
from mockinterview.index.search_types import MAX_QUERY_CHARS, SearchError, SearchFilters, clean_query

ALL_IDS = {"dropout0001", "bagboost001", "kernel00001", "missing0001", "unanswered1", "earlystop01"}


def ids(hits):
    return [hit.record.id for hit in hits]


def test_hybrid_search_ranks_the_matching_record_first(tiny_index):
    hits = tiny_index.search("difference between bagging and boosting", k=3)
    assert ids(hits)[0] == "bagboost001"
    assert hits[0].dense_rank == 1 and hits[0].bm25_rank == 1
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True) and len(hits) == 3
    fusion = tiny_index.fusion
    both_first = fusion.dense_weight / (fusion.rrf_k + 1) + fusion.bm25_weight / (fusion.rrf_k + 1)
    assert hits[0].score == pytest.approx(both_first)


def test_k_larger_than_the_corpus_returns_every_ranked_record(tiny_index):
    assert set(ids(tiny_index.search("training", k=50, mode="dense"))) == ALL_IDS
    assert tiny_index.search("training", k=1, mode="dense")[0].bm25_rank is None  # not run in dense mode


def test_bm25_mode_returns_only_records_sharing_a_word(tiny_index):
    hits = tiny_index.bm25_only("pandas fillna", k=5)
    assert ids(hits) == ["missing0001"] and hits[0].dense_rank is None and hits[0].bm25_rank == 1
    assert tiny_index.bm25_only("zebra quokka", k=5) == []


def test_dense_only_ranks_every_allowed_record(tiny_index):
    hits = tiny_index.dense_only("What is the kernel trick in support vector machines?", k=6)
    assert ids(hits)[0] == "kernel00001" and len(hits) == 6
    assert [hit.dense_rank for hit in hits] == [1, 2, 3, 4, 5, 6]


def test_unknown_mode_and_bad_k_are_search_errors(tiny_index):
    with pytest.raises(SearchError, match="Unknown search mode 'fuzzy'; valid modes: hybrid, dense, bm25"):
        tiny_index.search("dropout", mode="fuzzy")
    for bad in (0, -1, 2.5, True):
        with pytest.raises(SearchError, match="k must be a positive whole number"):
            tiny_index.search("dropout", k=bad)
    with pytest.raises(SearchError, match="filters must be a SearchFilters, not dict"):
        tiny_index.search("dropout", filters={"topics": ["ensembles"]})


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(topics=("ensembles", "data-prep")), {"bagboost001", "missing0001"}),
        (SearchFilters(difficulties=("hard",)), {"kernel00001"}),
        (SearchFilters(kinds=("coding",)), {"missing0001"}),
        (SearchFilters(sources=("002_2c98143ddcf98bf0.txt",)), {"bagboost001", "unanswered1"}),
        (SearchFilters(answered_only=True), ALL_IDS - {"unanswered1"}),
        (SearchFilters(topics=("ml-fundamentals",), difficulties=("medium",)), {"unanswered1"}),
        (SearchFilters(topics=("python",)), set()),
    ],
)
def test_filters_restrict_every_mode(tiny_index, filters, expected):
    for mode in ("hybrid", "dense"):
        assert set(ids(tiny_index.search("training models", k=10, filters=filters, mode=mode))) == expected


def test_unknown_topic_in_filters_lists_the_valid_ones():
    with pytest.raises(ValidationError, match="unknown topic\\(s\\) astrology; valid topics: python, numpy-pandas"):
        SearchFilters(topics=("astrology",))
    with pytest.raises(ValidationError):
        SearchFilters(difficulties=("impossible",))


def test_exclude_ids_removes_records(tiny_index):
    assert "bagboost001" not in ids(tiny_index.search("bagging boosting", k=10, exclude_ids=["bagboost001"]))
    assert "bagboost001" not in ids(tiny_index.search("bagging boosting", k=10, exclude_ids="bagboost001"))
    assert ids(tiny_index.search("bagging", k=10, mode="dense", exclude_ids=ALL_IDS)) == []


@pytest.mark.parametrize("query", ["", "   ", "\n\t ", "\x00\x00", "\x07"])
def test_empty_queries_raise_a_clear_search_error(tiny_index, query):
    with pytest.raises(SearchError, match="The search query is empty: type a few words"):
        tiny_index.search(query)


def test_non_text_query_is_a_search_error(tiny_index):
    with pytest.raises(SearchError, match="must be text, not NoneType"):
        tiny_index.search(None)


def test_control_characters_and_nul_are_treated_as_spaces(tiny_index):
    assert clean_query("kernel\x00trick\x1b\n in\tSVMs") == "kernel trick in SVMs"
    dirty = tiny_index.search("kernel\x00trick\x1b support vector")
    clean = tiny_index.search("kernel trick support vector")
    assert ids(dirty) == ids(clean) and ids(dirty)[0] == "kernel00001"


def test_a_100_kb_query_is_cut_not_fatal(tiny_index):
    query = "dropout neural networks " + "x" * 100_000
    assert len(clean_query(query)) == MAX_QUERY_CHARS
    hits = tiny_index.search(query)
    assert ids(hits)[0] == "dropout0001"


def test_many_distinct_words_are_capped(tiny_index):
    query = " ".join(f"word{n}" for n in range(5000)) + " pandas"
    assert tiny_index.search(query, k=1)  # terms past the cap are ignored, the search still answers


def test_search_concept_matches_key_points_and_skips_records_without_them(tiny_index):
    hits = tiny_index.search_concept("validation loss stops improving", k=10)
    assert ids(hits)[0] == "earlystop01"
    assert "unanswered1" not in ids(tiny_index.search_concept("quality of labels from many annotators", k=10))
    excluded = tiny_index.search_concept("validation loss stops improving", k=10, exclude_ids=("earlystop01",))
    assert "earlystop01" not in ids(excluded)


def test_encode_gives_unit_rows_of_the_index_dimension(tiny_index):
    vectors = tiny_index.encode(["dropout", "bagging and boosting"])
    assert vectors.shape == (2, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), [1.0, 1.0], atol=1e-6)
    assert tiny_index.encode([]).shape == (0, 64)


def test_with_fusion_changes_only_the_fusion(tiny_index):
    from dataclasses import replace

    variant = tiny_index.with_fusion(replace(tiny_index.fusion, bm25_weight=0.0))
    hits = variant.search("bagging boosting", k=1)
    assert hits[0].score == pytest.approx(1.0 / (variant.fusion.rrf_k + 1))
    assert tiny_index.fusion.bm25_weight == 0.5 and variant.vectors is tiny_index.vectors


def test_empty_corpus_searches_to_nothing(corpus_factory, embedder, tmp_path):
    from mockinterview.index.hybrid import CorpusIndex

    index = CorpusIndex.open(corpus_factory([]), embedder, tmp_path)
    assert index.search("anything") == [] and index.search_concept("anything") == []


def test_tokenizer():
    words = tokenize("How do I stop my network memorising the training set?")
    assert words == ["stop", "network", "memoriz", "train", "set"]
    assert tokenize("Normalise colours; normalizing colors") == ["normaliz", "color", "normaliz", "color"]
    assert tokenize("L1 vs L2, C++ and C#, biases/bias") == ["l1", "l2", "c++", "c#", "bias", "bias"]
