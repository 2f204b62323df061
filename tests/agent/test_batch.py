"""`mockinterview grade` and its engine: every line answered, bad lines explained, the batch goes on."""
from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockinterview.agent.grading.batch import grade_lines
from mockinterview.ui.cli import cli

REFERENCE = ("L1 regularization adds the absolute value of the weights to the loss. "
             "It drives some weights to exactly zero, which performs feature selection. "
             "L2 regularization adds the squared weights and shrinks them smoothly without zeroing them.")


def run(services, lines):
    grader = services.grader("embedded")
    return list(grade_lines(lines, grader, services.index, batch_size=3))


def test_outputs_echo_inputs_and_add_the_grade_fields(fast_services):
    lines = [
        json.dumps({"question": "Explain L1 vs L2", "reference": REFERENCE, "answer": REFERENCE, "id": 1}),
        json.dumps({"question": "Explain L1 vs L2", "reference": REFERENCE, "answer": "I don't know", "id": 2}),
        json.dumps({"question": "What is bagging in ensembles?", "answer": "Training models on bootstrap samples and averaging them.", "id": 3}),
    ]
    out = run(fast_services, lines)
    assert [o["id"] for o in out] == [1, 2, 3]
    for o in out:
        assert {"score", "verdict", "covered", "missed", "feedback", "backend"} <= set(o)
        assert 0.0 <= o["score"] <= 10.0 and o["backend"] == "embedded"
    assert out[0]["score"] >= 8.0 and out[0]["missed"] == []
    assert out[1]["score"] == 0.0 and out[1]["verdict"] == "no answer"
    assert all(set(c) == {"point", "evidence", "confidence"} for c in out[0]["covered"])


def test_bad_lines_get_an_error_and_the_batch_goes_on(fast_services):
    good = json.dumps({"question": "Explain L1", "reference": REFERENCE, "answer": "sparse weights"})
    lines = ["{not json", good, json.dumps({"question": "q"}), "[1, 2]", "", json.dumps({"question": "", "answer": "a"}),
             json.dumps({"question": "q", "answer": "a", "reference": 5}), "x" * 1_000_001, "[" * 100_000, good]
    out = run(fast_services, lines)
    errors = [(o["line"], o["error"]) for o in out if "error" in o]
    assert errors == [
        (1, "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (3, "missing 'answer' (a string; it may be empty)"),
        (4, "a line must be a JSON object"),
        (6, "missing 'question' (a non-empty string)"),
        (7, "'reference' must be a string when given"),
        (8, "line is over 1000 KB"),
        (9, "JSON nested too deeply"),
    ]
    assert [o.get("question") for o in out if "error" not in o] == ["Explain L1", "Explain L1"]
    assert out[2]["question"] == "q" and out[2]["line"] == 3  # what could be read of a bad line is echoed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.text(max_size=400), question=st.text(min_size=1, max_size=80).filter(str.strip))
def test_grading_never_raises_stays_in_range_and_is_deterministic(fast_services, answer, question):
    line = json.dumps({"question": question, "reference": REFERENCE, "answer": answer})
    first = run(fast_services, [line])
    second = run(fast_services, [line])
    assert len(first) == 1 and "error" not in first[0]
    assert 0.0 <= first[0]["score"] <= 10.0
    assert first == second


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=300))
def test_any_line_gets_exactly_one_output(fast_services, raw):
    raw = raw.replace("\n", " ").replace("\r", " ")
    out = run(fast_services, [raw])
    assert len(out) == (1 if raw.strip() else 0)
    if out:
        assert ("error" in out[0]) != ("score" in out[0])


def test_cli_writes_output_and_a_summary(fast_services, tmp_path, monkeypatch):
    monkeypatch.setattr("mockinterview.agent.services.Services", lambda *a, **k: fast_services)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"question": "Explain L1", "reference": REFERENCE, "answer": REFERENCE}) + "\nbad\n")
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["grade", "--input", str(source), "--output", str(target)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Graded 1 lines, 1 with errors" in result.stderr
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert rows[0]["score"] >= 8.0 and rows[1]["error"].startswith("not valid JSON")


def test_cli_reports_a_missing_input_file_clearly(tmp_path):
    result = CliRunner().invoke(cli, ["grade", "--input", str(tmp_path / "nope.jsonl"), "--output", "-"])
    assert result.exit_code == 2 and "does not exist" in result.output
