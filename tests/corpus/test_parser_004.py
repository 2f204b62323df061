"""Tests for the 004 parser (topic titles with long answers), run on the real source file."""
from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview.corpus.parsers.p004_titles import SOURCE, as_question, parse
from mockinterview.corpus.schema import Kind

PATH = Path(__file__).parents[2] / "corpus" / "sources" / SOURCE
ARTIFACTS = ("IGNORE_WHEN_COPYING", "content_copy", "Generated python", "Generated code",
             "Use code with caution")


@pytest.fixture(scope="module")
def items():
    return parse(PATH)


@pytest.fixture(scope="module")
def by_start(items):
    return {item.line_start: item for item in items}


@pytest.fixture(scope="module")
def lines():
    return PATH.read_text(encoding="utf-8").splitlines()


def test_counts(items):
    # 116 contents titles - 6 non-Q&A = 110, plus the 5 body-only questions (429, 1030, 1318, 1321, 1325)
    assert len(items) == 115
    assert sum(item.answer is not None for item in items) == 115


def test_file_order_and_no_contents_page(items):
    starts = [item.line_start for item in items]
    assert starts == sorted(starts)
    assert starts[0] == 123  # 2-117 contents, 118 To Add, 120 Overview
    assert all(item.line_start <= item.line_end for item in items)
    assert all(item.source == SOURCE for item in items)


def test_body_titles_follow_contents_order(lines):
    titles = [line[1:] for line in lines[1:117]]
    assert all(line.startswith(" ") and not line.startswith("  ") for line in lines[1:117])
    pos = 117
    for title in titles:
        pos = lines.index(title, pos) + 1  # raises if a title is missing or out of order


def test_first_record(by_start):
    item = by_start[123]
    assert item.question == "What are strategies for mitigating the impact of outliers in model training?"
    assert item.title == "Strategies for Mitigating the Impact of Outliers in Model Training"
    assert item.answer.startswith("Implementing Regularization Techniques:\nL1 (Lasso) and L2 (Ridge)")
    assert item.answer.endswith("leading to more robust and reliable outcomes.")
    assert item.line_end == 133
    assert item.section is None and item.difficulty is None and item.kind is None
    assert item.flags == ["symbols_lost", "title_as_question"]


def test_repeated_title_keeps_the_first(items, by_start, lines):
    # 332-348 repeats 243-259 word for word, outside the contents order (after Data leaks)
    assert lines[242:259] == lines[331:348]
    evaluating = [i for i in items if i.title == "Evaluating Model Architecture Effectiveness"]
    assert [(i.line_start, i.line_end) for i in evaluating] == [(243, 259)]
    assert evaluating[0].question == "How do you evaluate model architecture effectiveness?"
    leaks = by_start[326]
    assert leaks.question == "What are data leaks?"
    assert leaks.line_end == 331
    assert "Evaluation Metrics" not in leaks.answer
    assert by_start[349].question == "What is underfitting?"


def test_non_qa_entries_dropped(items):
    dropped = {"To Add", "Overview", "Misc", "MLOps", "References", "Citation"}
    assert not dropped & {i.title or i.question for i in items}
    assert not any(1361 <= i.line_start <= 1371 for i in items)  # MLOps intro
    assert not any("have issues ready" in i.answer or "Chadha" in i.answer for i in items)
    last = items[-1]
    assert (last.line_start, last.line_end) == (1550, 1570)
    assert last.question == "What is focal loss for imbalance class?"
    assert last.answer.endswith("such as RetinaNet.")


def test_body_only_headings(by_start):
    # 429: another item of the "common mistakes" run; its text is unrelated to the output layer (426)
    assert by_start[426].line_end == 428
    deep = by_start[429]
    assert deep.question == ("Why is employing an excessively deep network or an incorrect number of "
                             "hidden units a problem?")
    assert deep.title == "Employing an excessively deep network or an incorrect number of hidden units"
    assert deep.line_end == 439 and "title_as_question" in deep.flags
    # 1030: a full interview question; its answer has nothing to do with RL (1014)
    assert by_start[1014].line_end == 1029
    nn = by_start[1030]
    assert nn.question.endswith("What can you do to reduce overfitting?")
    assert nn.title is None and nn.line_end == 1046
    assert nn.answer.startswith("To reduce overfitting in a deep neural network")
    # 1318, 1321, 1325: the three questions of the Misc group
    misc = [(i.line_start, i.line_end, i.section) for i in (by_start[1318], by_start[1321], by_start[1325])]
    assert misc == [(1318, 1320, "Misc"), (1321, 1324, "Misc"), (1325, 1328, "Misc")]
    assert by_start[1321].question == "When do you standardize or normalize features?"
    assert by_start[1325].answer.startswith("There is a famous joke in Statistics")


def test_question_subheadings_stay_in_their_answer(by_start):
    assert "What is Continuous Training?" in by_start[440].answer  # 489, part of the drift write-up
    assert "What is a monotonic relationship?" in by_start[678].answer  # 684
    compare = by_start[691]  # 703: the cited post's title, closing the comparison
    assert compare.line_end == 714
    assert "How to choose between Pearson and Spearman correlation?" in compare.answer


def test_sections(items, by_start):
    assert {i.section for i in items if i.line_start < 1317} == {None}
    assert [i.line_start for i in items if i.section == "Misc"] == [1318, 1321, 1325, 1329, 1346]
    assert [i.line_start for i in items if i.section == "MLOps"] == [1372, 1383, 1386, 1402]
    assert by_start[1383].question == "What is MLOps level 0 (manual process)?"
    assert by_start[1402].question == "What is MLOps level 2 (CI/CD pipeline automation)?"
    assert by_start[1444].section is None  # batch size: training concepts, not MLOps


