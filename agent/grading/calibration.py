"""The few numbers that turn similarities into a 0-10 score, fitted on the dev split of the grading set.

Two small, monotone steps keep the grader explainable: a logistic curve says how likely each key point
is covered (from the best sentence similarity and the share of its technical terms the answer uses), and
a clipped linear map turns mean coverage and whole-answer similarity into the score. `fit` chooses the
parameters that minimise squared error against human labels on the dev split only.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")


class Calibration(BaseModel):
    sim_weight: float = Field(14.0, description="Logistic slope on the best sentence similarity of a point")
    lex_weight: float = Field(3.0, description="Logistic weight on the share of the point's terms used")
    bias: float = Field(-9.2, description="Logistic intercept: where a point counts as half covered")
    coverage_weight: float = Field(0.85, description="Score weight of mean point coverage")
    similarity_weight: float = Field(0.35, description="Score weight of whole-answer similarity to the reference")
    intercept: float = Field(-0.12, description="Score intercept")
    position_decay: float = Field(
        0.25, ge=0.0, description="Key point i weighs 1/(1 + decay*i): references state the essentials first"
    )
    off_topic_similarity: float = Field(0.3, description="Below this, the answer is about something else")
    fitted_on: str = Field("defaults", description="Which data the numbers came from")

    def point_probability(self, similarity: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        z = self.sim_weight * similarity + self.lex_weight * lexical + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def score(self, coverage: float, similarity: float) -> float:
        raw = self.coverage_weight * coverage + self.similarity_weight * max(similarity, 0.0) + self.intercept
        return 10.0 * min(1.0, max(0.0, raw))


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

    best_similarity: np.ndarray  # per key point: best similarity to any answer sentence
    lexical: np.ndarray  # per key point: share of its terms that the answer uses
    contradicted: np.ndarray  # per key point: the closest sentence says the opposite
    answer_similarity: float  # the answer's centroid against the reference's centroid


def coverage_of(features: ReferenceFeatures, calibration: Calibration) -> np.ndarray:
    probability = calibration.point_probability(features.best_similarity, features.lexical)
    return np.where(features.contradicted, probability * 0.2, probability)


def point_weights(count: int, calibration: Calibration) -> np.ndarray:
    weights = 1.0 / (1.0 + max(calibration.position_decay, 0.0) * np.arange(count))
    return weights / weights.sum() if count else weights


def reference_score(features: ReferenceFeatures, calibration: Calibration) -> float:
    count = len(features.lexical)
    if not count:
        return 0.0
    coverage = float(coverage_of(features, calibration) @ point_weights(count, calibration))
    return calibration.score(coverage, features.answer_similarity)


_FITTED = ("sim_weight", "lex_weight", "bias", "coverage_weight", "similarity_weight", "intercept", "position_decay")
# The fit may move each number only within what keeps the method meaningful: more similarity and more
# shared terms never lower coverage, and an answer that covers nothing and resembles nothing scores 0.
_BOUNDS = {
    "sim_weight": (2.0, 40.0), "lex_weight": (0.0, 12.0), "bias": (-30.0, 0.0),
    "coverage_weight": (0.3, 2.0), "similarity_weight": (0.0, 1.0), "intercept": (-1.0, 0.0),
    "position_decay": (0.0, 1.0),
}


def fit(samples: list[tuple[list[ReferenceFeatures], float | None, float]], label: str) -> Calibration:
    """Fit the six parameters to (features per reference, score cap or None, human score) on the dev split.

    The score of an answer is its best reference's score, capped by screening; the fit sees exactly
    what grading computes.
    """
    from scipy.optimize import minimize

    start = Calibration()

    def loss(vector: np.ndarray) -> float:
        calibration = start.model_copy(update=dict(zip(_FITTED, map(float, vector))))
        error = 0.0
        for references, cap, expected in samples:
            predicted = max((reference_score(f, calibration) for f in references), default=0.0)
            if cap is not None:
                predicted = min(predicted, cap)
            error += (predicted - expected) ** 2
        # A light pull towards the defaults keeps the curve sane where labels are sparse.
        prior = sum((v - getattr(start, n)) ** 2 / (abs(getattr(start, n)) + 1) for n, v in zip(_FITTED, vector))
        return error / max(1, len(samples)) + 0.05 * prior

    initial = np.array([getattr(start, name) for name in _FITTED])
    bounds = [_BOUNDS[name] for name in _FITTED]
    result = minimize(loss, initial, method="Nelder-Mead", bounds=bounds,
                      options={"maxiter": 4000, "xatol": 1e-3, "fatol": 1e-4})
    fitted = dict(zip(_FITTED, (round(float(v), 4) for v in result.x)))
    if not all(math.isfinite(v) for v in fitted.values()):
        return start
    return start.model_copy(update={**fitted, "fitted_on": label})
