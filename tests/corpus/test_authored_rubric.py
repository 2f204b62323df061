"""The authored rubric: every answered record has one, it validates, and the editorial checks stay at
zero (probes and hints that give a claim away, misconceptions that copy a claim, how-to claims ...)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from mockinterview.corpus.rubric_lint import RUBRIC_CLASSES, gives_away, is_claim_sentence, lint_rubrics, rubric_defects
from mockinterview.corpus.rubric_schema import Claim, Misconception, QuestionRubric
from mockinterview.corpus.rubrics import RubricError, load_rubrics
from mockinterview.corpus.store import load_corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_every_answered_record_has_a_rubric_and_the_lint_is_clean(corpus):
    report = lint_rubrics(corpus.records, load_rubrics())
    offenders = {kind: [(d.record_id, d.text[:80]) for d in found[:3]] for kind, found in report.items() if found}
    assert not offenders


def test_questions_without_a_reference_have_no_rubric(corpus):
    unanswered = {r.id for r in corpus.records if not r.answered}
    assert unanswered and not unanswered & set(load_rubrics())


def test_every_rubric_names_its_author_and_reviewer():
    rubrics = load_rubrics()
    assert all(r.authored_by and r.reviewed_by and r.reviewed_by != r.authored_by for r in rubrics.values())


def _rubric(**changes) -> QuestionRubric:
    values = dict(
        id="x", question="Why does L1 regularization give sparse models?", authored_by="a", reviewed_by="b",
        written=date(2026, 12, 1), rephrasing="How does an L1 penalty lead to sparse weights?",
        claims=[Claim(id="c1", kind="core", text="The L1 penalty drives small weights exactly to zero.",
                      probe="What happens to small coefficients under each penalty?",
                      hints=["Think about the shape of the penalty near the origin.",
                             "Compare the pull on a tiny weight under |w| and under w squared."]),
                Claim(id="c2", kind="detail", text="Elastic net combines the L1 and L2 penalties in one model.")],
        misconceptions=[Misconception(text="Ridge is the penalty that makes coefficients vanish completely.",
                                      contradicts="c1", correction="Ridge shrinks; lasso zeroes.", paraphrase="...")],
    )
    values.update(changes)
    return QuestionRubric(**values)


class _Record:
    answered = True
    question = "Why does L1 regularization give sparse models?"


def test_a_clean_rubric_has_no_defects():
    assert rubric_defects(_rubric(), _Record()) == []


def test_a_probe_that_states_the_claim_is_caught():
    claim = _rubric().claims[0].model_copy(update={"probe": "Does the L1 penalty drive small weights exactly to zero?"})
    kinds = {d.kind for d in rubric_defects(_rubric(claims=[claim, _rubric().claims[1]]), _Record())}
    assert "probe_gives_away" in kinds


def test_a_misconception_that_copies_a_claim_is_caught():
    copy = Misconception(text="The L1 penalty never drives small weights exactly to zero.", contradicts="c1",
                         correction="It does.", paraphrase="...")
    kinds = {d.kind for d in rubric_defects(_rubric(misconceptions=[copy]), _Record())}
    assert kinds == {"misconception_near_copy"}


def test_how_to_steps_headings_and_questions_are_not_claims():
    assert not is_claim_sentence("Define a grid of all the values you want to try.")
    assert not is_claim_sentence("Key Data Structures:")
    assert not is_claim_sentence("Why is random search better than grid search?")
    assert is_claim_sentence("Random search samples configurations, so it tries more values of each hyperparameter.")


def test_give_away_ignores_the_question_words():
    question = "What is bagging?"
    claim = "Bagging trains models on bootstrap samples and averages their predictions."
    assert not gives_away("How is each model's training data drawn in bagging?", claim, question)
    assert gives_away("Why average predictions of models trained on bootstrap samples?", claim, question)


def test_a_misconception_must_name_a_claim_of_its_rubric():
    with pytest.raises(ValueError, match="unknown claim"):
        _rubric(misconceptions=[Misconception(text="x", contradicts="c9", correction="y")])


def test_a_bad_line_stops_loading_with_its_file_and_line(tmp_path):
    good = _rubric().model_dump(mode="json")
    (tmp_path / "topic.jsonl").write_text(json.dumps(good) + "\n" + json.dumps({**good, "claims": []}) + "\n")
    with pytest.raises(RubricError, match="topic.jsonl line 2"):
        load_rubrics(tmp_path)


def test_every_class_is_described():
    assert set(lint_rubrics([], {})) == set(RUBRIC_CLASSES)