def test_unrelated_lines_dropped(by_start):
    ab = by_start[831]
    assert ab.line_end == 858 and "Split.io" not in ab.answer
    assert ab.answer.endswith("Not accounting for network effects (introduce bias within measurement)")
    best = by_start[859]
    assert best.answer.startswith("Measure one change at a time.")
    assert "Taken from here" not in best.answer
    overfit = by_start[888]  # the social-media post 901-914 follows it
    assert overfit.question == "How do you avoid overfitting?"
    assert overfit.title == "How do you avoid #overfitting? Try one (or more) of the following:"
    assert "title_as_question" not in overfit.flags
    assert overfit.line_end == 900
    assert overfit.answer.endswith("compensated by the other ones")
    assert "use dataaugmentation strategies" in overfit.answer
    assert "MLinterview" not in overfit.answer and "Einstein" not in overfit.answer
    assert by_start[915].question == "What is the order of execution of an SQL query?"


def test_scrape_repeats_dropped(by_start):
    assert by_start[971].line_end == 982  # 983 repeats 974
    assert by_start[971].answer.count("we can get two consecutive 3’s in three ways") == 1
    assert by_start[1157].line_end == 1171  # 1172 repeats 1167; 1165 repeats 1159
    assert by_start[1157].answer.count("a list is created by placing elements") == 1
    assert by_start[1247].line_end == 1260  # 1261 repeats 1249
    assert by_start[1300].line_end == 1314  # 1315-1316 repeat 1309 and 1304
    assert by_start[678].answer.count("A monotonic relationship is a relationship") == 1  # 689
    pros = by_start[556]  # real short repeats stay
    assert pros.answer.splitlines().count("Pros") == 10 and pros.line_end == 659


def test_short_answer_kept(by_start):
    item = by_start[545]
    assert item.question == "Explain mean/average in terms of attention."
    assert item.answer == "Averaging is equivalent to uniform attention."
    assert (item.line_end, item.title) == (546, None)


def test_already_questions_unchanged(by_start):
    kept = {180: "What do you do when you have a low amount of data and large amount of features",
            503: "how to debug when online and offline results are inconsistent",
            660: "Define correlation",
            1262: "What to do with imbalance class"}
    for start, question in kept.items():
        assert (by_start[start].question, by_start[start].title) == (question, None)
        assert "title_as_question" not in by_start[start].flags


def test_title_as_question(items, by_start):
    rephrased = [i for i in items if "title_as_question" in i.flags]
    assert len(rephrased) == 51
    assert all(i.title and i.question.endswith("?") and i.question != i.title for i in rephrased)
    assert {i.line_start for i in items if i.title} == {i.line_start for i in rephrased} | {888}
    assert by_start[310].question == "What is multicollinearity?"
    assert by_start[414].question == "Why is omitting data normalization a problem?"
    assert by_start[523].question == "Why can a model file be very large, and how can you reduce its size?"
    assert by_start[1507].title == "Data Imbalance:"


@pytest.mark.parametrize("title, question", [
    ("Multicollinearity", "What is multicollinearity?"),
    ("Randomness", "What is randomness?"),
    ("Data leaks", "What are data leaks?"),
    ("Learning rate schedules", "What are learning rate schedules?"),
    ("Best practices for A/B Testing", "What are best practices for A/B testing?"),
    ("Params, Weights, and Features", "What are params, weights, and features?"),
    ("Understanding Data Drift and Semantic Shift", "What are data drift and semantic shift?"),
    ("Omitting data normalization", "Why is omitting data normalization a problem?"),
    ("Failure to detect outliers in data", "Why is failing to detect outliers in data a problem?"),
    ("Balancing data:", "How do you balance data?"),
    ("Generate Embeddings", "How do you generate embeddings?"),
    ("Comparing Group Normalization and Batch Normalization",
     "How do group normalization and batch normalization compare?"),
    ("Batch Inference vs Online Inference: Methods and Considerations",
     "What is the difference between batch inference and online inference?"),
    ("MLOps level 1: ML pipeline automation", "What is MLOps level 1 (ML pipeline automation)?"),
    ("Focal loss for imbalance class", "What is focal loss for imbalance class?"),
    ("Explain Spearman’s Correlation Coefficient", "Explain Spearman’s Correlation Coefficient"),
])
def test_rephrasing_rules(title, question):
    assert as_question(title) == question


def test_symbols_lost_everywhere(items, by_start):
    assert all(i.flags[0] == "symbols_lost" for i in items)
    assert "such as 46 layers" in by_start[208].answer  # 4-6 lost its dash


def test_math_lost(items):
    assert [i.line_start for i in items if "math_lost" in i.flags] == [
        533, 547, 556, 667, 691, 794, 831, 952, 959, 971, 984, 1004, 1047, 1057, 1173, 1196, 1209, 1285,
        1469, 1550]


def test_missing_figure(items):
    assert [i.line_start for i in items if "missing_figure" in i.flags] == [
        155, 310, 382, 669, 691, 1047, 1057, 1062, 1183, 1194, 1285, 1383, 1386, 1402, 1444, 1469, 1484,
        1550]


def test_code_and_coding_kind(items, by_start):
    assert [i.line_start for i in items if "code_in_answer" in i.flags] == [260, 691, 732, 766, 915, 1229]
    assert [i.line_start for i in items if i.kind is Kind.coding] == [732, 766, 1062, 1194, 1229]
    assert "print(movie_embeddings)" in by_start[260].answer.splitlines()
    assert by_start[260].line_end == 309


def test_clean_text(items):
    for item in items:
        assert len(item.question) < 400
        assert "\n" not in item.question
        assert not any(a in item.answer for a in ARTIFACTS)
        assert all(line == line.strip() and line for line in item.answer.splitlines())
        assert item.difficulty is None
