"""The terminal interview end to end through stdin, and the history/export commands on its session."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mockinterview.ui.cli import cli


@pytest.fixture
def use_services(fast_services, monkeypatch):
    monkeypatch.setattr("mockinterview.agent.services.Services", lambda *a, **k: fast_services)
    return fast_services


def test_a_whole_terminal_interview_through_stdin(use_services):
    script = "\n".join([
        "hint",
        "Bagging trains each model on a bootstrap sample and averages their predictions,",
        "which lowers the variance of the ensemble.",
        "",
        "skip",
        "I don't know",
        "end",
    ]) + "\n"
    result = CliRunner().invoke(cli, ["interview", "--topic", "ensembles", "--n", "3", "--followups", "1", "--seed", "0"],
                                input=script, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Question 1/3" in out and "Think about" in out
    assert "Score " in out and "/10" in out
    assert "Report · overall" in out and "Plan:" in out
    session_id = out.split("Interview ", 1)[1].split(".", 1)[0]
    turns = use_services.store.turns(session_id)
    assert turns[0].answer_text.startswith("Bagging trains each model") and "variance" in turns[0].answer_text
    assert turns[0].score is not None

    history = CliRunner().invoke(cli, ["history", "--json"], catch_exceptions=False)
    entries = json.loads(history.output)
    assert entries[0]["id"] == session_id and entries[0]["status"] == "finished"
    exported = CliRunner().invoke(cli, ["export", session_id[:6], "--format", "json"], catch_exceptions=False)
    payload = json.loads(exported.output)
    assert payload["transcript"][0]["answer"] == turns[0].answer_text
    markdown = CliRunner().invoke(cli, ["export", session_id, "--format", "md"], catch_exceptions=False)
    assert markdown.output.startswith(f"# Mock interview {session_id}")


def test_seed_is_taken_from_the_command_line_or_drawn_fresh_and_stored(use_services):
    def stored_seed(*seed: str) -> int:
        out = CliRunner().invoke(cli, ["interview", "--topic", "ensembles", "--n", "2", *seed], input="end\n",
                                 catch_exceptions=False).output
        session_id = out.split("Interview ", 1)[1].split(".", 1)[0]
        return json.loads(use_services.store.get_session(session_id).config_json)["seed"]

    assert stored_seed("--seed", "42") == 42
    assert stored_seed() != stored_seed()  # two of 2**31 seeds, drawn fresh for each interview
    bad = CliRunner().invoke(cli, ["interview", "--seed", "-3"], input="end\n")
    assert bad.exit_code == 2 and "--seed" in bad.output


def test_end_of_input_leaves_a_resumable_session(use_services):
    result = CliRunner().invoke(cli, ["interview", "--n", "2", "--followups", "0"], input="", catch_exceptions=False)
    assert result.exit_code == 0
    assert "resume with: mockinterview interview --resume" in result.output
    session_id = result.output.split("--resume ", 1)[1].split()[0]
    resumed = CliRunner().invoke(cli, ["interview", "--resume", session_id], input="skip\nskip\n", catch_exceptions=False)
    assert "Resumed interview" in resumed.output and "Report · overall" in resumed.output


def test_unknown_resume_id_is_a_clear_error(use_services):
    result = CliRunner().invoke(cli, ["interview", "--resume", "nope"])
    assert result.exit_code == 1 and "No single interview matches 'nope'" in result.output
    assert "Traceback" not in result.output


def test_corpus_commands():
    stats = CliRunner().invoke(cli, ["corpus", "stats", "--json"], catch_exceptions=False)
    figures = json.loads(stats.output)
    assert figures["total"] > 700 and set(figures["by_source"]) == {
        "000_6ff19111a328e836.txt", "001_84a61acf346dadc2.txt", "002_2c98143ddcf98bf0.txt",
        "003_b0138fb680165b09.txt", "004_1833474fad8a0caa.txt"}
    from mockinterview.corpus.store import load_corpus

    record = next(r for r in load_corpus().records if len(r.references) > 1)
    shown = CliRunner().invoke(cli, ["corpus", "show", record.id[:8]], catch_exceptions=False)
    assert shown.output.startswith(f"{record.id}  {record.question}")
    assert shown.output.count("Reference ") == len(record.references)
    assert record.references[0].key_points[0] in shown.output
    missing = CliRunner().invoke(cli, ["corpus", "show", "zzzz"])
    assert missing.exit_code == 1 and "No record with id 'zzzz'" in missing.output
