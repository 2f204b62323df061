"""Persistence and spaced repetition: nothing lost, clear errors, weak answers come back sooner."""
from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest

from mockinterview.agent.mastery import due_records, practice_queue, record_review, topic_mastery
from mockinterview.agent.storage import Store, StorageError, TurnRow, utcnow


def sqlite_url(path) -> str:
    return f"sqlite:///{path}"


def test_missing_folder_is_created_and_wal_is_on(tmp_path):
    store = Store(sqlite_url(tmp_path / "new" / "deeper" / "db.sqlite"))
    store.create_session({"questions": 1})
    mode = sqlite3.connect(tmp_path / "new" / "deeper" / "db.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_concurrent_writers_lose_nothing(tmp_path):
    url = sqlite_url(tmp_path / "db.sqlite")
    store = Store(url)
    session_id = store.create_session({})
    errors = []

    def writer(worker: int) -> None:
        own = Store(url)  # one engine per writer, as separate app processes would have
        try:
            for n in range(25):
                own.add_turn(TurnRow(session_id=session_id, seq=worker * 100 + n, record_id=f"r{worker}-{n}",
                                     question="q", topic="t", difficulty="easy", role="main"))
        except Exception as error:  # collected: the assertion below reports it
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.turns(session_id)) == 100


def test_read_only_database_via_uri_gives_a_clear_message(tmp_path):
    path = tmp_path / "db.sqlite"
    Store(sqlite_url(path)).create_session({})
    store = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StorageError, match="read-only"):
        store.create_session({})


def test_locked_database_gives_a_clear_message(tmp_path):
    path = tmp_path / "db.sqlite"
    store = Store(sqlite_url(path))
    blocker = sqlite3.connect(path)
    blocker.execute("BEGIN EXCLUSIVE")  # another program holds the write lock past the busy timeout
    try:
        with pytest.raises(StorageError, match="locked by another program"):
            store.create_session({})
    finally:
        blocker.rollback()
        blocker.close()
    store.create_session({})  # and once the lock is gone, writing works again


def test_unwritable_folder_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="Cannot create the data folder"):
        Store(sqlite_url(blocker / "sub" / "db.sqlite"))


def test_weak_answers_are_due_sooner_than_strong_ones(tmp_path):
    store = Store(sqlite_url(tmp_path / "db.sqlite"))
    now = utcnow()
    weak = record_review(store, "weak", "ensembles", 1.0, when=now)
    strong = record_review(store, "strong", "ensembles", 9.5, when=now)
    assert weak.due_at < strong.due_at
    assert [r.record_id for r in due_records(store, now + timedelta(hours=1))] == ["weak"]
    assert practice_queue(store, now)[0] == "weak"
    assert topic_mastery(store) == {"ensembles": 5.25}
    again = record_review(store, "weak", "ensembles", 5.0, when=now + timedelta(hours=1))
    assert again.reviews == 2 and again.mean_score == 3.0
