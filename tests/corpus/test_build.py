"""The built corpus as a whole: reproducible, clean, and every record usable as a rubric."""
from __future__ import annotations

import json

import pytest

from mockinterview.corpus.build import CORPUS_PATH, build_records, dump_jsonl
from mockinterview.corpus.keypoints import looks_like_heading
from mockinterview.corpus.schema import FLAGS, TOPICS
from mockinterview.corpus.stats import corpus_stats
from mockinterview.corpus.store import load_corpus

ARTIFACTS = ("IGNORE_WHEN_COPYING", "content_copy", "Generated python", "Generated code", "Use code with caution")


@pytest.fixture(scope="module")
def records():
    return build_records()


def test_committed_corpus_matches_a_fresh_build(records):
    assert CORPUS_PATH.read_text(encoding="utf-8") == dump_jsonl(records), (
        "corpus/questions.jsonl is stale: run `mockinterview corpus build` and commit it"
    )


def test_build_is_deterministic(records):
    assert dump_jsonl(build_records()) == dump_jsonl(records)


def test_ids_are_unique_and_content_derived(records):
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))
    assert all(len(i) == 12 and int(i, 16) >= 0 for i in ids)


def test_answered_pairs_per_source_match_the_corpus_notes(records):
    by_source = corpus_stats(records)["by_source"]
    expected = {"000": 100, "001": 67, "002": 110, "003": 350, "004": 111}
    for source, entry in by_source.items():
        want = expected[source[:3]]
        assert abs(entry["answered"] - want) <= 0.03 * want, (source, entry)


def test_no_reference_holds_copy_artifacts_or_contents_pages(records):
    for record in records:
        for ref in record.references:
            assert not any(a in ref.text for a in ARTIFACTS), (record.id, ref.location)
            assert "300+ Technical Interview Questions" not in ref.text
            assert "Question " + "1\n" not in ref.text


def test_questions_are_short_and_single_line(records):
    for record in records:
        assert 0 < len(record.question) <= 400, record.id
        assert "\n" not in record.question


def test_every_answered_record_has_checkable_key_points(records):
    for record in records:
        for ref in record.references:
            assert 1 <= len(ref.key_points) <= 8, (record.id, ref.location, len(ref.key_points))
            for point in ref.key_points:
                assert len(point) < 300, (record.id, point)
                # A terse answer ("Hash maps") is its own key point; otherwise no heading may stand as one.
                assert point == " ".join(ref.text.split()) or not looks_like_heading(point), (record.id, point)
                assert not any(a in point for a in ARTIFACTS)
        if not record.references:
            assert "unanswered" in record.flags and record.key_points == []


def test_taxonomy_and_flags_are_closed_sets(records):
    assert {r.topic for r in records} <= set(TOPICS)
    assert {f for r in records for f in r.flags} <= set(FLAGS)
    assert all(r.difficulty_estimated == (r.difficulty is not None and r.difficulty_estimated) for r in records)


def test_near_duplicates_merge_with_every_source_kept(records):
    merged = next(r for r in records if r.question == "What is the bias-variance tradeoff in machine learning?")
    assert {ref.source[:3] for ref in merged.references} == {"000", "001", "002"}
    # Distinct questions that share their words stay apart.
    questions = {r.question for r in records}
    assert "What is polynomial regression?" in questions
    assert "When should you use polynomial regression?" in questions


def test_unanswered_questions_are_kept(records):
    unanswered = [r for r in records if not r.answered]
    assert len(unanswered) >= 70
    assert all(r.sources for r in unanswered)


def test_store_round_trip(records, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(dump_jsonl(records[:5]), encoding="utf-8")
    corpus = load_corpus(path)
    assert [r.id for r in corpus.records] == [r.id for r in records[:5]]
    assert corpus.get(records[0].id) == records[0]
    assert len(corpus.content_hash) == 16


def test_store_reports_a_broken_line(tmp_path):
    from mockinterview.corpus.store import CorpusError

    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="line 1"):
        load_corpus(path)
    with pytest.raises(CorpusError, match="corpus build"):
        load_corpus(tmp_path / "missing.jsonl")


def test_stats_json_shape(records):
    stats = corpus_stats(records)
    assert set(stats) == {"total", "answered", "by_source", "by_topic", "by_difficulty", "by_kind", "flags"}
    assert stats["total"] == len(records)
    assert sum(stats["by_topic"].values()) == len(records)
    assert json.loads(json.dumps(stats)) == stats
