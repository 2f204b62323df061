"""The rubric's quality rules: key points are claims, questions read alone, 004's hyphens come back.

The lint counts every defect class on the built corpus and must stay at zero; the unit tests show what
each rule catches and what it leaves alone, with examples taken from the sources.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from mockinterview.corpus.build import build_records, build_rule_records
from mockinterview.corpus.hyphens import REVIEWED, REVIEWED_PHRASES, learned_compounds, repair, suspects
from mockinterview.corpus.keypoints import candidates, extract_key_points, question_subject, unwrap
from mockinterview.corpus.lint import DEFECT_CLASSES, counts, lint
from mockinterview.corpus.pointrules import capitalise, point_defects, strip_markup
from mockinterview.corpus.questions import strip_title_prefix, title_prefix


@pytest.fixture(scope="module")
def records():
    return build_records()


def test_lint_counts_every_defect_class_at_zero(records):
    figures = counts(lint(records))
    assert set(figures) == set(DEFECT_CLASSES)
    assert figures == {kind: 0 for kind in DEFECT_CLASSES}, {k: v for k, v in figures.items() if v}


@pytest.mark.parametrize(
    ("point", "defect"),
    [
        ("Key Data Structures and Their Roles.", "heading"),
        ("How to Save and Load Models in Python.", "heading"),
        ("Step 5: Model Training and Evaluation.", "heading"),
        ("Why is Model Versioning Important?", "question"),
        ("Did you know there’s also the “Big/large file problem”?", "filler"),
        ("Understanding these is crucial because your entire dataset manipulation depends on them.", "filler"),
        ("This example will compare a standard Linear Regression model with a Ridge model.", "filler"),
        ("Import tensorflow as tf from tensorflow import keras from tensorflow.keras.models import Sequential", "code"),
        ("# Create some sample data with two features np.random.seed(0)", "code"),
        ("**Bias**: Error from erroneous assumptions in the model (underfitting).", "markup"),
        ("| Feature | Multithreading | Multiprocessing |.", "markup"),
        ("✅ Self-attention is the heart of the Transformer architecture.", "emoji"),
        ("It computes all the elements of the list and stores them in memory immediately.", "dangling_pronoun"),
        ("This heap is a portion of memory that is managed by the Python Memory Manager.", "dangling_pronoun"),
        ("Df.dropna(axis=1): Drops columns with any missing values.", "mangled_identifier"),
        ("It’s particularly useful when preprocessing features.", "dangling_pronoun"),
        ("Concept: These methods use a specific model to evaluate subsets of features.", "dangling_pronoun"),
        ("As shown in the image below.", "filler"),
        ("The figure below summarizes these assumptions.", "filler"),
        ("Uses what the encoder understood.", "fragment"),
        ("When you need to perform mathematical set operations.", "fragment"),
    ],
)
def test_point_defects_catch_the_issue_examples(point, defect):
    assert defect in point_defects(point)


@pytest.mark.parametrize(
    "point",
    [
        "Python 3: Text is Unicode by default.",
        "Lambda functions are small anonymous functions defined in a single line without a formal def statement.",
        "__slots__ is a special class variable in Python that provides a way to optimize memory usage.",
        "Redis Cluster partitions the keyspace across nodes: each key maps to one of 16,384 hash slots.",
        "Use *args and **kwargs to accept any number of arguments.",
    ],
)
def test_point_defects_leave_claims_alone(point):
    assert point_defects(point) == []


def test_markup_and_emoji_are_stripped_but_their_words_kept():
    assert strip_markup("✅ **No data leakage** — fit on `train` only, see [docs](https://x.y).") == (
        "No data leakage — fit on train only, see docs."
    )
    assert strip_markup("def f(*args, **kwargs)") == "def f(*args, **kwargs)"


def test_capitalise_never_upper_cases_an_identifier_or_a_greek_letter():
    assert capitalise("df.dropna(axis=1) drops columns.") == "df.dropna(axis=1) drops columns."
    assert capitalise("x_train holds the features.") == "x_train holds the features."
    assert capitalise("λ (lambda) sets the strength.") == "λ (lambda) sets the strength."
    assert capitalise("pandas is a library.") == "Pandas is a library."


def test_a_pronoun_sentence_is_joined_to_its_antecedent():
    answer = ("A list comprehension builds a whole list in memory at once. "
              "It computes all the elements immediately upon creation.")
    assert candidates(answer) == [
        "A list comprehension builds a whole list in memory at once.",
        "A list comprehension builds a whole list in memory at once. It computes all the elements immediately upon creation.",
    ]


def test_an_opening_it_takes_the_question_subject_and_other_dangling_sentences_go():
    answer = "It is a high-level deep learning API that runs on top of TensorFlow.\n- Layers\nThis makes it easy to prototype networks quickly."
    assert question_subject("What is Keras?") == "Keras"
    assert candidates(answer, "What is Keras?") == ["Keras is a high-level deep learning API that runs on top of TensorFlow."]
    assert candidates(answer, "Why does it matter?") == []


def test_code_lines_are_not_joined_to_prose_and_never_become_points():
    lines = ["Regularization adds a penalty to the loss", "import numpy as np", "from sklearn.linear_model import Ridge"]
    assert unwrap(lines) == lines
    answer = "Ridge regression shrinks the coefficients towards zero.\nimport numpy as np\nmodel = Ridge(alpha=1.0)"
    assert candidates(answer) == ["Ridge regression shrinks the coefficients towards zero."]


def test_step_comments_and_lead_ins_are_used_only_when_nothing_else_is_left():
    code_only = "# Load the dataset from the provided URL and show the first rows.\nimport pandas as pd\ndata = pd.read_csv(url)"
    assert candidates(code_only) == ["Load the dataset from the provided URL and show the first rows."]
    lead_in = "A confusion matrix is a table showing counts of predicted versus actual labels:\n- TP\n- FN"
    assert extract_key_points("Explain a confusion matrix.", lead_in) == [
        "A confusion matrix is a table showing counts of predicted versus actual labels."
    ]
    assert candidates(lead_in + "\nThe diagonal of the matrix counts the correct predictions.") == [
        "The diagonal of the matrix counts the correct predictions."
    ]


def test_hyphens_come_back_from_the_other_sources_and_the_reviewed_list():
    assert learned_compounds()["crossvalidation"] == "cross-validation"
    assert learned_compounds()["keyvalue"] == "key-value"
    assert repair("Redis is a keyvalue store; use crossvalidation for selfdriving data.") == (
        "Redis is a key-value store; use cross-validation for self-driving data."
    )
    assert repair("Aiming for between 100200 MBs for file") == "Aiming for between 100-200 MBs for file"
    assert repair("KolmogorovSmirnov and OneHot and theGROUP BYclause") == (
        "Kolmogorov-Smirnov and One-Hot and the GROUP BY clause"
    )
    assert repair("a dataset online") == "a dataset online"  # real words are left alone


def test_every_reviewed_repair_only_inserts_hyphens_or_spaces():
    for glued, fixed in REVIEWED.items():
        assert fixed.replace("-", "").replace(" ", "").lower() == glued, glued
    for glued, fixed in REVIEWED_PHRASES.items():
        assert fixed.replace("-", "").replace(" ", "") == glued.replace(" ", ""), glued


def test_suspects_flag_what_stays_glued():
    assert suspects("The crossvalidation score") == ["crossvalidation"]
    assert suspects("a lowlatency server") == ["lowlatency"]
    assert suspects("we overcome it, moreover") == []


def test_stray_titles_in_front_of_questions_are_dropped_when_the_rest_stands_alone():
    assert strip_title_prefix("Hyperparameters. Explain algorithm for tuning hyperparameters.") == (
        "Explain algorithm for tuning hyperparameters."
    )
    assert strip_title_prefix("Feature leakage: How do you detect feature leakage?") == "How do you detect feature leakage?"
    leaning = "Empirical risk minimization. Why is it empirical?"
    assert strip_title_prefix(leaning) == leaning and title_prefix(leaning) is not None
    assert title_prefix("Describe how a dictionary works in Python. What are keys and values?") is None


def test_reworded_questions_keep_the_source_wording_and_their_id(records):
    record = next(r for r in records if r.original_question == "Hyperparameters. Explain algorithm for tuning hyperparameters.")
    assert record.question == "Explain algorithm for tuning hyperparameters."
    assert record.id == "c6943895ac68"  # derived from the source's wording, as before the rewording
    randomness = next(r for r in records if r.id == "5c8fceb96bf3")
    assert "random_state" in randomness.question and randomness.title == "Randomness"


def test_004_text_is_repaired_in_what_the_candidate_reads(records):
    texts = [ref.text for r in records for ref in r.references if ref.source.startswith("004")]
    assert not any("crossvalidation" in t or "selfdriving" in t or "keyvalue" in t for t in texts)
    assert any("cross-validation" in t for t in texts)


def test_lint_cli_reports_counts_and_exits_zero_when_clean():
    from mockinterview.ui.commands.corpus import corpus

    result = CliRunner().invoke(corpus, ["lint", "--examples", "0"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "point_heading" in result.output and result.output.rstrip().endswith("0 defect(s): the rubric is clean")


def test_rule_records_differ_from_reviewed_records_only_where_overrides_say(records):
    rules = {r.id: r for r in build_rule_records()}
    changed = {r.id for r in records if r != rules[r.id]}
    from mockinterview.corpus.overrides import load_overrides

    named = {o.id for o in load_overrides()} | {c for o in load_overrides() for c in o.conflicts_with}
    assert changed == named


# -- overrides ----------------------------------------------------------------------------------------
def test_every_override_names_a_record_and_changes_something():
    from mockinterview.corpus.overrides import load_overrides, stale

    overrides = load_overrides()
    assert overrides, "corpus/overrides.toml holds the reviewed fixes"
    assert stale(build_rule_records(), overrides) == []
    assert all(o.reason.strip() for o in overrides)


def test_a_stale_override_is_reported(records):
    from mockinterview.corpus.overrides import parse_overrides, stale

    record = records[0]
    overrides = parse_overrides(
        f'[[record]]\nid = "{record.id}"\nreason = "no-op"\nquestion = "{record.question}"\n'
        '[[record]]\nid = "000000000000"\nreason = "gone"\ntopic = "python"\n'
    )
    assert stale(records, overrides) == [f"{record.id}: changes nothing (no-op)", "000000000000: no such record"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[record]]\nid = "x"\n', "needs an `id` and a `reason`"),
        ('[[record]]\nid = "x"\nreason = "r"\ntopik = "python"\n', "unknown field"),
        ('[[record]]\nid = "x"\nreason = "r"\ntopic = "cooking"\n', "not in the taxonomy"),
        ('[[record]]\nid = "x"\nreason = "r"\n[[record]]\nid = "x"\nreason = "again"\n', "second entry"),
        ('[[record]]\nid = "x"\nreason = "r"\n[[record.reference]]\nsource = "004"\nkey_points = []\n', "1-8 points"),
    ],
)
def test_malformed_overrides_say_what_is_wrong(text, message):
    from mockinterview.corpus.overrides import OverrideError, parse_overrides

    with pytest.raises(OverrideError, match=message):
        parse_overrides(text)


def test_an_override_for_a_missing_record_fails_the_build(tmp_path):
    from mockinterview.corpus.overrides import OverrideError

    path = tmp_path / "overrides.toml"
    path.write_text('[[record]]\nid = "000000000000"\nreason = "gone"\ntopic = "python"\n', encoding="utf-8")
    with pytest.raises(OverrideError, match="no record has this id"):
        build_records(overrides_path=path)


def test_corrections_and_conflicts_are_applied_and_mutual(records):
    by_id = {r.id: r for r in records}
    redis = by_id["02944648b17d"]
    assert "hash slots" in redis.references[0].correction_note and "corrected" in redis.flags
    assert not any("consistent hashing" in p for p in redis.key_points)
    assert "4b4e984a5eba" not in by_id
    assert by_id["9b4e984a5eba"].conflicts_with == ["d16a25ee7bc5"]
    assert by_id["d16a25ee7bc5"].conflicts_with == ["9b4e984a5eba"]
    assert "conflicting_references" in by_id["d16a25ee7bc5"].flags


def test_the_app_finds_the_correction_note_of_a_shown_model_answer():
    from mockinterview.corpus.store import correction_for, load_corpus

    from mockinterview.corpus.rubrics import rubric_for

    redis = load_corpus().get("02944648b17d")
    # The reviewed rubric's correction, where it writes one, is the note shown; else the build's own.
    expected = rubric_for(redis.id).correction or redis.references[0].correction_note
    assert expected and correction_for(redis.model_answer) == expected
    assert correction_for("an answer no reference gives") is None and correction_for("") is None
