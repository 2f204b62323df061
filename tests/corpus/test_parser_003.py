"""Tests for the 003 parser on the real source file (book of 350 short Q&A, then non-Q&A parts)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mockinterview.corpus.parsers.p003_book import SOURCE, parse
from mockinterview.corpus.schema import Difficulty, Kind

PATH = Path(__file__).parents[2] / "corpus" / "sources" / SOURCE
ARTIFACTS = (
    "IGNORE_WHEN_COPYING_START",
    "IGNORE_WHEN_COPYING_END",
    "content_copy",
    "download",
    "Generated python",
    "Generated code",
    "Use code with caution",
)


@pytest.fixture(scope="module")
def items():
    return parse(PATH)


@pytest.fixture(scope="module")
def lines():
    return PATH.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def by_start(items):
    return {item.line_start: item for item in items}


def test_counts(items):
    assert len(items) == 350
    assert sum(1 for item in items if item.answer) == 350


def test_file_order_and_source(items):
    assert [item.line_start for item in items] == sorted(item.line_start for item in items)
    assert {item.source for item in items} == {SOURCE}


def test_numbering_q1_to_q350_is_continuous(items, lines):
    numbers = [int(re.match(r"Q(\d+)\. ", lines[item.line_start - 1]).group(1)) for item in items]
    assert numbers == list(range(1, 351))


def test_exactly_one_answer_line_each(items):
    assert all(item.line_end == item.line_start + 1 for item in items)
    assert all("\n" not in item.answer for item in items)


def test_no_artifacts_no_long_or_numbered_questions(items):
    for item in items:
        assert not any(a in item.answer for a in ARTIFACTS), item.line_start
        assert len(item.question) < 400
        assert not re.match(r"Q\d+", item.question)
        assert "\n" not in item.question


def test_no_difficulty_or_kind_in_this_source(items):
    assert all(item.difficulty is None and item.kind is None for item in items)
    assert Difficulty.easy.value == "easy" and Kind.coding.value == "coding"


def test_contents_page_not_parsed(items):
    # lines 2-18 promise 16 chapters / 400 questions; the body has 13 / 350
    assert min(item.line_start for item in items) == 21
    chapters = Counter(item.section.split(" / ")[0] for item in items)
    assert len(chapters) == 13
    assert chapters["Regression Models"] == 55  # contents says 25
    assert chapters["Support Vector Machines"] == 25  # contents says 30
    assert "Training Deep Neural Networks" not in chapters
    assert "Generative AI and LLMs" not in chapters


def test_parts_after_line_801_not_parsed(items, lines):
    assert max(item.line_end for item in items) == 801
    assert lines[801] == "2. 50 Self-Preparation Prompts Using ChatGPT"
    assert lines[936].startswith("3.Communication Skills")
    assert lines[1270] == "4.ADDITIONAL PREPARATION ELEMENTS"
    assert not any(item.question.startswith("Prompt") or "Tell Me About Yourself" in item.question for item in items)


def test_sections_are_chapter_and_subsection_titles(items):
    assert len({item.section for item in items}) == 70
    assert all(re.fullmatch(r"[^/\d][^/]* / [^/\d][^/]*", item.section) for item in items)


def test_first_record(by_start):
    item = by_start[21]
    assert item.question == "What are the main data types in Python used for machine learning?"
    assert item.answer.startswith("Python has several core data types")
    assert item.answer.endswith("depends on handling these types correctly.")
    assert item.line_end == 22
    assert item.section == "Python Programming Fundamentals / Basic Python Syntax and Data Types"
    assert item.flags == []


def test_list_comprehension_code_in_words(by_start):
    item = by_start[27]
    assert item.question == "Explain list comprehension and why it’s useful in data processing."
    assert "squared_numbers equals bracket x multiplied by x for x in range ten bracket" in item.answer
    assert item.answer.endswith("creating new variables from existing ones.")
    assert item.line_end == 28
    assert item.flags == ["code_in_words"]


def test_dataframe_columns_code_in_words(by_start):
    item = by_start[241]
    assert item.question == "How do you access columns in a DataFrame?"
    assert item.answer.startswith("You can access columns using several methods.")
    assert item.answer.endswith("subsets of columns.")
    assert item.line_end == 242
    assert item.section == "Data Libraries - Pandas / Series and DataFrames Fundamentals"
    assert item.flags == ["code_in_words"]


def test_first_question_of_a_chapter_gets_new_section(by_start):
    item = by_start[413]  # Q176 right after `Chapter 8` (411) and `8.1` (412)
    assert item.question == "What is linear regression?"
    assert item.answer.startswith("Linear regression models the relationship")
    assert item.answer.endswith("more complex models.")
    assert item.line_end == 414
    assert item.section == "Regression Models / Linear Regression Basics"
    assert item.flags == []  # `y equals weight one times x one` is maths in words, not code


def test_predict_classes_is_outdated(items, by_start):
    item = by_start[789]
    assert item.question == "How do you make predictions with a trained model?"
    assert "Call predict_classes for class labels directly." in item.answer
    assert item.line_end == 790
    assert item.section == "Introduction to Neural Networks with Keras / Building Models with Keras"
    assert item.flags == ["outdated"]
    assert [i.line_start for i in items if "outdated" in i.flags] == [789]


def test_last_record_stops_before_prompts(by_start):
    item = by_start[800]
    assert item.question == "What are skip connections?"
    assert item.answer.startswith("Skip connections directly connect earlier layers")
    assert item.answer.endswith("non-sequential connectivity patterns.")
    assert item.line_end == 801
    assert item.section == "Introduction to Neural Networks with Keras / Model Architecture Design"


CODE_IN_WORDS = [
    27, 29, 36, 45, 47, 51, 65, 82, 159, 161, 163, 172, 177, 179, 181, 183, 190, 192, 196, 205, 207,
    214, 216, 241, 277, 279, 281, 283, 291, 306, 308, 311,
]  # fmt: skip


def test_code_in_words_flagged_exactly(items):
    assert [i.line_start for i in items if "code_in_words" in i.flags] == CODE_IN_WORDS


def test_code_in_words_prose_lookalikes_not_flagged(by_start):
    # `bracket notation` (260), `defaulting to comma` (245), `dot product` (93), `equals 0.5` (526),
    # `Accuracy equals true positives ...` (404): syntax words used as prose or maths
    for start, phrase in ((259, "bracket notation"), (244, "defaulting to comma"), (92, "dot product"),
                          (525, "it equals 0.5"), (403, "Accuracy equals true positives")):
        assert phrase in by_start[start].answer
        assert "code_in_words" not in by_start[start].flags, start


def test_literal_inline_code_flagged(items, by_start):
    assert "text.lower().strip()" in by_start[23].answer
    assert "import numpy as np" in by_start[80].answer
    assert "from matplotlib.gridspec import GridSpec" in by_start[317].answer
    assert [i.line_start for i in items if "code_in_answer" in i.flags] == [23, 80, 291, 317]
    assert "during import" in by_start[67].answer
    assert "code_in_answer" not in by_start[67].flags  # prose, not an import statement


def test_only_known_flags(items):
    assert {f for i in items for f in i.flags} == {"code_in_words", "code_in_answer", "outdated"}
