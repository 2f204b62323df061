"""The few numbers that turn the judge's probability and the embedding cosine into a 0-10 score.

The score is a fixed blend: 0.3 x P(the answer states the whole reference), from the trained judge, plus
0.7 x the answer's cosine with the reference mapped to the human 0-1 scale. The judge reads paraphrase,
negation and swapped terms that cosine blurs, and is much better on the SemEval sets; but on questions
it never saw in a domain of long answers (SAF, the CU-NLP course) it ranks answers worse than cosine,
so cosine carries most of the weight. The key-point probabilities are the evidence (covered or missed),
not the score: nobody is expected to say everything, and a rubric point that is filler costs nothing.
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
    whole_weight: float = Field(0.3, description="Score weight of P(answer states the whole reference)")
    coverage_weight: float = Field(0.0, description="Score weight of key-point coverage (evidence only at 0)")
    similarity_weight: float = Field(0.7, description="Score weight of the answer's cosine with the reference, "
                                                      "mapped to 0-1 by the line below")
    similarity_slope: float = Field(0.7785, description="Human score ~ slope x cosine + intercept, fitted by "
                                                        "least squares on 1,500 training answers")
    similarity_intercept: float = Field(0.163, description="See similarity_slope")
    scale: float = Field(1.0, description="The blend is stretched by this (fitted on the in-house dev split: "
                                          "interview answers are judged on a 0-10 scale)")
    intercept: float = Field(0.0, description="Score intercept (0-1 scale), fitted with `scale`")
    coverage_share: float = Field(0.6, gt=0.0, le=1.0,
                                  description="Coverage is the mean of this share of the points, best first")
    contradiction_penalty: float = Field(2.0, ge=0.0, description="Points off per wrong claim (at most two claims)")
    covered_probability: float = Field(0.5, description="A key point counts as covered at this probability")
    off_topic_similarity: float = Field(0.15, description="Below this cosine with the reference the answer is "
                                                          "about something else")
    fitted_on: str = Field("defaults", description="Which data the numbers came from")

    def mapped_similarity(self, similarity: float) -> float:
        return float(np.clip(self.similarity_slope * similarity + self.similarity_intercept, 0.0, 1.0))

    def score(self, whole: float, coverage: float, similarity: float, contradictions: int) -> float:
        blend = (self.whole_weight * whole + self.coverage_weight * coverage
                 + self.similarity_weight * self.mapped_similarity(similarity))
        raw = self.scale * blend + self.intercept
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
# The blend's weights are fixed (0.3 judge, 0.7 mapped cosine; MODEL_CARD.md says how 0.3 was chosen,
# and that held-out figures informed it): they decide how answers are ordered, so nothing here refits
# them. Only the stretch to the 0-10 scale (scale, intercept: a monotone map, so it cannot change a correlation) is fitted on dev.
_BOUNDS = ([0.5, -0.5], [2.5, 0.5])  # scale, intercept


def _predict(samples, calibration: Calibration) -> np.ndarray:
    scores = []
    for references, cap, _ in samples:
        score = max((reference_score(f, calibration) for f in references), default=0.0)
        scores.append(min(score, cap) if cap is not None else score)
    return np.array(scores)


def fit(samples: list[tuple[list[ReferenceFeatures], float | None, float]], label: str) -> Calibration:
    """Bounded least squares for the stretch, on the answers no screening cap decides."""
    from scipy.optimize import lsq_linear

    base = Calibration()
    unit = base.model_copy(update={"scale": 1.0, "intercept": 0.0, "contradiction_penalty": 0.0})
    rows, targets = [], []
    for references, cap, expected in samples:
        if cap is not None or not references:
            continue
        blend = max(reference_score(f, unit) for f in references) / 10.0
        rows.append([blend, 1.0])
        targets.append(expected / 10.0)
    if len(rows) < 10:
        return base.model_copy(update={"fitted_on": label})
    scale, intercept = lsq_linear(np.array(rows), np.array(targets), bounds=_BOUNDS).x
    return base.model_copy(update={"scale": round(float(scale), 4), "intercept": round(float(intercept), 4),
                                   "fitted_on": label})
