"""Parser for 000_6ff19111a328e836.txt, checked against the real file."""
from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview.corpus.parsers.p000_theory import SOURCE, parse

PATH = Path(__file__).parents[2] / "corpus" / "sources" / SOURCE
ARTIFACTS = (
    "IGNORE_WHEN_COPYING",
    "content_copy",
    "Generated python",
    "Generated code",
    "Use code with caution",
)


@pytest.fixture(scope="module")
def items():
    return parse(PATH)


@pytest.fixture(scope="module")
def by_start(items):
    return {item.line_start: item for item in items}


def test_counts(items):
    assert len(items) == 100
    assert sum(1 for item in items if item.answer) == 100
    assert sum(1 for item in items if "code_in_answer" in item.flags) == 40


def test_file_order_and_spans(items):
    starts = [item.line_start for item in items]
    assert starts == sorted(starts)
    for item, nxt in zip(items, items[1:]):
        assert item.line_start < item.line_end < nxt.line_start
    assert items[-1].line_end == len(PATH.read_text(encoding="utf-8").splitlines())


def test_clean_questions(items):
    for item in items:
        assert item.source == SOURCE
        assert len(item.question) <= 400
        assert not item.question.lower().startswith(("question", "uestion"))
        assert item.question[-1] in "?."
        assert "\n" not in item.question
    assert len({item.question for item in items}) == 100


def test_no_artifacts_or_empty_items(items):
    for item in items:
        for artifact in ARTIFACTS:
            assert artifact not in item.answer
        for line in item.answer.splitlines():
            assert line.strip() not in {"●", "○", "■", "download", "Theory", "2.", "4.", "6.", "10."}
            assert line[0] not in "●○■"


def test_no_source_labels_the_file_has_none(items):
    # No chapter headings, difficulty tags or coding sections in this file.
    assert {item.section for item in items} == {None}
    assert {item.difficulty for item in items} == {None}
    assert {item.kind for item in items} == {None}


def test_first_record(by_start):
    item = by_start[1]
    assert item.question == "Explain the difference between Python 2 and Python 3."
    assert item.line_end == 46
    assert item.answer.startswith("Python 2 and Python 3 are two major versions of the Python language.")
    assert item.answer.endswith("numerical computation and text processing.")
    assert "Theory" not in item.answer.splitlines()[0]
    # Wrapped bullet re-joined and normalised; numbered items kept on their own line.
    lines = item.answer.splitlines()
    joined = "- Why it matters: The function form is more flexible, allowing for arguments like sep and end."
    assert joined in lines
    assert "2. Integer Division:" in lines
    assert item.flags == []


def test_question_wrapped_on_two_lines(by_start):
    item = by_start[1492]
    assert item.question == (
        "What are the advantages of using Stochastic Gradient Descent over standard Gradient Descent?"
    )
    assert item.line_end == 1540
    assert item.answer.startswith("Gradient Descent is an optimization algorithm")
    assert item.answer.endswith("the stability of Batch GD.")


def test_q37_without_theory_line_keeps_its_scenario(by_start):
    item = by_start[2040]
    assert item.question == (
        "Describe a situation where a machine learning model might fail in production, "
        "and how you would investigate the issue using Python."
    )
    assert item.answer.splitlines()[0] == "Scenario: A Credit Default Prediction Model Fails"
    assert item.answer.splitlines()[1].startswith("Situation: We have deployed a logistic regression model")
    assert item.answer.endswith("a precise diagnosis and a targeted plan for remediation.")
    assert item.line_end == 2101


def test_numbering_restarts_are_not_ids(by_start):
    # Block 1 ends with "Question 40"; block 2 starts again at "Question 1".
    assert by_start[2223].question.startswith("What is the role of Explainable AI (XAI)")
    assert by_start[2223].line_end == 2285
    item = by_start[2286]
    assert item.question == (
        "List the Python libraries that are most commonly used in machine learning "
        "and their primary purposes."
    )
    assert item.line_end == 2361  # line 2362 is a bare "4."
    assert item.answer.endswith("more in-depth statistical diagnostics than Scikit-learn.")
    item = by_start[5990]  # block 4 "Question 1"
    assert item.question == "Discuss the difference between a list, a tuple, and a set in Python."
    assert item.line_end == 6060
    assert by_start[5901].line_end == 5988  # line 5989 is a bare "●"


def test_lost_q_header_line_3242(by_start):
    item = by_start[3242]
    assert item.question == "Give an example of how to implement a gradient descent algorithm in Python."
    assert item.line_end == 3338
    assert item.answer.startswith("Gradient Descent is an iterative optimization algorithm")
    assert item.answer.endswith("close to the true values (3 and 4) used to generate the data.")
    assert "code_in_answer" in item.flags
    # The previous answer stops before the damaged header.
    assert by_start[3167].line_end == 3241
    assert "uestion 1" not in by_start[3167].answer


def test_cross_reference_line_3735_is_not_a_header(items, by_start):
    assert 3735 not in by_start
    item = by_start[3731]
    assert item.question == "Write a function that optimizes a given cost function using gradient descent."
    assert item.line_end == 3835
    assert item.answer.startswith(
        "This question asks for a more general implementation of gradient descent than the one in "
        "Question 1. Instead of hardcoding the logic for linear regression,"
    )
    assert item.answer.endswith("it just needs a way to calculate the cost and the gradient.")
    # Unfenced code stays one statement per line.
    assert "\nimport numpy as np\nimport matplotlib.pyplot as plt\n" in item.answer
    assert "code_in_answer" in item.flags


def test_copy_artifacts_dropped_and_span_excludes_them(by_start):
    item = by_start[6061]
    assert item.question == "Discuss the usage of *args and **kwargs in function definitions."
    assert item.line_end == 6146
    assert "Code Example for *args\ndef sum_all_numbers(*args):" in item.answer
    assert "Output:\nArguments are packed into a tuple: (1, 2, 3)\nSum: 6" in item.answer
    assert item.answer.endswith("so they can wrap any function, regardless of its signature.")
    # Lines 3033-3037 (copy buttons) close the answer to line 2958: the span stops at 3032.
    item = by_start[2958]
    assert item.line_end == 3032
    assert item.answer.endswith("self.weights = ... # Modifies instance state, not global state")


def test_a_star_star_restored(by_start):
    item = by_start[5584]
    assert item.question == (
        "Create a Python implementation of the A* search algorithm for pathfinding on a grid."
    )
    assert item.answer.startswith('A* (pronounced "A-star") is a popular and efficient graph traversal')


def test_last_record_and_file_end(by_start):
    item = by_start[7150]
    assert item.question == (
        "Discuss the integration of big data technologies with Python in machine learning projects."
    )
    assert item.line_end == 7225
    assert item.answer.startswith('"Big data" refers to datasets that are too large or complex')
    assert item.answer.endswith("computing frameworks to handle data at any scale.")
    lines = item.answer.splitlines()
    # "3. Model Training:" then the lost item 4 (a bare "4.") then item 5.
    assert "4." not in lines
    assert lines[-2].startswith("5. Deployment: The trained model is then deployed as a microservice")
    assert "- Python has excellent database connectors (sqlalchemy, psycopg2) and cloud SDKs" in item.answer


def test_prose_answers_not_flagged_as_code(by_start):
    # A formula line or a call named in a table cell does not make an answer code.
    for start in (1, 2040, 2423, 2484, 2845, 7150):
        assert "code_in_answer" not in by_start[start].flags
