"""The grader's judgement with the real model: wrong claims named, evidence right, code and other
languages handled, rubric noise free, misspelled real answers not called gibberish."""
from __future__ import annotations

import pytest

from mockinterview.agent.grading.rubric import Rubric, RubricReference, is_checkable, rubric_for_text
from mockinterview.agent.grading.schema import Verdict

pytestmark = pytest.mark.slow

L1_REFERENCE = ("L1 regularization adds the sum of the absolute values of the weights to the loss. "
                "L1 regularization drives many weights to exactly zero, so it produces sparse models. "
                "L2 regularization shrinks all weights smoothly towards zero without making them exactly zero.")


@pytest.fixture(scope="module")
def grader(module_real_services):
    return module_real_services.grader("embedded")


def test_a_reversed_claim_is_named_and_costs_points(grader):
    rubric = rubric_for_text("What is the difference between L1 and L2 regularization?", L1_REFERENCE)
    right = grader.grade(rubric, "L1 penalises the absolute size of the weights and pushes many of them to "
                                 "exactly zero, which gives a sparse model. L2 only shrinks the weights.")
    wrong = grader.grade(rubric, "L2 penalises the absolute size of the weights and pushes many of them to "
                                 "exactly zero, which gives a sparse model. L1 only shrinks the weights.")
    assert "wrong_claim" not in right.flags
    assert "wrong_claim" in wrong.flags
    assert right.score >= wrong.score + 2.0
    flagged = [p for p in wrong.missed if p.contradicted]
    assert flagged and flagged[0].evidence.startswith("L2 penalises")
    assert 'You said "L2 penalises' in wrong.feedback and "but the reference says" in wrong.feedback


def test_a_correct_negative_sentence_is_not_a_contradiction(grader):
    rubric = rubric_for_text("Why do we train neural networks in mini-batches?",
                             "Processing one example at a time uses the hardware inefficiently. "
                             "Mini-batches let the GPU process many examples in parallel.")
    grade = grader.grade(rubric, "With one example at a time you can't use the hardware as efficiently. "
                                 "Batches let the GPU work on many examples in parallel.")
    assert "wrong_claim" not in grade.flags
    assert grade.score >= 6.5


def test_own_words_answer_gets_credit_with_evidence(grader):
    rubric = rubric_for_text("What are the main advantages of object-oriented programming?",
                             "Abstraction and reusability.")
    grade = grader.grade(rubric, "The main advantages are data abstraction, easier maintenance and re-usability.")
    assert grade.score >= 5.5, grade  # measured 6.0 (the old grader: 2.0, "nothing covered")
    assert grade.covered and all(point.evidence for point in grade.covered)


def test_filler_key_points_never_cost_points(grader):
    points = ["L1 regularization drives many weights to exactly zero, producing sparse models.",
              "L2 regularization shrinks weights smoothly without making them exactly zero."]
    clean = Rubric("L1 vs L2?", [RubricReference(" ".join(points), points, "test")])
    noisy_points = points + ["Key Data Structures and Their Roles.", "Why is Model Versioning Important?"]
    noisy = Rubric("L1 vs L2?", [RubricReference(" ".join(points), noisy_points, "test")])
    answer = "L1 pushes many weights to exactly zero, so the model is sparse; L2 just shrinks them smoothly."
    assert not is_checkable("Key Data Structures and Their Roles.")
    assert abs(grader.grade(clean, answer).score - grader.grade(noisy, answer).score) <= 1.0


