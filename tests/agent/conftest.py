"""The agent's tests on both databases: `fast_services` here stores in SQLite and in PostgreSQL."""
from __future__ import annotations

import pytest

from tests.conftest import make_services


@pytest.fixture
def fast_services(tmp_path, small_corpus_path, db_url):
    """The whole app on a small corpus with the hashing embedder, once per database kind."""
    return make_services(tmp_path, small_corpus_path, db_url=db_url)
