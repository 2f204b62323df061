"""Requests in free text through the terminal and the app: handled at once, shown, never graded."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from mockinterview.ui.cli import cli


@pytest.fixture
def use_services(fast_services, monkeypatch):
    monkeypatch.setattr("mockinterview.agent.services.Services", lambda *a, **k: fast_services)
    return fast_services


def test_terminal_requests_need_no_empty_line_and_are_not_graded(use_services):
    script = "\n".join(["Hmm, can you give me a hint?", "Can we skip this one please?", "Let's stop here."]) + "\n"
    result = CliRunner().invoke(cli, ["interview", "--topic", "ensembles", "--n", "3", "--followups", "0"],
                                input=script, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("Think about" in result.output or "No more hints" in result.output) and "Report · overall" in result.output
    session_id = result.output.split("Interview ", 1)[1].split(".", 1)[0]
    turns = use_services.store.turns(session_id)
    assert [t.outcome for t in turns] == ["skipped", "ended"] and turns[0].answer_text is None
    said = [e.text for e in use_services.store.exchanges(session_id) if e.role == "candidate"]
    assert said == ["Hmm, can you give me a hint?", "Can we skip this one please?", "Let's stop here."]
    exported = CliRunner().invoke(cli, ["export", session_id, "--format", "md"], catch_exceptions=False)
    assert "> **You:** Can we skip this one please?" in exported.output


@pytest.mark.slow
def test_the_app_chat_answers_a_question_with_sources(tmp_path, monkeypatch, real_index):
    from tests.conftest import SHARED_INDEX_CACHE
    from tests.ui.test_app import new_app, start, texts

    monkeypatch.setenv("MOCKINTERVIEW_CACHE_DIR", str(SHARED_INDEX_CACHE))
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    at = start(new_app(), questions=2, followups=0)
    session = at.session_state["mi_session"]
    at.chat_input(key="mi_answer").set_value("Why is L1 sparse?").run()
    assert not at.exception, at.exception
    shown = texts(at).replace("\\", "")
    assert "From the question bank (not graded)" in shown and "Source:" in shown
    assert session.current.seq == 1 and session.current.answer_text is None
    assert [m.kind for m in at.session_state["mi_messages"]][-2:] == ["answer", "reply"]
