"""`mockinterview data`: where the data is, an export of all of it, and deleting it with confirmation."""
from __future__ import annotations

import json

from click.testing import CliRunner

from mockinterview.agent.mastery import record_review
from mockinterview.agent.storage import Store, TurnRow
from mockinterview.ui.cli import cli


def _filled(tmp_path, monkeypatch) -> tuple[Store, list[str]]:
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    store = Store(f"sqlite:///{tmp_path / 'data' / 'interviews.db'}")
    ids = [store.create_session({"questions": 1}) for _ in range(2)]
    store.add_turn(TurnRow(session_id=ids[0], seq=1, record_id="r1", question="What is bagging?", topic="ensembles",
                           difficulty="easy", role="main", answer_text="Bootstrap and average.", outcome="graded",
                           score=6.0))
    record_review(store, "r1", "ensembles", 6.0)
    Store(store.url, owner="someone-else").create_session({})  # another user's interview: never shown nor deleted
    return store, ids


def test_data_path_names_the_database_and_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(cli, ["data", "path"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"database:    {tmp_path / 'data' / 'interviews.db'}"
    assert result.output.splitlines()[1] == f"data folder: {tmp_path / 'data'}"


def test_data_export_holds_every_interview_and_mastery(tmp_path, monkeypatch):
    _, ids = _filled(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["data", "export"], catch_exceptions=False)
    exported = json.loads(result.output)
    assert exported["format"] == "mockinterview-export/1" and exported["owner"] == "local"
    assert sorted(s["id"] for s in exported["sessions"]) == sorted(ids)
    answered = next(s for s in exported["sessions"] if s["id"] == ids[0])
    assert answered["turns"][0]["answer"] == "Bootstrap and average."
    assert [(m["record_id"], m["reviews"]) for m in exported["mastery"]] == [("r1", 1)]


def test_data_delete_asks_first_and_deletes_one_or_all(tmp_path, monkeypatch):
    store, ids = _filled(tmp_path, monkeypatch)
    runner = CliRunner()
    refused = runner.invoke(cli, ["data", "delete", ids[0]], input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output and len(store.list_sessions()) == 2
    done = runner.invoke(cli, ["data", "delete", ids[0][:6]], input="y\n", catch_exceptions=False)
    assert done.exit_code == 0 and f"Deleted interview {ids[0]}" in done.output
    assert [row.id for row, _ in store.list_sessions()] == [ids[1]] and store.turns(ids[0]) == []
    everything = runner.invoke(cli, ["data", "delete", "--all", "--yes"], catch_exceptions=False)
    assert everything.output.strip() == ("Deleted 1 interviews (0 answers, 0 requests and replies) and 1 mastery rows.")
    assert store.list_sessions() == [] and store.mastery() == []
    assert len(Store(store.url, owner="someone-else").list_sessions()) == 1


def test_data_delete_needs_one_target(tmp_path, monkeypatch):
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(cli, ["data", "delete"])
    assert result.exit_code == 2 and "Name one interview" in result.output
