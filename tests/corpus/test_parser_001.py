"""Tests of the 001 web-page parser against the real source file."""
from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview.corpus.parsers.p001_webpage import SOURCE, parse
from mockinterview.corpus.schema import Difficulty, Kind

PATH = Path(__file__).parents[2] / "corpus" / "sources" / SOURCE
FRESHERS = "Machine Learning Interview Questions for Freshers and Intermediate Levels"
EXPERIENCED = "Machine Learning Interview Questions for Experienced Levels"
CODING = "Machine Learning Coding Tasks"
FAQ = "Popular Machine learning Development questions"
ARTIFACTS = (
    "IGNORE_WHEN_COPYING_START",
    "IGNORE_WHEN_COPYING_END",
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
    assert len(items) == 67
    assert sum(1 for i in items if i.answer) == 67
    qa = [i for i in items if i.kind is None]
    assert len(qa) == 65
    assert sum(1 for i in qa if i.question.endswith("?")) == 44
    assert sum(1 for i in qa if i.question.endswith(".")) == 21


def test_sections_and_difficulty(items):
    per_section = {}
    for item in items:
        per_section.setdefault(item.section, []).append(item)
    assert {s: len(v) for s, v in per_section.items()} == {FRESHERS: 30, EXPERIENCED: 30, CODING: 2, FAQ: 5}
    assert {i.difficulty for i in per_section[FRESHERS]} == {Difficulty.easy}
    assert {i.difficulty for i in per_section[EXPERIENCED]} == {Difficulty.hard}
    assert {i.difficulty for i in per_section[CODING] + per_section[FAQ]} == {None}
    assert [i.line_start for i in items if i.kind is Kind.coding] == [423, 529]


def test_file_order_and_spans(items):
    starts = [i.line_start for i in items]
    assert starts == sorted(starts)
    for a, b in zip(items, items[1:]):
        assert a.line_start <= a.line_end < b.line_start
    assert items[0].line_start == 3  # line 1 (page title) and line 2 (section) are not questions
    assert items[-1].line_end == 692  # the footer from line 693 on is dropped


def test_clean_answers_and_questions(items):
    for item in items:
        assert item.source == SOURCE
        assert len(item.question) < 400
        assert "\n" not in item.question
        for artifact in ARTIFACTS:
            assert artifact not in item.answer
        for boiler in ("Our clients", "hiring resources", "Interview Questions by", FAQ, CODING, EXPERIENCED):
            assert boiler not in item.answer
        assert all(line.strip() == line and line for line in item.answer.split("\n"))


def test_first_record(by_start):
    item = by_start[3]
    assert item.question == "What is Machine Learning, and how is it different from traditional programming?"
    assert item.answer.startswith("Machine Learning (ML) is a subset of Artificial Intelligence")
    assert item.answer.endswith("allows ML models to generalize and adapt to data effectively.")
    assert item.answer.count("\n") == 2  # three paragraphs, one per line
    assert (item.line_end, item.section, item.difficulty, item.kind, item.flags) == (
        6, FRESHERS, Difficulty.easy, None, [])


def test_two_sentence_questions(by_start):
    assert by_start[7].question == (
        "What is the difference between supervised and unsupervised learning? Provide examples.")
    assert by_start[7].line_end == 9
    assert by_start[42].question == "What is Regularization? Explain L1 and L2 regularization."
    # A wh- question that ends in "." (no "?" at all).
    assert by_start[249].question == "What is Explainable AI (xAI), and explain techniques like LIME and SHAP."
    assert by_start[249].line_end == 252


def test_colon_subheading_stays_in_answer(by_start):
    item = by_start[10]
    assert item.answer.split("\n") == [
        "- Overfitting: The model fits the training data too closely, capturing noise and thus failing to "
        "generalize to new data. Symptoms include very low training error but high validation error.",
        "- Underfitting: The model is too simple, failing to capture underlying patterns, resulting in high "
        "training and validation error.",
        "Mitigation:",
        "- For overfitting: Use more diverse distribution of data, apply regularization (L1/L2), use dropout "
        "(in neural networks), or early stopping.",
        "- For underfitting: Use more complex models, add features, reduce regularization, or train longer.",
    ]
    assert item.line_end == 15


def test_unfenced_code_example(by_start):
    item = by_start[30]
    assert item.question == "Explain some common data preprocessing techniques."
    assert item.answer.startswith("- Normalization/Standardization: Scaling numerical features")
    assert item.answer.endswith("Code Example (Standard Scaling):\nfrom sklearn.preprocessing import "
                                "StandardScaler\nscaler = StandardScaler()\nX_scaled = scaler.fit_transform(X)")
    assert (item.line_end, item.flags) == (38, ["code_in_answer"])
    flagged = [i.line_start for i in by_start.values() if "code_in_answer" in i.flags]
    assert flagged == [30, 42, 86, 122, 157, 423, 529]


def test_subheadings_not_questions(by_start):
    # "How Attention Works:" (165) sits inside the Seq2Seq answer; it ends in ":" so is no question.
    item = by_start[157]
    assert item.question.startswith("Explain the concept of Sequence-to-Sequence (Seq2Seq) models")
    assert item.question.endswith("How do attention mechanisms enhance Seq2Seq models?")
    assert "\nHow Attention Works:\n" in item.answer
    assert "\nreturn torch.softmax(scores, dim=1)\n" in item.answer
    assert item.answer.endswith("especially in tasks requiring sequential data transformations.")
    assert (item.line_end, item.section, item.difficulty) == (193, EXPERIENCED, Difficulty.hard)
    assert 165 not in by_start and 210 not in by_start and 362 not in by_start
    # "When approaching ..." opens answers (210, 362) rather than asking.
    assert by_start[209].answer.startswith("When approaching hyperparameter optimization")
    assert by_start[361].answer.startswith("When approaching feature selection")


def test_duplicated_scrape_lines_dropped(by_start):
    item = by_start[209]
    dup = "- Depending on the model type (e.g., deep neural networks, gradient boosting models), I also consider"
    assert item.answer.count(dup) == 1
    assert (item.line_end, item.answer.count("\n")) == (232, 21)  # 23 non-blank lines less the duplicate 225
    assert item.answer.endswith("to ensure the model is both performant and efficient.")
    item = by_start[278]
    assert item.answer.count("- Distributed Training:") == 1  # line 292 repeats 287
    assert item.line_end == 304


def test_split_inline_code_rejoined(by_start):
    # The scrape put inline code spans on lines of their own (287-291) and glued the next bullet on.
    lines = by_start[278].answer.split("\n")
    assert "- Distributed Training: Frameworks like TensorFlow’s tf.distribute or PyTorch’s " \
           "DistributedDataParallel allow for the distribution of training workloads" in lines[8]
    assert lines[7] == "- Distributed Training and Inference:"
    assert lines[9].startswith("- Model Parallelism: For particularly large models")
    assert by_start[257].answer.split("\n")[0] == (
        "Use distributed frameworks like TensorFlow’s tf.distribute or PyTorch’s DistributedDataParallel. "
        "Techniques include:")
    assert by_start[253].answer.split("\n") == [
        "- Interpretability: The degree to which a model’s internal mechanisms can be directly understood "
        "(e.g., a decision tree with a rule like feature_1 > threshold → class 1).",
        "- Explainability: Methods or techniques that provide insights into the model’s behavior, often "
        "post-hoc, even if the model itself is not inherently interpretable.",
    ]


def test_section_boundaries(by_start):
    assert by_start[138].line_end == 142  # line 143 is the Experienced heading
    assert by_start[144].section == EXPERIENCED
    assert by_start[417].line_end == 421  # line 422 is the Coding Tasks heading
    assert by_start[417].answer.endswith("- Regular audits, transparency in data, and model interpretability.")


def test_coding_tasks(by_start):
    one = by_start[423]
    assert one.question == (
        "The Wine Quality Dataset involves predicting the quality of wine based on physicochemical properties. "
        "It is a multi-class classification problem. Tasks: Load the Dataset; Data Preprocessing; Perform EDA; "
        "Train a Machine Learning Model; Hyperparameter Tuning (can be skipped); Evaluate the Model; "
        "Feature Importance; Save the Model.")
    assert one.answer.startswith("# ____Task 1____: Load the Dataset\n# Load the dataset from the provided URL")
    assert one.answer.endswith("import joblib\njoblib.dump(model, 'wine_quality_model.pkl')")
    assert "Coding interview 2:" not in one.answer
    assert (one.line_end, one.kind, one.section, one.difficulty) == (528, Kind.coding, CODING, None)
    two = by_start[529]
    assert two.question.startswith("The Pima Indians Diabetes Dataset involves predicting the onset of diabetes")
    assert two.question.endswith("Model Interpretation (SHAP); Save the Model.")
    assert len(two.question) == 389  # shortened: the second description sentence did not fit under 400
    assert two.answer.endswith("joblib.dump(rf_model, 'diabetes_rf_model.pkl')")
    assert (two.line_end, two.kind, two.section) == (676, Kind.coding, CODING)  # 677-678 are page furniture


def test_faq_kept(items):
    faq = [i for i in items if i.section == FAQ]
    assert [(i.line_start, i.line_end) for i in faq] == [(680, 682), (683, 685), (686, 688), (689, 690),
                                                         (691, 692)]
    assert faq[-1].question == "What exactly is Machine Learning?"
    assert faq[-1].answer.startswith("Machine Learning is a subdomain of Artificial Intelligence")
    assert faq[0].answer.count("\n") == 1
    assert all(i.difficulty is None and i.kind is None for i in faq)
