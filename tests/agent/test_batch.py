"""`mockinterview grade` and its engine: every line answered, bad lines explained, the batch goes on."""
from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockinterview.agent.grading.batch import grade_input, grade_lines, line_digest, split_input, to_json_line
from mockinterview.agent.grading.batch_output import BatchSummary
from mockinterview.agent.grading.schema import Grade
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
        # A question without a close corpus match is ungraded (score null), never scored against a guess.
        assert (o["score"] is None and o["verdict"] == "ungraded") or 0.0 <= o["score"] <= 10.0
        assert o["backend"] == "embedded"
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
    score = first[0]["score"]
    assert (score is None) == (first[0]["verdict"] == "ungraded")  # no score only when it says why
    assert score is None or 0.0 <= score <= 10.0
    assert first == second


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=300))
def test_any_line_gets_exactly_one_output(fast_services, raw):
    raw = raw.replace("\n", " ").replace("\r", " ")
    out = run(fast_services, [raw])
    assert len(out) == (1 if raw.encode().strip() else 0)  # blank means ASCII whitespace, as in JSON
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


# ----- every line gets its own result, in strict JSON --------------------------------------------------

def strict_loads(text: str):
    """A strict parser: NaN and Infinity are not JSON."""
    def reject(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=reject)


def grade_bytes(services, data: bytes, batch_size: int = 3) -> list[dict]:
    return list(grade_input(split_input(data), services.grader("embedded"), services.index, batch_size=batch_size))


def good(answer: str = REFERENCE, **extra) -> str:
    return json.dumps({"question": "Explain L1 vs L2", "reference": REFERENCE, "answer": answer, **extra})


def test_each_line_that_python_json_cannot_carry_gets_its_own_error(fast_services):
    lines = [
        good(id=1),
        '{"question": "Explain L1", "answer": "a", "id": ' + "9" * 5000 + "}",
        '{"question": "Explain L1", "answer": "a", "reference": "\\ud800 L1 adds absolute weights"}',
        '{"question": "What is \\ud800 L1?", "answer": "a"}',
        '{"question": "Explain L1", "reference": "L1 adds absolute weights", "answer": "sparse \\udfff weights"}',
        '{"question": "Explain L1", "answer": "a", "weight": NaN}',
        '{"question": "Explain L1", "answer": "a", "meta": {"x": [1e400]}}',
        '{"question": "Explain L1", "answer": "a", "w": -Infinity}',
        '{"question": "Explain L1", "answer": "a", "\\ud800": 1}',
        good(id=2),
    ]
    data = "\n".join(lines).encode() + b'\n{"question": "Explain L1", "answer": "caf\xe9"}\n' + good(id=3).encode()
    out = grade_bytes(fast_services, data)

    assert [o["line"] for o in out] == list(range(1, 13))
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert errors == {
        2: "'id' holds a 5,000-character number, which strict JSON cannot carry",
        3: "'reference' holds invalid text (a lone surrogate)",
        4: "'question' holds invalid text (a lone surrogate)",
        5: "'answer' holds invalid text (a lone surrogate)",
        6: "'weight' holds NaN, which strict JSON cannot carry",
        7: "'meta.x.0' holds 1e400, which strict JSON cannot carry",
        8: "'w' holds -Infinity, which strict JSON cannot carry",
        9: "a key holds invalid text (a lone surrogate)",
        11: "not valid UTF-8 (byte 0xe9 at position 41)",
    }
    assert [o.get("id") for o in out if "error" not in o] == [1, 2, 3]
    assert all(o["score"] >= 8.0 for o in out if "error" not in o)
    # What could be read is echoed, with what strict JSON cannot carry replaced.
    assert (out[1]["id"], out[5]["weight"], out[6]["meta"], out[4]["answer"]) == (None, None, {"x": [None]},
                                                                                  "sparse \ufffd weights")
    assert out[10]["answer"] == "caf\ufffd"
    for record in out:
        text = to_json_line(record)
        assert strict_loads(text) == record and text.encode("utf-8")


HUGE = "__HUGE_INTEGER__"
_text = st.text(st.one_of(st.characters(), st.sampled_from(["\ud800", "\udc00", "\u2028", "\x00", "\n", "\x85"])),
                max_size=30)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _text, st.just(HUGE))
