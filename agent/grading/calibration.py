"""The few numbers that turn similarities into a 0-10 score, fitted on the dev split of the grading set.

Two small, monotone steps keep the grader explainable: a logistic curve says how likely each key point
is covered (from the best sentence similarity and the share of its technical terms the answer uses), and
a clipped linear map turns mean coverage and whole-answer similarity into the score. `fit` chooses the
parameters that minimise squared error against human labels on the dev split only.
"""
from __future__ import annotations

import json
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


# The fitted map may move only within what keeps the method meaningful: coverage always earns credit,
# and an answer that covers nothing and resembles nothing scores 0.
_LINEAR_BOUNDS = ([0.3, 0.0, -1.0], [2.0, 1.0, 0.0])  # coverage_weight, similarity_weight, intercept
_DECAYS = (0.0, 0.25, 0.5)
_CENTRES = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)  # sentence similarity at which a point is half covered
_SLOPES = (8.0, 14.0, 20.0)
_TYPICAL_LEXICAL = 0.25


def _predict(samples, calibration: Calibration) -> np.ndarray:
    scores = []
    for references, cap, _ in samples:
        score = max((reference_score(f, calibration) for f in references), default=0.0)
        scores.append(min(score, cap) if cap is not None else score)
    return np.array(scores)


def _fit_linear(samples, calibration: Calibration) -> Calibration:
    """Least squares for the final linear map, on the answers no screening cap decides."""
    from scipy.optimize import lsq_linear

    rows, targets = [], []
    for references, cap, expected in samples:
        if cap is not None or not references:
            continue
        weights = [point_weights(len(f.lexical), calibration) for f in references]
        coverages = [float(coverage_of(f, calibration) @ w) for f, w in zip(references, weights)]
        best = int(np.argmax(coverages))
        rows.append([coverages[best], max(references[best].answer_similarity, 0.0), 1.0])
        targets.append(expected / 10.0)
    if len(rows) < 10:
        return calibration
    solution = lsq_linear(np.array(rows), np.array(targets), bounds=_LINEAR_BOUNDS).x
    names = ("coverage_weight", "similarity_weight", "intercept")
    return calibration.model_copy(update={n: round(float(v), 4) for n, v in zip(names, solution)})


def fit(samples: list[tuple[list[ReferenceFeatures], float | None, float]], label: str) -> Calibration:
    """Fit the score map to (features per reference, screening cap or None, human score) from the dev split.

    A small grid covers the per-point curve (where a point counts as half covered, and how sharply) and
    the position decay; for each grid point the linear map from coverage and similarity to the score is
    fitted by bounded least squares (convex, one answer). The grid point with the lowest mean absolute
    error on the dev samples wins. A grid, not a free optimiser: 54 candidates, each fitted exactly.
    """
    best, best_error = Calibration(), float("inf")
    expected = np.array([target for *_, target in samples])
    lex_weight = Calibration().lex_weight
    grid = [(c, s, d) for c in _CENTRES for s in _SLOPES for d in _DECAYS]
    for centre, slope, decay in grid:
        start = Calibration(sim_weight=slope, bias=round(-(slope * centre + lex_weight * _TYPICAL_LEXICAL), 4),
                            position_decay=decay)
        candidate = _fit_linear(samples, start)
        error = float(np.mean(np.abs(_predict(samples, candidate) - expected))) if samples else float("inf")
        if error < best_error:
            best, best_error = candidate, error
    return best.model_copy(update={"fitted_on": label})
