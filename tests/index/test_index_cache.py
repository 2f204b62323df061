"""Building, persisting, reloading and recovering the index cache."""
from __future__ import annotations

import json
import logging
import time

import numpy as np
import pytest

from mockinterview.index.cache import (
    ANSWER_VECTORS,
    FORMAT_VERSION,
    KEY_POINT_MAP,
    KEY_POINT_VECTORS,
    MANIFEST,
    QUESTION_VECTORS,
    cache_path,
    safe_model_id,
)
from mockinterview.index.documents import answer_text, question_text
from mockinterview.index.hybrid import CorpusIndex

N_RECORDS = 6
N_KEY_POINTS = 2 + 5 + 1 + 2 + 0 + 2  # the TINY corpus, reference by reference


def truncate(path, size: int) -> None:
    path.write_bytes(path.read_bytes()[:size])


def edit_manifest(folder, **changes) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, **changes}))


def open_index(corpus, embedder, cache_dir, **options):
    return CorpusIndex.open(corpus, embedder, cache_dir, **options)


def test_build_writes_one_folder_with_manifest_and_vectors(tiny_corpus, embedder, tmp_path):
    index = open_index(tiny_corpus, embedder, tmp_path)
    folder = tmp_path / f"{tiny_corpus.content_hash}-hashing-64"
    assert index.path == folder and not index.loaded_from_cache
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no temporary folder left behind
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [MANIFEST, QUESTION_VECTORS, ANSWER_VECTORS, KEY_POINT_VECTORS, KEY_POINT_MAP]
    )
    manifest = json.loads((folder / MANIFEST).read_text())
    assert {k: manifest[k] for k in ("format_version", "corpus_hash", "model_id", "dim", "records", "key_points")} == {
        "format_version": FORMAT_VERSION,
        "corpus_hash": tiny_corpus.content_hash,
        "model_id": "hashing-64",
        "dim": 64,
        "records": N_RECORDS,
        "key_points": N_KEY_POINTS,
    }
    assert np.load(folder / QUESTION_VECTORS).shape == (N_RECORDS, 64)
    assert np.load(folder / KEY_POINT_VECTORS).shape == (N_KEY_POINTS, 64)
    # record row, reference number, point number; the unanswered record (row 4) has none
    assert np.load(folder / KEY_POINT_MAP).tolist()[:8] == [
        [0, 0, 0], [0, 0, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1], [1, 1, 2], [2, 0, 0]
    ]
    # everything was encoded in a single call: questions, answers, key points
    assert embedder.calls == [2 * N_RECORDS + N_KEY_POINTS]


def test_reload_encodes_nothing_and_gives_the_same_vectors(tiny_corpus, embedder, tmp_path):
    first = open_index(tiny_corpus, embedder, tmp_path)
    embedder.calls.clear()
    second = open_index(tiny_corpus, embedder, tmp_path)
    assert second.loaded_from_cache and embedder.calls == []
    np.testing.assert_array_equal(second.vectors.questions, first.vectors.questions)
    np.testing.assert_array_equal(second.vectors.key_points, first.vectors.key_points)
    query = "bagging boosting"
    assert [h.record.id for h in second.search(query)] == [h.record.id for h in first.search(query)]


def test_progress_flag_reaches_the_embedder(tiny_corpus, embedder, tmp_path):
    open_index(tiny_corpus, embedder, tmp_path, progress=True)
    assert embedder.progress_flags == [True]


def test_rebuild_flag_ignores_a_sound_cache(tiny_corpus, embedder, tmp_path):
    open_index(tiny_corpus, embedder, tmp_path)
    index = open_index(tiny_corpus, embedder, tmp_path, rebuild=True)
    assert not index.loaded_from_cache and len(embedder.calls) == 2


def test_changed_corpus_uses_a_new_key_and_prunes_the_old_one(tiny_corpus, corpus_factory, embedder, tmp_path):
    old = open_index(tiny_corpus, embedder, tmp_path)
    changed = corpus_factory(tiny_corpus.records[:-1])
    new = open_index(changed, embedder, tmp_path)
    assert not new.loaded_from_cache and new.path != old.path
    assert len(embedder.calls) == 2
    assert [p.name for p in tmp_path.iterdir()] == [new.path.name]  # same model, stale corpus: pruned


def test_changed_model_uses_a_new_key_and_keeps_the_other_model(tiny_corpus, embedder_factory, tmp_path):
    first, other = embedder_factory(), embedder_factory(model_id="other/model")
    a = open_index(tiny_corpus, first, tmp_path)
    b = open_index(tiny_corpus, other, tmp_path)
    assert not b.loaded_from_cache and b.path != a.path and other.calls == [2 * N_RECORDS + N_KEY_POINTS]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([a.path.name, b.path.name])
    assert open_index(tiny_corpus, first, tmp_path).loaded_from_cache and len(first.calls) == 1


def test_same_model_id_with_another_dimension_rebuilds(tiny_corpus, embedder_factory, tmp_path, caplog):
    open_index(tiny_corpus, embedder_factory(dim=64, model_id="m"), tmp_path)
    narrower = embedder_factory(dim=32, model_id="m")
    with caplog.at_level(logging.WARNING, logger="mockinterview.index.cache"):
        index = open_index(tiny_corpus, narrower, tmp_path)
    assert not index.loaded_from_cache and index.vectors.dim == 32 and "manifest dim is 64" in caplog.text


