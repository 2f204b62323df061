"""Parser for 002: the repository dump flattened onto one physical line."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mockinterview.corpus.parsers.p002_repo_dump import SOURCE, parse, split_parts
from mockinterview.corpus.schema import Difficulty, Kind

PATH = Path(__file__).parents[2] / "corpus" / "sources" / SOURCE
BOOK = "Chips_Machine_Learning_Interviews_Book/"
QNA = "MLE_Interview_QnA/"
CH5, CH7 = BOOK + "chapter5.md", BOOK + "chapter7.md"
DS, PY, AG, CASE = (
    QNA + n for n in ("DataScienceQnA.md", "PythonQnA.md", "AgenticAIQnA.md", "case_study_company_A.md")
)
ARTIFACTS = (
    "IGNORE_WHEN_COPYING_START", "IGNORE_WHEN_COPYING_END", "content_copy", "Generated python",
    "Generated code", "Use code with caution",
)


@pytest.fixture(scope="module")
def items():
    return parse(PATH)


def one(items, part, line_start):
    found = [i for i in items if i.part == part and i.line_start == line_start]
    assert len(found) == 1, (part, line_start, len(found))
    return found[0]


def test_file_is_one_physical_line():
    assert PATH.read_text(encoding="utf-8").count("\n") == 0


def test_counts(items):
    # corpus-notes says 193 / 110: that counts PythonQnA's repeated question (lines 394 and 404) twice.
    assert len(items) == 192
    assert sum(i.answer is not None for i in items) == 109
    per_part = Counter(i.part for i in items)
    answered = Counter(i.part for i in items if i.answer is not None)
    assert per_part == {CH5: 9, CH7: 79, AG: 4, DS: 51, PY: 24, CASE: 25}
    assert answered == {CH5: 2, CH7: 15, AG: 4, DS: 51, PY: 24, CASE: 13}


def test_lines_rebuilt_by_walking_numbers():
    parts = split_parts(PATH.read_text(encoding="utf-8"))
    assert list(parts) == [
        CH5, BOOK + "chapter6.md", CH7, BOOK + "chapter8.md", BOOK + "ml-interviews-book.md",
        AG, DS, PY, CASE, "README.md",
    ]
    sizes = {p: len(lines) for p, lines in parts.items()}
    assert (sizes[CH5], sizes[CH7], sizes[AG], sizes[DS], sizes[PY], sizes[CASE]) == (54, 242, 24, 822, 494, 141)
    # A markdown table row keeps its own `|` separators: only `N+1 |` ends line N.
    assert parts[PY][340] == "| Data type | Homogeneous | Heterogeneous |"
    assert parts[CH5][19] == "" and parts[CH5][20] == "2. Outer product"


def test_skipped_files_give_nothing(items):
    assert {i.part for i in items} == {CH5, CH7, AG, DS, PY, CASE}


def test_difficulty_only_from_tags(items):
    book = [i for i in items if i.part.startswith(BOOK)]
    assert Counter(i.difficulty for i in book) == {Difficulty.easy: 37, Difficulty.medium: 43, Difficulty.hard: 8}
    assert all(i.difficulty is None for i in items if not i.part.startswith(BOOK))


def test_stem_prepended_child_with_lost_maths(items):
    it = one(items, CH5, 12)
    assert it.question == (
        "Dot product: Given a vector , find vector of unit length such that the dot product of and is maximum."
    )
    assert it.answer.startswith("To find the vector of unit length that maximizes")
    assert it.answer.endswith("normalizing the given vector directly.")
    assert it.answer.count("\n") == 2
    assert (it.line_start, it.line_end) == (12, 19)
    assert it.section == "5.1.1 Vectors" and it.difficulty is Difficulty.easy
    assert sorted(it.flags) == ["math_lost", "stem_prepended"]


def test_blank_line_closes_the_stem_and_not_answered_is_none(items):
    # `3. [E]` after `2. Outer product`'s two children and a blank line is item 3 of the outer list.
    it = one(items, CH5, 31)
    assert it.question == "What does it mean for two vectors to be linearly independent?"
    assert it.answer is None and (it.line_start, it.line_end) == (31, 34)
    assert it.flags == [] and it.difficulty is Difficulty.easy


def test_child_numbering_decides_stem_scope(items):
    # `2. [E] Draw ...` right after `Convergence.`'s child 2 cannot be its child: back to the outer list.
    draw = one(items, CH7, 209)
    assert draw.question == "Draw the loss curves for overfitting and underfitting." and draw.flags == []
    child = one(items, CH7, 214)
    assert child.question == (
        "Bias-variance trade-off: How do you know that your model is low variance, high bias? "
        "What would you do in this case?"
    )
    assert child.difficulty is Difficulty.medium and child.flags == ["stem_prepended"]
    erm = one(items, CH7, 27)
    assert erm.question == "Empirical risk minimization. How do we minimize that risk?"
    assert (erm.line_end, erm.section) == (32, "7.1 Basics")
    assert erm.answer.startswith("Empirical risk minimization involves finding")
    assert erm.answer.endswith("the predicted and true values.")
    assert sum("stem_prepended" in i.flags for i in items) == 52


def test_empty_fence_and_unfenced_questions_have_no_answer(items):
    saddle = one(items, CH7, 73)
    assert saddle.answer is None and (saddle.line_start, saddle.line_end) == (73, 76)
    l1 = one(items, CH7, 154)
    assert l1.answer is None and l1.line_end == 154 and l1.difficulty is Difficulty.medium
    assert not any("NOT ANSWERED" in (i.answer or "") for i in items)
    assert not any("```" in (i.answer or "") for i in items if i.part in (CH5, CH7))


def test_math_lost_only_in_chapter5_gaps(items):
    flagged = {(i.part, i.line_start) for i in items if "math_lost" in i.flags}
    assert flagged == {(CH5, 12), (CH5, 22), (CH5, 35), (CH5, 39), (CH5, 44)}


def test_missing_figure(items):
    flagged = {(i.part, i.line_start) for i in items if "missing_figure" in i.flags}
    assert flagged == {(CH7, 221), (CH7, 227), (CH7, 228)}
    assert one(items, CH7, 227).question == (
        "Given a binary classifier that outputs the following confusion matrix. "
        "Calculate the model’s precision, recall, and F1."
    )


def test_overlong_questions_shortened(items):
    assert max(len(i.question) for i in items) < 400
    assert one(items, CH7, 168).question == (
        "Suppose we have a classification task with many classes. If we have to calculate the probabilities "
        "for all classes, it’ll be prohibitively expensive. Instead, we can calculate the probabilities for a "
        "small set of candidate classes. This method is called candidate sampling. Name and explain some of "
        "the candidate sampling algorithms."
    )
    assert one(items, CH7, 171).question.startswith(
        "Suppose you want to build a model to classify whether a Reddit comment violates the website’s rule. "
        "Suppose you get back 100K labeled comments"
    )


def test_questions_are_clean(items):
    for i in items:
        assert not re.match(r"(\d+\.|\[[EMH]\]|#)", i.question), i.question
        assert i.question == " ".join(i.question.split())


def test_markdown_answer_trailing_section_title_dropped(items):
    deploy = one(items, DS, 452)
    assert deploy.question == "What are best practices for deploying ML models?"
    assert deploy.answer.startswith("- **Preprocessing pipeline**:")
    assert deploy.answer.endswith("- Use tools like Airflow or MLflow for reproducibility and retraining.")
    assert deploy.line_end == 467 and deploy.section == "DS Interview QnA"
    nxt = one(items, DS, 471)
    assert nxt.section == "Dara preprocessing"
    assert one(items, DS, 752).section == "Transformers"


def test_trailing_subheading_kept_and_rules_dropped(items):
    curve = one(items, DS, 189)
    assert curve.line_end == 202
    assert curve.answer.endswith("\nHelps diagnose model capacity and whether adding more data might help.")
    assert "\nCommon types:\n" in curve.answer
    cnn = one(items, DS, 712)
    assert (cnn.line_end, cnn.section) == (747, "Neural Networks (NN)")
    assert "🔧 Main Components of a CNN:" in cnn.answer
    for i in items:
        assert not any(re.fullmatch(r"-{3,}", line) for line in (i.answer or "").split("\n"))


def test_agentic(items):
    tools = one(items, AG, 9)
    assert tools.question == "What tools did your AI support agent use?"
    assert (tools.line_end, tools.section) == (12, "Agentic AI QnA")
    assert tools.answer.startswith("- A **retriever tool**") and tools.answer.endswith("looking up live data.")


def test_python_duplicate_kept_once_with_longer_answer(items):
    window = [i for i in items if i.question == "What are window functions in pandas and how do you use them?"]
    assert len(window) == 1
    w = window[0]
    assert (w.part, w.line_start, w.line_end, w.section) == (PY, 404, 447, "Pandas")
    assert w.answer.endswith('df["prev_day_sales"] = df["sales"].shift(1)\n```')
    assert w.flags == ["code_in_answer"]


def test_code_fences_kept_with_python_comments(items):
    cm = one(items, PY, 123)
    assert cm.section == "Python basics" and cm.line_end == 141
    assert "\n# instance method using `self`\n" in cm.answer  # a code comment, not a heading
    assert one(items, PY, 7).section == "OOP concepts"
    assert sum("code_in_answer" in i.flags for i in items) == 25
    assert all("code_in_answer" not in i.flags for i in items if i.part in (CH5, CH7, CASE, AG))


def test_case_study(items):
    case = [i for i in items if i.part == CASE]
    assert sum(i.answer is None for i in case) == 12
    relu = one(items, CASE, 26)
    assert relu.question == (
        "Given 2 sets of inputs x and y calculate the output of relu and sigmoid activation function"
    )
    assert relu.answer.startswith("The rectified linear unit (ReLU)")
    assert relu.answer.endswith("approximately 0.8807970779778823.")
    assert (relu.line_end, relu.section) == (30, "Machine Learning")
    extractor = one(items, CASE, 5)
    assert extractor.line_end == 15
    assert "\n- Train the small, supervised model on the available labeled data.\n" in extractor.answer
    hashmap = one(items, CASE, 131)
    assert (hashmap.answer, hashmap.line_end, hashmap.section) == ("Hash maps", 133, "Data Structures")
    code = one(items, CASE, 139)
    assert code.kind is Kind.coding and code.answer is None and code.section == "Algorithms"
    assert [i.line_start for i in items if i.kind is Kind.coding] == [139]


def test_no_copy_artifacts_and_source(items):
    for i in items:
        assert i.source == SOURCE
        assert not any(a in (i.answer or "") for a in ARTIFACTS)
        assert i.line_start <= i.line_end
