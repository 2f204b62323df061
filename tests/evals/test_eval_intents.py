"""The conversation evals on the real model: intent classification on the held-out split, and the
extractive answers to the candidate's own questions (quality floors from the issue)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_intents_meet_the_floors_on_the_held_out_split(real_embedder):
    from mockinterview.evals.intents.run import format_report, run_intent_eval

    report = run_intent_eval(real_embedder.encode, model_id=real_embedder.model_id)
    test = report["test"]
    assert test["n"] >= 100 and report["train_size"] + test["n"] >= 300
    assert test["accuracy"] >= 0.95, format_report(report)
    assert test["answer_as_request"] <= 0.01, format_report(report)
    assert sum(sum(row.values()) for row in test["confusion"].values()) == test["n"]


def test_extractive_answers_hold_the_passage_and_admit_when_nothing_fits(real_index):
    from mockinterview.evals.intents.answers import format_report, load_questions, run_answer_eval

    questions = load_questions()
    assert sum(bool(q.expect) for q in questions) >= 40
    report = run_answer_eval(real_index.corpus, real_index, questions, sweep=False)
    assert report["hit_rate"] >= 0.8, format_report(report)
    assert report["no_material_right"] == 1.0, format_report(report)


def test_the_eval_commands_print_their_figures(real_services):
    from click.testing import CliRunner

    from mockinterview.ui.cli import cli

    result = CliRunner().invoke(cli, ["eval", "intents"], obj=real_services, catch_exceptions=False)
    assert result.exit_code == 0 and "held-out accuracy" in result.output and "Confusion matrix" in result.output