def test_safe_model_id():
    assert safe_model_id("all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"
    folder_id = safe_model_id("/home/me/models/my model")
    assert "/" not in folder_id and " " not in folder_id and folder_id.startswith("my_model-")
    assert safe_model_id("/a/my model") != safe_model_id("/b/my model")  # same name, other folder


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda f: truncate(f / QUESTION_VECTORS, 200), id="truncated-npy"),
        pytest.param(lambda f: (f / MANIFEST).write_text("{not json"), id="garbage-manifest"),
        pytest.param(lambda f: (f / MANIFEST).write_text("[1, 2]"), id="manifest-not-object"),
        pytest.param(lambda f: (f / KEY_POINT_VECTORS).unlink(), id="missing-npy"),
        pytest.param(lambda f: np.save(f / ANSWER_VECTORS, np.zeros((3, 64), np.float32)), id="wrong-shape"),
        pytest.param(lambda f: np.save(f / QUESTION_VECTORS, np.zeros((N_RECORDS, 64), np.float64)), id="wrong-dtype"),
        pytest.param(lambda f: np.save(f / QUESTION_VECTORS, np.full((N_RECORDS, 64), np.nan, np.float32)), id="nan"),
        pytest.param(lambda f: np.save(f / KEY_POINT_MAP, np.zeros((N_KEY_POINTS, 3), np.int32)), id="wrong-mapping"),
        pytest.param(
            lambda f: edit_manifest(f, key_points=3),
            id="wrong-count",
        ),
        pytest.param(
            lambda f: edit_manifest(f, format_version=0),
            id="old-format",
        ),
    ],
)
def test_damaged_cache_logs_a_warning_and_rebuilds(damage, tiny_corpus, embedder, tmp_path, caplog):
    first = open_index(tiny_corpus, embedder, tmp_path)
    damage(first.path)
    with caplog.at_level(logging.WARNING, logger="mockinterview.index.cache"):
        rebuilt = open_index(tiny_corpus, embedder, tmp_path)
    assert not rebuilt.loaded_from_cache and len(embedder.calls) == 2
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "is unusable" in caplog.records[0].getMessage() and "rebuilding it" in caplog.records[0].getMessage()
    again = open_index(tiny_corpus, embedder, tmp_path)  # the rebuild repaired the folder
    assert again.loaded_from_cache and len(embedder.calls) == 2
    assert again.search("dropout")[0].record.id == "dropout0001"


def test_unwritable_cache_warns_and_still_serves(tiny_corpus, embedder, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING, logger="mockinterview.index.cache"):
        index = open_index(tiny_corpus, embedder, blocker / "cache")
    assert "Could not write the index cache" in caplog.text
    assert index.search("kernel trick")[0].record.id == "kernel00001"


def test_leftover_temporary_folders_are_pruned_when_old(tiny_corpus, embedder, tmp_path):
    import os

    stale, fresh = tmp_path / ".tmp-crashed-1", tmp_path / ".tmp-writing-2"
    stale.mkdir(), fresh.mkdir()
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    open_index(tiny_corpus, embedder, tmp_path)
    assert not stale.exists() and fresh.exists()


def test_key_point_vectors_come_from_the_cache_per_reference(tiny_corpus, embedder, tmp_path):
    index = open_index(tiny_corpus, embedder, tmp_path)
    embedder.calls.clear()
    matrices = index.key_point_vectors("bagboost001")
    assert [m.shape for m in matrices] == [(2, 64), (3, 64)] and embedder.calls == []
    expected = embedder.encode(["Bagging reduces variance.", "Boosting reduces bias.", "Random forests are bagging."])
    np.testing.assert_allclose(matrices[1], expected, atol=1e-6)
    assert index.key_point_vectors("unanswered1") == []
    with pytest.raises(KeyError, match="nosuchrecord"):
        index.key_point_vectors("nosuchrecord")


def test_question_and_answer_texts(tiny_corpus):
    early = tiny_corpus.get("earlystop01")
    assert question_text(early) == "What is early stopping?"  # the title adds nothing the question lacks
    retitled = early.model_copy(update={"title": "Halting training"})
    assert question_text(retitled) == "What is early stopping? (Halting training)"
    unanswered = tiny_corpus.get("unanswered1")
    assert answer_text(unanswered) == unanswered.question
    assert answer_text(early).startswith("Stop training when")


def test_the_full_corpus_index_reloads_from_its_cache(tmp_path):
    from mockinterview.corpus.store import load_corpus
    from mockinterview.index.embedder import HashingEmbedder

    corpus = load_corpus()
    open_index(corpus, HashingEmbedder(), tmp_path)
    loaded = open_index(corpus, HashingEmbedder(), tmp_path)
    assert loaded.loaded_from_cache  # load time is a benchmark figure (mockinterview bench), not a test
    assert cache_path(tmp_path, corpus.content_hash, "hashing-384") == loaded.path
