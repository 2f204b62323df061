"""Fit the embedded grader's calibration on the dev split of the grading set, and save it.

Fit samples are built exactly the way the grader scores an answer (embedded.py, `_grade_one`): screen
the answer, embed its sentences, compute the features against every reference and the screening cap.
Answers that screening settles before any scoring (empty, "I don't know", gibberish, injection only)
always score 0 whatever the parameters, so they are not samples. Test items are never read here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockinterview.agent.grading.calibration import (
    CALIBRATION_PATH,
    Calibration,
    ReferenceFeatures,
    fit,
    save_calibration,
)
from mockinterview.agent.grading.screening import screen

from .run import GradingItem, _Rubrics, load_items, select

DATASET_LABEL = "dev split of evals/grading/dataset.jsonl"


@dataclass
class FitSample:
    item_id: str
    references: list[ReferenceFeatures]
    cap: float | None
    expected: float


def fit_samples(services, items: list[GradingItem]) -> list[FitSample]:
    """The features `fit` needs for each dev item that reaches scoring (test items are refused)."""
    leaked = sorted({item.record_id for item in items if item.split != "dev"})
    if leaked:
        raise ValueError(f"Calibration must only see the dev split; got test records {', '.join(leaked[:5])}.")
    grader = services.grader("embedded")
    rubrics = _Rubrics(services)
    screened = [screen(item.answer) for item in items]
    sentences = [sentence for entry in screened for sentence in entry.sentences]
    vectors = grader.index.encode(sentences) if sentences else np.zeros((0, 1), dtype=np.float32)
    samples, offset = [], 0
    for item, entry in zip(items, screened):
        count = len(entry.sentences)
        answer_vectors = vectors[offset:offset + count]
        offset += count
        rubric = rubrics(item.record_id)
        # The grader's own rule for answers it settles before scoring (the same call _grade_one makes).
        if grader._early_verdict(rubric, entry) is not None:
            continue
        per_reference, answer_words = grader.analyse(rubric, entry, answer_vectors)
        cap, _ = grader.cap_for(rubric, entry, answer_words, per_reference)
        samples.append(FitSample(item.id, [features for features, _ in per_reference], cap, item.expected))
    return samples


def calibrate(services, items: list[GradingItem] | None = None, *, path: Path = CALIBRATION_PATH) -> Calibration:
    """Fit on the dev split only, save to `path`, and make the running grader use the new numbers."""
    dev = select(load_items() if items is None else items, "dev")
    samples = fit_samples(services, dev)
    calibration = fit(
        [(sample.references, sample.cap, sample.expected) for sample in samples],
        label=f"{DATASET_LABEL} ({len(dev)} items)",
    )
    # load_calibration silently falls back to the defaults on an invalid file: refuse to write one.
    Calibration.model_validate(calibration.model_dump())
    save_calibration(calibration, path)
    services.grader("embedded").calibration = calibration
    return calibration
