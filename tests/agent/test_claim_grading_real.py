"""Claim-by-claim grading with the real MiniLM and the shipped entailment judge, on corpus questions
outside the interview-answer dev set: a right answer beats a fluent wrong one by a wide margin, a vague
answer scores low, and the evidence quotes the sentence that states (or reverses) each claim."""
from __future__ import annotations

import pytest

from mockinterview.agent.grading.rubric import rubric_for_record
from mockinterview.evals.grading.interview_set import dev_questions

pytestmark = pytest.mark.slow

CASES = {
    "a3c8c486a0d1": {  # bagging vs boosting
        "right": "Bagging trains many models independently on bootstrap samples and averages them, which mostly "
                 "cuts variance, so it suits deep unstable trees. Boosting trains models one after another, each "
                 "one concentrating on the mistakes of the previous ones, so it mainly reduces bias and turns "
                 "weak learners like stumps into a strong model.",
        "wrong": "Bagging trains the models one after another, each correcting the errors of the previous one, "
                 "while boosting trains them in parallel on bootstrap samples and averages them. Both reduce "
                 "the same kind of error, they only differ in speed.",
        "vague": "Bagging and boosting are both ensemble methods and they are very powerful in practice. Which "
                 "one you use really depends on the problem and the data you have.",
    },
    "477fca0ae9a3": {  # precision and recall
        "right": "Precision is the share of the examples the model predicted positive that really are positive, "
                 "TP over TP plus FP. Recall is the share of the actual positives that the model manages to "
                 "find, TP over TP plus FN.",
        "wrong": "Precision tells you how many of the actual positive cases the model finds, so it is TP over TP "
                 "plus FN. Recall counts how many of the model's positive predictions were right, TP over TP "
                 "plus FP.",
        "vague": "Precision and recall are important metrics for classification. They tell you how good your "
                 "model is and you should always look at both of them.",
    },
    "3282d805b88b": {  # overfitting and underfitting
        "right": "Overfitting is when the model memorises noise in the training data: training error is low but "
                 "validation error is much higher. Underfitting is when the model is too simple to capture the "
                 "pattern, so the error is high on both training and validation data. Against overfitting you "
                 "use more data, regularization, a simpler model or early stopping; against underfitting a more "
                 "expressive model, better features or less regularization.",
        "wrong": "Overfitting is when the model does badly on both the training and the test set because it is "
                 "too simple. Underfitting is when the training error is very low but the test error is high. "
                 "The best fix for underfitting is to collect more data.",
        "vague": "Overfitting and underfitting are common problems in machine learning. You have to find the right "
                 "balance, and there are many techniques for that depending on the situation.",
    },
}


@pytest.fixture(scope="module")
def grades(module_real_services):
    services = module_real_services
    grader = services.embedded_grader
    out = {}
    for record_id, answers in CASES.items():
        rubric = rubric_for_record(services.corpus.get(record_id), services.index)
        assert rubric.authored is not None
        out[record_id] = {kind: grader.grade(rubric, text) for kind, text in answers.items()}
    return out


def test_the_cases_are_not_dev_set_questions():
    assert not set(CASES) & set(dev_questions())


@pytest.mark.parametrize("record_id", list(CASES))
def test_right_beats_fluent_wrong_and_vague_scores_low(grades, record_id):
    scores = {kind: grade.score for kind, grade in grades[record_id].items()}
    assert scores["right"] >= 6.5, scores
    assert scores["right"] - scores["wrong"] >= 3.0, scores
    assert scores["vague"] <= 3.5, scores
    assert all("graded_by_claims" in grade.flags for grade in grades[record_id].values())


@pytest.mark.parametrize("record_id", list(CASES))
def test_evidence_quotes_the_candidates_own_sentence(grades, record_id):
    right, wrong = grades[record_id]["right"], grades[record_id]["wrong"]
    for point in right.covered:
        assert point.evidence and point.evidence in CASES[record_id]["right"]
    assert any(p.core for p in right.covered)
    reversed_points = [p for p in wrong.missed if p.contradicted]
    assert reversed_points and "wrong_claim" in wrong.flags
    for point in reversed_points:
        assert point.evidence in CASES[record_id]["wrong"] and point.correction
    assert not grades[record_id]["vague"].covered
