"""A shared deployment's database, on SQLite and on a real PostgreSQL: migrations, owners, no lost or
overwritten writes, and errors that say what is wrong."""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from mockinterview.agent.db_errors import ConflictError, StorageError
from mockinterview.agent.interview.commands import Command
from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.agent.mastery import record_review, topic_mastery
from mockinterview.agent.storage import Store, TurnRow

OLD_SCHEMA = Path(__file__).parent / "data" / "schema_before_migrations.sql"


def turn(session_id: str, seq: int, **values) -> TurnRow:
    return TurnRow(session_id=session_id, seq=seq, record_id=f"r{seq}", question="q", topic="t",
                   difficulty="easy", role="main", **values)


def run_threads(target, count: int) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(n: int) -> None:
        try:
            target(n)
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


# -- migrations -------------------------------------------------------------------------------------
def test_a_new_database_is_at_the_newest_revision(db_url):
    from mockinterview.agent import db_migrate

    store = Store(db_url)
    with store.engine.connect() as connection:
        assert db_migrate.current(connection) == db_migrate.head()
        columns = {c["name"] for c in inspect(connection).get_columns("sessions")}
    assert {"owner", "version"} <= columns
    Store(db_url)  # opening it again changes nothing


def test_processes_opening_a_new_database_together_upgrade_it_in_turn(tmp_path):
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'interviews.db'}"
    code = f"from mockinterview.agent.storage import Store; Store({url!r}).create_session({{}})"
    opened = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in opened]
    assert [p.returncode for p in opened] == [0, 0, 0, 0], errors
    assert len(Store(url).list_sessions()) == 4


def test_a_database_from_before_migrations_upgrades_in_place(tmp_path):
    path = tmp_path / "interviews.db"
    old = sqlite3.connect(path)
    old.executescript(OLD_SCHEMA.read_text())
    old.execute("INSERT INTO sessions VALUES ('s1', '2026-01-01 10:00:00', '2026-01-01 10:00:00', 'active', '{}', NULL)")
    # Two tabs wrote seq 2 twice before the constraint existed: renumbered in the order written.
    for turn_id, seq, parent in ((1, 1, None), (2, 2, 1), (3, 2, 1), (4, 3, None)):
        old.execute("INSERT INTO turns (id, session_id, seq, record_id, question, topic, difficulty, role, parent_seq,"
                    " outcome, hints, asked_at) VALUES (?, 's1', ?, 'r', 'q', 't', 'easy', 'main', ?, 'graded', 0,"
                    " '2026-01-01 10:00:00')", (turn_id, seq, parent))
    old.execute("INSERT INTO exchanges (session_id, turn_seq, after_close, role, kind, text, created_at) VALUES "
                "('s1', 3, 0, 'candidate', 'request', 'hint please', '2026-01-01 10:00:00')")
    old.execute("INSERT INTO mastery VALUES ('r', 't', 2, '{}', '2026-01-02 00:00:00', 4.0, 5.0, '2026-01-01 10:00:00')")
    old.commit()
    old.close()

    store = Store(f"sqlite:///{path}")
    assert [t.seq for t in store.turns("s1")] == [1, 2, 3, 4]
    assert [t.id for t in store.turns("s1")] == [1, 2, 3, 4]
    assert [e.turn_seq for e in store.exchanges("s1")] == [4]  # it followed the turn it was about
    assert store.get_session("s1").owner == "local"
    assert [(m.owner, m.record_id, m.reviews) for m in store.mastery()] == [("local", "r", 2)]
    with pytest.raises(ConflictError):
        store.add_turn(turn("s1", 4))


def test_a_database_without_the_exchanges_table_gains_it(tmp_path):
    path = tmp_path / "interviews.db"
    old = sqlite3.connect(path)
    old.executescript(OLD_SCHEMA.read_text().replace("CREATE TABLE exchanges", "CREATE TABLE unused")
                      .replace("ix_exchanges_session_id ON exchanges", "ix_unused ON unused"))
    old.close()
    store = Store(f"sqlite:///{path}")
    session_id = store.create_session({})
    assert store.exchanges(session_id) == []


# -- no overwritten, duplicated or lost writes ------------------------------------------------------
def test_one_turn_per_session_and_seq(db_url):
    store = Store(db_url)
    session_id = store.create_session({})
    store.add_turn(turn(session_id, 1))
    with pytest.raises(ConflictError, match="changed in another tab"):
        store.add_turn(turn(session_id, 1))
    assert len(store.turns(session_id)) == 1


