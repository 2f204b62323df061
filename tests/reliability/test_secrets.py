"""API keys never reach the database, logs, transcripts or error messages."""
from __future__ import annotations

import json
import logging
import socket

from click.testing import CliRunner

from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.report import report_markdown
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.ui.cli import cli
from tests.conftest import make_services

SECRET = "sk-test-SECRET-7f3a9c"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: connections are refused


def test_key_never_written_anywhere(tmp_path, small_corpus_path, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    services = make_services(tmp_path, small_corpus_path, llm_model="any",
                             llm_base_url=f"http://127.0.0.1:{closed_port()}/v1", llm_timeout=2, llm_retries=1)
    assert services.settings.openai_api_key.get_secret_value() == SECRET
    deps = services.interview_deps("llm")
    session, messages = InterviewSession.start(deps, InterviewConfig(questions=2, followups=1, topics=["ensembles"]))
    seen = [m.text for m in messages]
    while not session.finished:
        replies = session.submit("Bagging averages models trained on bootstrap samples to reduce variance.")
        seen += [m.text for m in replies]
        seen += [m.grade.model_dump_json() for m in replies if m.grade]
    notices = [t for t in seen if "LLM" in t or "llm" in t]
    assert notices, "the fallback must be visible"
    turns = services.store.turns(session.id)
    assert all(t.backend == "embedded" for t in turns if t.score is not None)

    exported = report_markdown(session.report(), turns) + json.dumps(session.report().model_dump(mode="json"))
    database = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("interviews.db*"))
    for where, text in (("messages", "\n".join(seen)), ("export", exported), ("logs", caplog.text)):
        assert SECRET not in text, where
    assert SECRET.encode() not in database


def test_cli_errors_do_not_echo_the_key(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("MOCKINTERVIEW_DB_URL", "notadialect://user:pw@host/db")
    result = CliRunner().invoke(cli, ["history"])
    assert result.exit_code == 1
    assert "Invalid database URL" in result.output and SECRET not in result.output
    assert "Traceback" not in result.output
