"""The real-data grading eval: which rows train and which judge, the interval arithmetic, and the
grader against plain cosine on held-out real answers (quick subset)."""
from __future__ import annotations

import pytest

from mockinterview.evals.grading.asag import (
    HELD_OUT_SPLIT,
    OUTSIDE_SETS,
    TRAINED_SETS,
    AsagDataError,
    held_out_items,
    load_dataset,
    training_items,
)
from mockinterview.evals.grading.real import bootstrap, summary


def test_training_and_evaluation_rows_never_overlap():
    train = training_items()
    assert {item.split for item in train} == {"train"}
    assert {item.dataset for item in train} == set(TRAINED_SETS)  # never Powergrading or CU-NLP
    train_questions = {item.question_key for item in train}
    for name in TRAINED_SETS:
        held = held_out_items(name)
        assert held and {item.split for item in held} == {HELD_OUT_SPLIT}
        assert not {item.question_key for item in held} & train_questions
    for name in OUTSIDE_SETS:
        assert held_out_items(name)


def test_leave_one_dataset_out_drops_that_set():
    assert "semeval2013_beetle" not in {i.dataset for i in training_items(exclude=("semeval2013_beetle",))}


def test_beetle_keeps_every_best_reference():
    items = load_dataset("semeval2013_beetle")
    assert any(len(item.references) > 1 for item in items)
    assert all(" || " not in reference for item in items for reference in item.references)


def test_a_missing_data_folder_says_where_it_looked(tmp_path):
    with pytest.raises(AsagDataError, match="MOCKINTERVIEW_ASAG_DIR"):
        load_dataset("semeval2013_beetle", tmp_path)


def test_bootstrap_resamples_whole_questions():
    groups = ["a"] * 5 + ["b"] * 5 + ["c"] * 5
    human = [0.0, 0.5, 1.0, 1.0, 0.0] * 3
    perfect = summary(groups, human, human)
    assert perfect["pearson"] == 1.0 and perfect["pearson_ci"] == [1.0, 1.0] and perfect["mae"] == 0.0
    noisy = [h + (0.3 if g == "b" else -0.2) for g, h in zip(groups, human)]
    low, high = bootstrap(groups, noisy, human, lambda x, y: sum(abs(a - b) for a, b in zip(x, y)) / len(x))
    assert 0.2 <= low <= high <= 0.3  # only the mix of questions varies, so the MAE stays within their offsets


@pytest.mark.slow
def test_grader_beats_cosine_on_held_out_real_answers(module_real_services):
    from mockinterview.evals.grading.real import run_real_eval

    services = module_real_services
    report = run_real_eval(services.grader("embedded"), services.embedder.encode, quick=True)
    results = report["datasets"]
    assert set(results) == {"SciEntsBank", "Beetle", "SAF", "Powergrading", "CU-NLP"}
    # The full held-out splits (README) put the grader ahead of cosine on all five sets, clearly on the
    # SemEval ones; on a 150-answer subsample the narrow margins elsewhere may go either way.
    for name in ("SciEntsBank", "Beetle"):
        assert results[name]["grader"]["pearson"] > results[name]["cosine"]["pearson"], results[name]
    assert all(r["grader"]["pearson"] > r["cosine"]["pearson"] - 0.05 for r in results.values()), results
    assert results["SciEntsBank"]["wrong_claim_flags_on_correct"] <= 0.05
    assert all(r["gibberish_flags_on_credited"] <= 0.01 for r in results.values())