def test_a_second_tab_is_refused_instead_of_overwriting(fast_services):
    deps = fast_services.interview_deps()
    first, _ = InterviewSession.start(deps, InterviewConfig(questions=3, followups=0, topics=["ensembles"], seed=1))
    second, _ = InterviewSession.resume(deps, first.id)  # the same interview open in another tab
    first.submit("Bagging trains models on bootstrap samples and averages them to reduce variance.")
    with pytest.raises(ConflictError, match="changed in another tab"):
        second.submit("Boosting fits models one after another on the errors of the previous ones.")
    turns = fast_services.store.turns(first.id)
    assert [t.seq for t in turns] == [1, 2] and turns[0].answer_text.startswith("Bagging")
    reloaded, _ = InterviewSession.resume(deps, first.id)  # after a reload the second tab goes on
    assert reloaded.submit("skip")[-1].kind == "question"


def test_two_tabs_answering_at_once_leave_one_answer_per_question(fast_services):
    deps = fast_services.interview_deps()
    session, _ = InterviewSession.start(deps, InterviewConfig(questions=3, followups=0, topics=["ensembles"], seed=2))
    tabs = [InterviewSession.resume(deps, session.id)[0] for _ in range(4)]
    errors = run_threads(lambda n: tabs[n].submit(f"Answer from tab {n}: bagging averages bootstrap models."), 4)
    assert len(errors) == 3 and all(isinstance(e, ConflictError) for e in errors), errors
    turns = fast_services.store.turns(session.id)
    assert [t.seq for t in turns] == [1, 2]
    assert turns[0].outcome == "graded" and turns[1].outcome == "pending"


def test_concurrent_reviews_of_one_question_are_all_counted(db_url):
    store = Store(db_url)
    errors = run_threads(lambda n: [record_review(Store(db_url) if n % 2 else store, "q1", "ensembles", 5.0 + n % 3)
                                    for _ in range(10)], 6)
    assert errors == []
    (row,) = store.mastery()
    assert row.reviews == 60


def test_a_button_pressed_for_a_closed_question_does_nothing(fast_services):
    session, _ = InterviewSession.start(fast_services.interview_deps(),
                                        InterviewConfig(questions=3, followups=0, topics=["ensembles"], seed=3))
    pressed_for = session.current.id
    session.act(Command.skip, turn_id=pressed_for)  # the first press skips question 1 ...
    second = session.current
    replies = session.act(Command.skip, turn_id=pressed_for)  # ... a late second press must not skip question 2
    assert [m.kind for m in replies] == ["notice"] and "closed since" in replies[0].text
    assert session.current is second and second.outcome == "pending"
    typed = session.submit("my answer to question one", turn_id=pressed_for)
    assert "Not sent" in typed[0].text and "my answer to question one" in typed[0].text
    assert session.submit("skip", turn_id=second.id)[-1].kind == "question"


# -- owners ---------------------------------------------------------------------------------------
def test_each_user_sees_only_their_own_data(fast_services):
    alice_deps = fast_services.interview_deps(owner="alice@example.org")
    bob_deps = fast_services.interview_deps(owner="bob@example.org")
    alice, _ = InterviewSession.start(alice_deps, InterviewConfig(questions=1, followups=0, topics=["ensembles"]))
    alice.submit("Bagging trains models on bootstrap samples and averages them to reduce variance.")
    alice_store, bob_store = alice_deps.store, bob_deps.store
    local = fast_services.store

    assert [row.id for row, _ in alice_store.list_sessions()] == [alice.id]
    for other in (bob_store, local):
        assert other.list_sessions() == [] and other.get_session(alice.id) is None
        assert other.find_sessions(alice.id[:4]) == [] and other.turns(alice.id) == []
        assert other.exchanges(alice.id) == [] and other.all_graded_turns() == [] and other.mastery() == []
        with pytest.raises(KeyError):
            InterviewSession.resume(replace(bob_deps, store=other), alice.id)
        with pytest.raises(StorageError):
            other.update_turn(alice.turns[0].id, answer_text="overwritten by someone else")
        assert other.delete_session(alice.id) is False
        assert other.delete_everything()["sessions"] == 0
    assert topic_mastery(alice_store) and topic_mastery(bob_store) == {}
    assert alice_store.turns(alice.id)[0].answer_text.startswith("Bagging")


def test_deleting_a_users_data_leaves_the_others(db_url):
    alice, bob = Store(db_url, owner="alice"), Store(db_url, owner="bob")
    kept = bob.create_session({})
    bob.add_turn(turn(kept, 1))
    record_review(bob, "q1", "ensembles", 6.0)
    first, second = alice.create_session({}), alice.create_session({})
    alice.add_turn(turn(first, 1))
    record_review(alice, "q1", "ensembles", 3.0)
    assert alice.delete_session(first) is True and alice.turns(first) == []
    assert [row.id for row, _ in alice.list_sessions()] == [second]
    assert alice.delete_everything() == {"exchanges": 0, "turns": 0, "sessions": 1, "mastery": 1}
    assert [row.id for row, _ in bob.list_sessions()] == [kept] and len(bob.mastery()) == 1


