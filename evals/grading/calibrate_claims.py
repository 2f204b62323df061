"""Fit the claim grader's thresholds, weights and 0-10 stretch on the TUNE split of the interview-answer
dev set only (`mockinterview eval calibrate-claims`); the held-out split is reported, never fitted.

The judge is asked once per answer (its outputs are memoised), then a small grid of thresholds and
weights is scored by Pearson r on the tune answers; the stretch matches the mean and spread of the
human grades (least squares pulls every score toward the middle).
"""
from __future__ import annotations

import itertools
import json
from dataclasses import asdict, replace

import numpy as np

from mockinterview.agent.grading.claims import CALIBRATION_PATH, ClaimCalibration, analyse_claims

from .interview_set import InterviewAnswer, load_interview_set, pearson

GRID = {
    "covered_at": (0.5, 0.6, 0.7, 0.8),
    "credit_from": (0.2, 0.3, 0.4),
    "contradicted_at": (0.5, 0.6, 0.7, 0.8),
    # Negative: a reversal must beat the claim's best entailment by that much; 1.0: it always wins.
    "contradiction_margin": (-0.3, -0.1, 0.0, 0.15, 1.0),
    "detail_weight": (0.3, 0.6),
    "wrong_penalty": (0.35, 0.5, 0.7),
    "detail_wrong_penalty": (0.0, 0.15),
    "paraphrases_checked": (0, 1),
    "contradiction_similarity": (0.0, 0.4),
}


class MemoJudge:
    def __init__(self, judge) -> None:
        self.judge_model, self.memo = judge, {}

    def judge(self, pairs):
        missing = [p for p in dict.fromkeys(pairs) if p not in self.memo]
        if missing:
            self.memo.update(zip(missing, self.judge_model.judge(missing)))
        return np.array([self.memo[p] for p in pairs]) if pairs else np.zeros((0, 3))


def _prepared(services, items: list[InterviewAnswer]):
    """(authored rubric, sentences, sentence vectors) per answer, screened as the grader screens it."""
    from mockinterview.agent.grading.rubric import lookup_rubric

    grader = services.embedded_grader
    rubrics = {q: lookup_rubric(q, services.index) for q in dict.fromkeys(i.question for i in items)}
    ready = grader.prepare([(rubrics[i.question], i.answer) for i in items])
    return [(rubrics[i.question].authored, r.screened.sentences, r.vectors) for i, r in zip(items, ready)]


def raw_scores(prepared, encode, judge, calibration: ClaimCalibration) -> list[float]:
    return [analyse_claims(rubric, sentences, vectors, encode, judge, calibration).raw if rubric else 0.0
            for rubric, sentences, vectors in prepared]


def fit(services) -> dict:
    items = load_interview_set()
    tune = [i for i in items if i.split == "tune"]
    if not tune:
        raise FileNotFoundError("The interview-answer set has no tune split to fit on.")
    encoded: dict[str, np.ndarray] = {}

    def encode(texts):
        missing = [t for t in texts if t not in encoded]
        if missing:
            encoded.update(zip(missing, services.index.encode(missing)))
        return np.stack([encoded[t] for t in texts])

    judge = MemoJudge(services.claim_judge)
    prepared = _prepared(services, tune)
    human = [i.human_score for i in tune]
    best, best_r = ClaimCalibration(), -2.0
    for values in itertools.product(*GRID.values()):
        candidate = replace(ClaimCalibration(), **dict(zip(GRID, values)))
        if candidate.credit_from >= candidate.covered_at:
            continue
        r = pearson(raw_scores(prepared, encode, judge, candidate), human)
        if r > best_r + 1e-9:
            best, best_r = candidate, r
    raw = np.array(raw_scores(prepared, encode, judge, best))
    scale = float(np.std(human) / max(1e-6, np.std(raw)))
    offset = float(np.mean(human) - scale * np.mean(raw))
    fitted = replace(best, scale=round(scale, 3), offset=round(offset, 3),
                     fitted_on=f"interview_answers.jsonl tune split ({len(tune)} answers)")
    values = asdict(fitted)
    values["tune_pearson"] = round(best_r, 3)
    CALIBRATION_PATH.write_text(json.dumps(values, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return values
