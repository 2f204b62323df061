"""The few numbers that turn an answer's closeness to a reference into a 0-10 score.

The score is the equal-weight mean of four features, each divided by its spread over real training
answers so that none dominates: the whole answer's cosine with the reference, and word recall, word
precision and new-word recall (alignment.py). Equal weights are deliberate: weights fitted by least
squares, or the trained judge's probability added, ranked answers worse on datasets left out of the fit
(SCORE_CARD.md). Cosine is there for interview answers: without it, a fluent answer to another question
on the same topic scored twice as high on the in-house dev split. The mean is stretched to 0-10 by a
monotone line fitted on dev answers. A wrong claim costs `contradiction_penalty` points. The key
points' word recall is the evidence (covered or missed), not the score. Nothing here caps a score
because a threshold was missed: the caps left are for answers that are not answers (see embedded.py).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field, field_validator

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
MAX_PENALISED_CLAIMS = 2
FEATURES = ("cosine", "word_recall", "word_precision", "new_word_recall")


class Calibration(BaseModel):
    feature_weights: dict[str, float] = Field(default_factory=lambda: {name: 1.0 for name in FEATURES},
                                              description="Weight of each feature in the score (equal by design)")
    feature_spreads: dict[str, float] = Field(
        default_factory=lambda: {"cosine": 0.2021, "word_recall": 0.2097, "word_precision": 0.2063,
                                 "new_word_recall": 0.285},
        description="Each feature's standard deviation over real training answers (the mean over datasets)")
    scale: float = Field(0.4346, gt=0.0, description="The weighted mean is stretched by this to the 0-1 scale "
                                                   "(fitted on dev answers)")
    intercept: float = Field(-0.3822, description="Score intercept (0-1 scale), fitted with `scale`")
    contradiction_penalty: float = Field(2.0, ge=0.0, description="Points off per wrong claim (at most two claims)")
    covered_recall: float = Field(0.6, description="A key point counts as covered when this much of it is said, "
                                                   "word by word (its word recall; chosen on the in-house dev split)")
    off_topic_similarity: float = Field(0.15, description="Below this cosine with the reference the answer is "
                                                          "about something else")
    fitted_on: str = Field("defaults", description="Which data the numbers came from")

    @field_validator("feature_weights", "feature_spreads")
    @classmethod
    def _known_features(cls, values: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(values) - set(FEATURES))
        if unknown or not values:
            raise ValueError(f"features must be among {', '.join(FEATURES)}; got {', '.join(unknown) or 'none'}")
        if any(value < 0 for value in values.values()):
            raise ValueError("feature weights and spreads cannot be negative")
        return values

    def blend(self, values: dict[str, float]) -> float:
        """The weighted mean of the features, each in units of its spread."""
        total = sum(self.feature_weights.values()) or 1.0
        return sum(weight * values[name] / max(self.feature_spreads.get(name, 1.0), 1e-6)
                   for name, weight in self.feature_weights.items()) / total

    def score(self, values: dict[str, float], contradictions: int) -> float:
        raw = float(np.clip(10.0 * (self.scale * self.blend(values) + self.intercept), 0.0, 10.0))
        # Taken off the 0-10 score, not before the clip: a wrong claim in a long, close answer still costs.
        penalty = self.contradiction_penalty * min(contradictions, MAX_PENALISED_CLAIMS)
        return max(0.0, raw - penalty)


def load_calibration(path: Path = CALIBRATION_PATH) -> Calibration:
    try:
        return Calibration.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Calibration()  # the documented defaults; the grade still works


def save_calibration(calibration: Calibration, path: Path = CALIBRATION_PATH) -> None:
    path.write_text(json.dumps(calibration.model_dump(), indent=2) + "\n", encoding="utf-8")


@dataclass
class ReferenceFeatures:
    """What the score and the evidence come from, for one answer against one reference (cached for fitting)."""

    whole: float  # P(the answer states the reference), from the judge (caps only)
    points: np.ndarray  # per key point: its word recall in the answer, the evidence
    checkable: np.ndarray  # per key point: a claim worth checking (not a heading, question or filler)
    contradicted: np.ndarray  # per key point: an answer sentence says the opposite
    answer_similarity: float  # embedding similarity of the answer and the reference (topic check)
    alignment: dict[str, float] = field(default_factory=dict)  # the FEATURES, the score's inputs


def reference_score(features: ReferenceFeatures, calibration: Calibration) -> float:
    contradictions = int((features.contradicted & features.checkable).sum())
    return calibration.score(features.alignment, contradictions)


# -- fitting (evals only) ---------------------------------------------------------------------------------
# The weights are fixed (equal); the spreads only put the features in comparable units. The stretch to
# the 0-10 scale is a monotone line, so fitting it cannot change how answers are ordered.


def fit_spreads(per_dataset: dict[str, list[dict[str, float]]]) -> dict[str, float]:
    """Each feature's standard deviation within a dataset, averaged over datasets (none dominates)."""
    spreads = {}
    for name in FEATURES:
        deviations = [float(np.std([values[name] for values in rows])) for rows in per_dataset.values() if len(rows) > 1]
        spreads[name] = round(float(np.mean(deviations)), 4) if deviations else Calibration().feature_spreads[name]
    return spreads


def fit(samples: list[tuple[list[ReferenceFeatures], float | None, float]], label: str,
        base: Calibration | None = None) -> Calibration:
    """The stretch that gives scores the mean and spread of the human grades, on answers no cap decides.

    Not least squares: with a correlation near 0.5 on real answers, the least-squares line pulls every
    score towards the middle (regression to the mean), so right answers got 6 and wrong ones 4.
    """
    base = base or Calibration()
    blends, targets = [], []
    for references, cap, expected in samples:
        if cap is not None or not references:
            continue
        blends.append(max(base.blend(f.alignment) for f in references))
        targets.append(expected / 10.0)
    if len(blends) < 10 or np.std(blends) == 0:
        return base.model_copy(update={"fitted_on": label})
    scale = float(np.std(targets) / np.std(blends))
    intercept = float(np.mean(targets) - scale * np.mean(blends))
    return base.model_copy(update={"scale": round(scale, 4), "intercept": round(intercept, 4), "fitted_on": label})
