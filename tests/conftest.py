"""Shared fixtures: a small slice of the real corpus with a fast hashing embedder, and the real model.

The real model's index is built once per machine into .cache/test-index (gitignored) and reused by
every test that needs it, so the suite pays the ~25 s build at most once.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
SHARED_INDEX_CACHE = ROOT / ".cache" / "test-index"
SMALL_TOPICS = ("ml-fundamentals", "ensembles", "evaluation-metrics", "deep-learning")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """No test reads the user's .env, data folder or API key."""
    for name in list(os.environ):
        if name.startswith("MOCKINTERVIEW_") or name == "OPENAI_API_KEY":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def small_corpus_path(tmp_path_factory) -> Path:
    """About 120 real records from four topics, answered and unanswered."""
    from mockinterview.corpus.build import dump_jsonl
    from mockinterview.corpus.store import load_corpus

    records = [r for r in load_corpus().records if r.topic in SMALL_TOPICS]
    path = tmp_path_factory.mktemp("corpus") / "questions.jsonl"
    path.write_text(dump_jsonl(records[:120]), encoding="utf-8")
    return path


def make_services(tmp_path: Path, corpus_path: Path | None = None, embedder=None, **settings):
    from mockinterview.agent.services import Services
    from mockinterview.agent.settings import Settings
    from mockinterview.index.embedder import HashingEmbedder

    config = Settings(
        _env_file=None, corpus_path=corpus_path, cache_dir=tmp_path / "cache", data_dir=tmp_path / "data", **settings
    )
    return Services(settings=config, embedder_override=embedder or HashingEmbedder())


@pytest.fixture
def fast_services(tmp_path, small_corpus_path):
    """The whole app on a small corpus with the hashing embedder: real code, millisecond embeddings."""
    return make_services(tmp_path, small_corpus_path)


@pytest.fixture(scope="session")
def embedded(tmp_path_factory):
    """An embedded grader over the first five corpus records with the hashing embedder: the fallback
    and evidence source for LLM-grader tests, in milliseconds."""
    from mockinterview.agent.grading.embedded import EmbeddedGrader
    from mockinterview.corpus.store import DEFAULT_CORPUS, load_corpus
    from mockinterview.index.embedder import HashingEmbedder
    from mockinterview.index.hybrid import CorpusIndex

    folder = tmp_path_factory.mktemp("tiny-corpus")
    (folder / "questions.jsonl").write_text("\n".join(DEFAULT_CORPUS.read_text().splitlines()[:5]) + "\n")
    index = CorpusIndex.open(load_corpus(folder / "questions.jsonl"), HashingEmbedder(), folder / "cache")
    return EmbeddedGrader(index)


@pytest.fixture(scope="session")
def real_embedder():
    from mockinterview.index.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def real_index(real_embedder):
    from mockinterview.corpus.store import load_corpus
    from mockinterview.index.hybrid import CorpusIndex

    return CorpusIndex.open(load_corpus(), real_embedder, SHARED_INDEX_CACHE)


@pytest.fixture
def real_services(tmp_path, real_embedder, real_index):
    services = make_services(tmp_path, embedder=real_embedder)
    services.settings.cache_dir = SHARED_INDEX_CACHE
    services.__dict__["index"] = real_index  # the session's index, already loaded
    return services


@pytest.fixture(scope="module")
def module_real_services(tmp_path_factory, real_embedder, real_index):
    """Real services (MiniLM, the pair model, the session's index) shared by one test module."""
    services = make_services(tmp_path_factory.mktemp("real-services"), embedder=real_embedder)
    services.settings.cache_dir = SHARED_INDEX_CACHE
    services.__dict__["index"] = real_index
    return services


# -- databases: the storage and interview tests run on SQLite and on a real PostgreSQL ---------------
@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster on 127.0.0.1 for the whole test session (tests/pg_cluster.py)."""
    from tests import pg_cluster as pg

    cluster = pg.start()
    yield cluster
    cluster.stop()


_DATABASES = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'interviews.db'}"
    return request.getfixturevalue("pg_cluster").create_database(f"test_{next(_DATABASES)}")
