"""The scorer registry: names are validated with the list of valid ones, and the embedded grader asks
the claims scorer only for a rubric that has authored claims."""
from __future__ import annotations

import pytest

from mockinterview.agent.grading.rubric import Rubric, RubricReference
from mockinterview.agent.grading.scorers import SCORERS, UnknownScorerError, scorer_order
from mockinterview.agent.settings import Settings
from mockinterview.corpus.rubrics import load_rubrics


def test_names_are_validated_in_order_without_repeats():
    assert scorer_order("similarity, claims,similarity") == ("similarity", "claims")


def test_an_unknown_name_lists_the_valid_ones():
    with pytest.raises(UnknownScorerError) as caught:
        scorer_order("claims,bert")
    message = str(caught.value)
    assert "'bert'" in message and all(name in message for name in SCORERS)


def test_the_setting_refuses_an_unknown_scorer():
    with pytest.raises(ValueError, match="valid names"):
        Settings(_env_file=None, scorers="nope")


def test_without_claims_in_the_order_the_grader_scores_by_similarity(embedded):
    from mockinterview.agent.grading.embedded import EmbeddedGrader

    class Never:
        def judge(self, pairs):
            raise AssertionError("the claims scorer was asked")

    grader = EmbeddedGrader(embedded.index, claim_judge=Never(), scorers="similarity")
    authored = next(iter(load_rubrics().values()))
    rubric = Rubric(authored.question, [RubricReference("Some reference text about it.", ["A key point here."])],
                    authored.id, authored=authored)
    grade = grader.grade(rubric, "An answer that says something about the question.")
    assert "graded_by_claims" not in grade.flags and grade.score is not None
