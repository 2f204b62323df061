"""Claim-by-claim grading with a scripted entailment judge: what counts as covered, contradicted or
missed, and how the score follows the core claims (detail claims only add, a reversal costs)."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from mockinterview.agent.grading.claims import ClaimCalibration, analyse_claims, raw_score
from mockinterview.corpus.rubric_schema import Claim, Misconception, QuestionRubric
from mockinterview.index.embedder import HashingEmbedder

ENTAILS, CONTRADICTS, NEUTRAL = 0, 1, 2


class ScriptedJudge:
    """Entails when the premise holds a phrase scripted for the hypothesis; contradicts likewise."""

    def __init__(self, rules: dict[str, tuple[str, int]]) -> None:
        self.rules = rules  # hypothesis prefix -> (phrase in the premise, label)
        self.calls = 0

    def judge(self, pairs):
        self.calls += 1
        out = np.tile(np.array([0.05, 0.05, 0.9], dtype=np.float32), (len(pairs), 1))
        for row, (premise, hypothesis) in enumerate(pairs):
            for prefix, (phrase, label) in self.rules.items():
                if hypothesis.startswith(prefix) and phrase in premise.lower():
                    out[row] = [0.05, 0.05, 0.05]
                    out[row, label] = 0.9
        return out


RUBRIC = QuestionRubric(
    id="r1", question="Why does L1 regularization give sparse models?", authored_by="test", written=date(2026, 12, 1),
    claims=[
        Claim(id="c1", kind="core", text="The L1 penalty drives some weights exactly to zero.",
              probe="What happens to small coefficients?", hints=["a", "b"]),
        Claim(id="c2", kind="core", text="The gradient of the absolute value stays constant near zero.",
              probe="How does the push change near zero?", hints=["a", "b"]),
        Claim(id="c3", kind="detail", text="Elastic net mixes the L1 and L2 penalties together."),
    ],
    misconceptions=[Misconception(text="L2 regularization is what makes weights exactly zero.", contradicts="c1",
                                  correction="L2 shrinks weights towards zero but rarely to exactly zero; L1 does.")],
    rephrasing="How does an L1 penalty lead to sparse weights?",
)
JUDGE = ScriptedJudge({
    "The L1 penalty": ("exactly zero", ENTAILS),
    "The gradient": ("constant pull", ENTAILS),
    "Elastic net": ("elastic net", ENTAILS),
    "L2 regularization is": ("l2 sets weights to zero", ENTAILS),
})


def analyse(answer_sentences: list[str], calibration: ClaimCalibration | None = None):
    encoder = HashingEmbedder()
    vectors = encoder.encode(answer_sentences)
    return analyse_claims(RUBRIC, answer_sentences, vectors, encoder.encode, JUDGE, calibration or ClaimCalibration())


def test_a_sentence_that_states_a_claim_is_its_evidence():
    analysis = analyse(["Regularization helps.", "With L1 many weights end up exactly zero.",
                        "Its subgradient is a constant pull toward the origin."])
    status = {f.claim.id: f.status for f in analysis.findings}
    assert status == {"c1": "covered", "c2": "covered", "c3": "missed"}
    assert analysis.findings[0].evidence == "With L1 many weights end up exactly zero."
    assert analysis.findings[1].evidence == "Its subgradient is a constant pull toward the origin."


def test_a_stated_misconception_contradicts_its_claim_with_the_correction():
    analysis = analyse(["I think L2 sets weights to zero, which is why it is sparse.", "It has a constant pull."])
    first = analysis.findings[0]
    assert first.status == "contradicted"
    assert first.misconception is RUBRIC.misconceptions[0]
    assert first.evidence.startswith("I think L2")


def test_vague_answer_covers_nothing_and_scores_zero():
    analysis = analyse(["Regularization is very important in practice.", "It depends on the data."])
    assert all(f.status == "missed" for f in analysis.findings)
    assert analysis.score == 0.0


def test_detail_claims_add_but_never_cost():
    core_only = analyse(["Weights become exactly zero.", "There is a constant pull."])
    with_detail = analyse(["Weights become exactly zero.", "There is a constant pull.", "Elastic net blends both."])
    half = analyse(["Weights become exactly zero."])
    assert with_detail.score >= core_only.score > half.score > 0


def test_a_reversed_core_claim_costs_more_than_leaving_it_out():
    missing = analyse(["There is a constant pull."])
    wrong = analyse(["There is a constant pull.", "L2 sets weights to zero."])
    assert wrong.score < missing.score


@pytest.mark.parametrize("penalty", [0.0, 0.5])
def test_raw_score_stays_in_range(penalty):
    analysis = analyse(["L2 sets weights to zero."], ClaimCalibration(wrong_penalty=penalty))
    assert 0.0 <= raw_score(analysis, ClaimCalibration(wrong_penalty=penalty)) <= 1.0


def test_one_judge_call_per_answer():
    before = JUDGE.calls
    analyse(["a sentence.", "another sentence.", "a third one.", "and a fourth."])
    assert JUDGE.calls == before + 1