JSON_VALUES = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(_text, inner, max_size=3), max_leaves=6)
_question = st.one_of(st.just("Explain L1 vs L2"), _text, JSON_VALUES)
_answer = st.one_of(st.just(REFERENCE), _text, JSON_VALUES)
LINE_OBJECTS = st.one_of(
    st.fixed_dictionaries({}, optional={"question": _question, "answer": _answer,
                                        "reference": st.one_of(st.just(REFERENCE), JSON_VALUES),
                                        "id": JSON_VALUES, "extra": JSON_VALUES}),
    JSON_VALUES,
)


def as_line(value, ascii_only: bool) -> bytes:
    text = json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)  # NaN and Infinity as Python writes them
    text = text.replace(f'"{HUGE}"', "9" * 5000)
    return text.encode("utf-8", errors="surrogatepass")  # raw lone surrogates make invalid UTF-8


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(values=st.lists(st.tuples(LINE_OBJECTS, st.booleans()), min_size=1, max_size=5))
def test_any_json_in_any_field_gives_one_strict_json_line_per_input_line(fast_services, values):
    data = b"\n".join(as_line(value, ascii_only) for value, ascii_only in values)
    out = grade_bytes(fast_services, data, batch_size=2)

    assert [o["line"] for o in out] == list(range(1, len(values) + 1))
    for record, line in zip(out, data.split(b"\n")):
        text = to_json_line(record)
        assert "\n" not in text and strict_loads(text) == record
        text.encode("utf-8")  # no lone surrogate survives
        assert ("error" in record) != ("score" in record)
        assert record["input_hash"] == line_digest(line)
        if record.get("score") is not None:  # None: ungraded, with its reason in flags
            assert 0.0 <= record["score"] <= 10.0


class FailingOn:
    """The embedded grader, except that one answer makes it raise (a grading bug on one line)."""

    def __init__(self, grader, bad_answer: str) -> None:
        self.grader, self.bad_answer = grader, bad_answer

    def grade_many(self, items):
        if any(answer == self.bad_answer for _, answer in items):
            raise RuntimeError("tokenizer exploded")
        return self.grader.grade_many(items)


def test_a_grading_error_costs_only_its_own_line(fast_services):
    grader = FailingOn(fast_services.grader("embedded"), "boom")
    lines = [good(id=1), good("boom", id=2), good(id=3), good(id=4)]
    out = list(grade_lines(lines, grader, fast_services.index, batch_size=4))
    assert [o.get("error") for o in out] == [None, "grading failed (RuntimeError: tokenizer exploded)", None, None]
    assert [o["id"] for o in out] == [1, 2, 3, 4] and all(o["score"] >= 8.0 for o in out if o["id"] != 2)


class Ungrading:
    """A grader that declines to score (as the grader does for a question without a reference)."""

    batch_size = 2

    def grade_many(self, items):
        return [Grade.model_construct(score=None, verdict="ungraded", covered=[], missed=[], feedback="",
                                      backend="embedded", backend_note=None, flags=["no_reference"])
                for _ in items]


def test_an_ungraded_answer_is_written_with_a_null_score_and_left_out_of_the_mean(fast_services):
    out = list(grade_lines([good(id=1)], Ungrading(), fast_services.index))
    assert (out[0]["score"], out[0]["verdict"], out[0]["flags"]) == (None, "ungraded", ["no_reference"])
    assert strict_loads(to_json_line(out[0]))["score"] is None
    summary = BatchSummary()
    for record in out + [{"score": 4.0}, {"score": 6.0}, {"error": "x"}]:
        summary.add(record)
    assert summary.lines(1.0) == ["Graded 2 lines, 1 with errors, 1 ungraded, in 1.0 s; mean score 5.00."]


def test_lines_split_on_newline_only_and_blank_lines_keep_their_numbers():
    data = b"\xef\xbb\xbf" + b'{"a": "x\xe2\x80\xa8y"}\r\n\n  \n{"b": 1}'
    lines = split_input(data)
    assert [(line.number, line.raw) for line in lines] == [(1, b'{"a": "x\xe2\x80\xa8y"}'), (4, b'{"b": 1}')]
    assert lines[0].digest == line_digest(b'{"a": "x\xe2\x80\xa8y"}') and len(lines[0].digest) == 16
