"""The few numbers that turn the judge's probabilities into a 0-10 score, fitted on a dev split.

The judge (pair_model.py) says how likely the answer states the whole reference, and how likely it
states each key point. The score blends the two: the whole-reference view rewards an answer that says
the essential thing in its own words; the key-point view rewards breadth. Coverage is the mean of the
best `coverage_share` of the points, so a rubric point that is filler, a heading or a side remark
(the corpus is not perfect) never costs the candidate: nobody is expected to say everything.
A wrong claim costs `contradiction_penalty` points. Nothing here caps a score because a threshold was
missed: the caps left are for answers that are not answers (see embedded.py).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
MAX_PENALISED_CLAIMS = 2


class Calibration(BaseModel):
    whole_weight: float = Field(0.4, description="Score weight of P(answer states the whole reference)")
    coverage_weight: float = Field(0.4, description="Score weight of key-point coverage")
    similarity_weight: float = Field(0.3, description="Score weight of the answer's embedding similarity to "
                                                      "the reference (steadies the judge on long texts)")
    intercept: float = Field(0.0, description="Score intercept (0-1 scale)")
    coverage_share: float = Field(0.6, gt=0.0, le=1.0,
                                  description="Coverage is the mean of this share of the points, best first")
    contradiction_penalty: float = Field(2.0, ge=0.0, description="Points off per wrong claim (at most two claims)")
    covered_probability: float = Field(0.5, description="A key point counts as covered at this probability")
    off_topic_similarity: float = Field(0.15, description="Below this embedding similarity the answer is about "
                                                          "something else")
    fitted_on: str = Field("defaults", description="Which data the numbers came from")

    def score(self, whole: float, coverage: float, similarity: float, contradictions: int) -> float:
        raw = (self.whole_weight * whole + self.coverage_weight * coverage
               + self.similarity_weight * max(similarity, 0.0) + self.intercept)
        penalty = self.contradiction_penalty * min(contradictions, MAX_PENALISED_CLAIMS)
        return float(np.clip(10.0 * raw - penalty, 0.0, 10.0))


def load_calibration(path: Path = CALIBRATION_PATH) -> Calibration:
    try:
        return Calibration.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Calibration()  # the documented defaults; the grade still works


def save_calibration(calibration: Calibration, path: Path = CALIBRATION_PATH) -> None:
    path.write_text(json.dumps(calibration.model_dump(), indent=2) + "\n", encoding="utf-8")


@dataclass
class ReferenceFeatures:
    """What the score is computed from, for one answer against one reference (cached for fitting)."""

    whole: float  # P(the answer states the reference), from the judge
    points: np.ndarray  # per key point: P(the answer states it)
    checkable: np.ndarray  # per key point: a claim worth checking (not a heading, question or filler)
    contradicted: np.ndarray  # per key point: an answer sentence says the opposite
    answer_similarity: float  # embedding similarity of the answer and the reference (topic check)


def coverage_of(features: ReferenceFeatures, calibration: Calibration) -> float:
    """Mean probability of the best `coverage_share` of the checkable points (contradicted ones count 0)."""
    mask = features.checkable if features.checkable.any() else np.ones_like(features.checkable, dtype=bool)
    values = np.where(features.contradicted, 0.0, features.points)[mask]
    if not len(values):
        return 0.0
    count = max(1, math.ceil(calibration.coverage_share * len(values)))
    return float(np.sort(values)[::-1][:count].mean())


def reference_score(features: ReferenceFeatures, calibration: Calibration) -> float:
    contradictions = int((features.contradicted & features.checkable).sum())
    return calibration.score(features.whole, coverage_of(features, calibration), features.answer_similarity,
                             contradictions)


# -- fitting (evals only) ---------------------------------------------------------------------------------
_SHARES = (0.34, 0.5, 0.6, 0.75, 1.0)
_BOUNDS = ([0.0, 0.0, 0.0, -0.5], [1.5, 1.5, 1.5, 0.3])  # whole, coverage, similarity weights; intercept


def _predict(samples, calibration: Calibration) -> np.ndarray:
    scores = []
    for references, cap, _ in samples:
        score = max((reference_score(f, calibration) for f in references), default=0.0)
        scores.append(min(score, cap) if cap is not None else score)
    return np.array(scores)


def _fit_linear(samples, calibration: Calibration) -> Calibration:
    """Bounded least squares for the blend, on the answers no screening cap decides."""
    from scipy.optimize import lsq_linear

    rows, targets = [], []
    for references, cap, expected in samples:
        if cap is not None or not references:
            continue
        best = max(references, key=lambda f: reference_score(f, calibration))
        rows.append([best.whole, coverage_of(best, calibration), max(best.answer_similarity, 0.0), 1.0])
        targets.append(expected / 10.0)
    if len(rows) < 10:
        return calibration
    solution = lsq_linear(np.array(rows), np.array(targets), bounds=_BOUNDS).x
    names = ("whole_weight", "coverage_weight", "similarity_weight", "intercept")
    return calibration.model_copy(update={n: round(float(v), 4) for n, v in zip(names, solution)})


def fit(samples: list[tuple[list[ReferenceFeatures], float | None, float]], label: str) -> Calibration:
    """Pick the coverage share on a small grid and fit the blend for each; lowest mean absolute error wins."""
    best, best_error = Calibration(), float("inf")
    expected = np.array([target for *_, target in samples])
    for share in _SHARES:
        candidate = _fit_linear(samples, Calibration(coverage_share=share))
        error = float(np.mean(np.abs(_predict(samples, candidate) - expected))) if samples else float("inf")
        if error < best_error:
            best, best_error = candidate, error
    return best.model_copy(update={"fitted_on": label})