def test_code_is_graded_for_what_it_says(grader):
    rubric = rubric_for_text("Write a small convolutional network in PyTorch.",
                             "A CNN stacks convolution layers (nn.Conv2d) with ReLU activations and pooling, "
                             "then flattens the features and ends with a fully connected linear layer.")
    answer = ("import torch.nn as nn\n"
              "class Net(nn.Module):\n"
              "    def __init__(self):\n"
              "        super().__init__()\n"
              "        self.conv = nn.Conv2d(3, 16, kernel_size=3)  # convolution layer\n"
              "        self.pool = nn.MaxPool2d(2)  # pooling\n"
              "        self.fc = nn.Linear(16 * 15 * 15, 10)  # fully connected output layer\n"
              "    def forward(self, x):\n"
              "        x = self.pool(nn.functional.relu(self.conv(x)))\n"
              "        return self.fc(x.flatten(1))\n")
    grade = grader.grade(rubric, answer)
    assert "gibberish" not in grade.flags and "graded_as_code" in grade.flags
    assert grade.score >= 4.0
    assert "Graded from what the code says" in grade.feedback


def test_a_german_answer_is_not_scored(grader):
    rubric = rubric_for_text("What are the advantages of object-oriented programming?", "Abstraction and reusability.")
    grade = grader.grade(rubric, "Die wichtigsten Vorteile sind die Abstraktion der Daten und die "
                                 "Wiederverwendbarkeit des Codes.")
    assert grade.score is None and grade.verdict == Verdict.ungraded
    assert "language:German" in grade.flags
    assert grade.feedback.startswith("Answers are graded in English")


def test_a_question_with_no_close_material_is_ungraded(grader, real_index):
    from mockinterview.agent.grading.rubric import lookup_rubric

    rubric = lookup_rubric("Which river flows through the city of Vienna and into the Black Sea?", real_index)
    grade = grader.grade(rubric, "The Danube.")
    assert grade.score is None and grade.verdict == Verdict.ungraded
    assert "cannot be graded reliably" in grade.feedback


def test_misspelled_real_answers_are_not_gibberish(grader):
    """Real answers people gave credit to (SemEval, SAF train splits): under 1% may be screened out."""
    from mockinterview.agent.grading.screening import is_gibberish
    from mockinterview.evals.grading.asag import training_items

    credited = [item.answer for item in training_items() if item.score > 0][::4]
    flagged = [answer for answer in credited if is_gibberish(answer, grader.vocabulary)]
    assert len(credited) > 1000
    assert len(flagged) / len(credited) < 0.01, flagged[:10]
    assert not is_gibberish("the paremeters are learnd from data", grader.vocabulary)
    assert is_gibberish("asdkjh qwpoeiru zxmcnv lkjqwe", grader.vocabulary)


def test_a_one_word_answer_is_not_a_restatement(grader):
    """Powergrading-style: the answer adds one word to the question's, and it is the right word."""
    rubric = rubric_for_text("Who was the first president of the United States?", "George Washington.")
    grade = grader.grade(rubric, "Washington")
    assert "restates_question" not in grade.flags
    assert grade.score >= 5.0, grade


def test_repeating_the_question_is_capped(grader):
    rubric = rubric_for_text("Why does L1 regularization produce sparse models?", L1_REFERENCE)
    grade = grader.grade(rubric, "L1 regularization produces sparse models.")
    assert "restates_question" in grade.flags
    assert grade.score <= 1.0


def test_a_list_is_an_answer_when_the_question_asks_for_one(grader):
    listing = rubric_for_text("Name three rights guaranteed by the First Amendment.",
                              "Freedom of speech, freedom of religion, freedom of the press, the right to assemble.")
    explain = rubric_for_text("Explain how L1 regularization leads to sparse models.", L1_REFERENCE)
    assert "keyword_list" not in grader.grade(listing, "speech, religion, press").flags
    assert "keyword_list" in grader.grade(explain, "absolute, weights, zero, sparse, penalty").flags


def test_the_cached_answer_vector_is_the_reference_embedding(real_index):
    """Grading reads a corpus reference's vector from the index instead of embedding it again."""
    records = [r for r in real_index.records if r.answered][::97][:6]
    fresh = real_index.encode([r.model_answer for r in records])
    for record, vector in zip(records, fresh):
        assert float(real_index.answer_vector(record.id) @ vector) > 0.999, record.id