# -- text from anywhere is stored cleaned -----------------------------------------------------------
def test_nul_and_control_characters_are_cleaned_before_storing(db_url):
    store = Store(db_url)
    session_id = store.create_session({})
    store.add_turn(turn(session_id, 1, lead_in="You missed\x00 this:\x07"))
    store.update_turn(store.turns(session_id)[0].id, question="What is\x00 bagging?\x1b", answer_text="a\x00b\tc\nd")
    (saved,) = store.turns(session_id)
    assert (saved.question, saved.lead_in, saved.answer_text) == ("What is bagging?", "You missed this:", "ab\tc\nd")


def test_an_llm_follow_up_with_a_nul_byte_is_stored_clean(fast_services):
    from mockinterview.agent.grading.llm import LLMGrader, ScriptedChatModel

    model = ScriptedChatModel().enqueue("Good.\x00 Now, how does boosting\x07 differ?")
    grader = LLMGrader(fast_services.embedded_grader, lambda: model, model="scripted")
    from langchain_core.messages import HumanMessage

    assert grader.ask_text([HumanMessage(content="Word a probe.")]) == "Good. Now, how does boosting differ?"


# -- errors that say what is wrong ------------------------------------------------------------------
def test_a_server_that_is_down_is_named_with_the_cause():
    from tests.pg_cluster import free_port

    port = free_port()  # nothing listens there
    with pytest.raises(StorageError, match=rf"Cannot connect to the postgresql server 127.0.0.1:{port}.*refused"):
        Store(f"postgresql://someone:secret@127.0.0.1:{port}/mockinterview")


def test_a_missing_database_and_an_unknown_user_are_named(pg_cluster):
    with pytest.raises(StorageError, match="has no database 'nosuchdb'.*createdb nosuchdb"):
        Store(pg_cluster.database_url("nosuchdb"))
    with pytest.raises(StorageError, match="has no user 'nobody_here': authentication failed") as caught:
        Store(f"postgresql://nobody_here:hunter2@127.0.0.1:{pg_cluster.port}/postgres")
    assert "hunter2" not in str(caught.value)


def test_a_missing_driver_says_which_extra_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StorageError, match=r"driver \(psycopg 3\) is not installed: pip install 'mockinterview\[postgres\]'"):
        Store("postgresql://user@127.0.0.1:1/db")


def test_a_corrupted_sqlite_file_says_how_to_move_it_aside(tmp_path):
    path = tmp_path / "interviews.db"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StorageError, match=rf"damaged.*mv {path} {path}.broken"):
        Store(f"sqlite:///{path}")


def _read_only(folder: Path, on: bool) -> None:
    """A folder nobody can create files in: root ignores permission bits, so it gets the immutable flag."""
    import os
    import subprocess

    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if on else "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555 if on else 0o755)


def test_history_and_export_work_in_a_read_only_folder(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from mockinterview.ui.cli import cli

    folder = tmp_path / "data"
    store = Store(f"sqlite:///{folder / 'interviews.db'}")
    session_id = store.create_session({"questions": 2})
    store.add_turn(turn(session_id, 1, answer_text="kept", outcome="graded", score=7.0))
    store.engine.dispose()
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(folder))
    _read_only(folder, True)
    try:
        with pytest.raises(StorageError):  # writing is impossible there ...
            Store(f"sqlite:///{folder / 'interviews.db'}").create_session({})
        runner = CliRunner()
        listed = runner.invoke(cli, ["history", "--json"], catch_exceptions=False)
        assert listed.exit_code == 0, listed.output
        assert [e["id"] for e in json.loads(listed.output)] == [session_id]  # ... reading works
        exported = runner.invoke(cli, ["export", session_id, "--format", "json"], catch_exceptions=False)
        assert exported.exit_code == 0, exported.output
        assert json.loads(exported.output)["transcript"][0]["answer"] == "kept"
        assert sorted(p.name for p in folder.iterdir()) == ["interviews.db"]  # nothing written beside it
    finally:
        _read_only(folder, False)


def test_a_postgres_restart_mid_interview_loses_nothing(pg_cluster, tmp_path, small_corpus_path):
    from tests.conftest import make_services

    services = make_services(tmp_path, small_corpus_path, db_url=pg_cluster.create_database("restart"))
    session, _ = InterviewSession.start(services.interview_deps(),
                                        InterviewConfig(questions=2, followups=0, topics=["ensembles"], seed=4))
    session.submit("skip")
    pg_cluster.restart()
    assert session.submit("skip")[-1].kind == "report"
    with services.store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM turns")).scalar() == 2


def test_a_full_disk_is_named_and_what_was_saved_stays(tmp_path):
    from sqlalchemy import event

    store = Store(f"sqlite:///{tmp_path / 'interviews.db'}")
    session_id = store.create_session({})
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()
    # SQLite's own "database or disk is full", without filling a real disk: no page may be added.
    event.listen(store.engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count={pages}"))
    with pytest.raises(StorageError, match="is full: free some space"):
        store.add_turn(turn(session_id, 1, answer_text="x" * 200_000))
    assert store.get_session(session_id) is not None and store.turns(session_id) == []
