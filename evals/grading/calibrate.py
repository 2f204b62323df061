"""Fit the embedded grader's calibration, and save it.

The fit sees two kinds of answers, neither of which any reported figure is computed on:
- real answers to the training questions that the pair model never saw (the `test-unseen-answers`
  splits of SciEntsBank, Beetle and SAF): human grades on real answer language;
- the dev split of the in-house interview set (long references reduced to key points).
Samples are built exactly the way the grader scores an answer (embedded.py): screen, embed, judge,
features against every reference, the screening cap. Answers that screening settles before any scoring
(empty, "I don't know", gibberish) score 0 whatever the parameters, so they are not samples.
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

from .asag import TRAINED_SETS, load_dataset
from .run import GradingItem, _Rubrics, load_items, select

DATASET_LABEL = "dev split of evals/grading/dataset.jsonl"
ASAG_FIT_SPLIT = "test-unseen-answers"


@dataclass
class FitSample:
    item_id: str
    references: list[ReferenceFeatures]
    cap: float | None
    expected: float


def samples_for(grader, triples: list[tuple[str, object, str, float]]) -> list[FitSample]:
    """(id, rubric, answer, expected 0-10) -> the features `fit` needs, for answers that reach scoring."""
    from mockinterview.agent.grading.judges import BatchJudge

    screened = [grader._readable(screen(answer)) for _, _, answer, _ in triples]
    sentences = [sentence for entry in screened for sentence in entry.sentences]
    vectors = grader.index.encode(sentences) if sentences else np.zeros((0, 1), dtype=np.float32)
    slices, offset = [], 0
    for entry in screened:
        slices.append(vectors[offset:offset + len(entry.sentences)])
        offset += len(entry.sentences)
    # The grader's own rule for answers it settles before scoring (the same call _grade_one makes).
    scored = [(triple, entry, answer_vectors) for triple, entry, answer_vectors in zip(triples, screened, slices)
              if grader._early_verdict(triple[1], entry) is None]
    judge = BatchJudge(grader.judge)
    judge.prefetch([pair for (_, rubric, _, _), entry, answer_vectors in scored
                    for pair in grader._plan(rubric, entry, answer_vectors)[1]])
    samples = []
    for (item_id, rubric, _, expected), entry, answer_vectors in scored:
        per_reference, answer_words = grader.analyse(rubric, entry, answer_vectors, judge)
        cap, _ = grader.cap_for(rubric, entry, answer_words, per_reference)
        samples.append(FitSample(item_id, [features for features, _ in per_reference], cap, expected))
    return samples


def fit_samples(services, items: list[GradingItem]) -> list[FitSample]:
    """The in-house dev items' samples (test items are refused)."""
    leaked = sorted({item.record_id for item in items if item.split != "dev"})
    if leaked:
        raise ValueError(f"Calibration must only see the dev split; got test records {', '.join(leaked[:5])}.")
    rubrics = _Rubrics(services)
    return samples_for(services.grader("embedded"),
                       [(item.id, rubrics(item.record_id), item.answer, item.expected) for item in items])


def asag_fit_samples(services, data_dir: Path | None = None) -> list[FitSample]:
    from .real import _rubric

    items = [item for name in TRAINED_SETS for item in load_dataset(name, data_dir) if item.split == ASAG_FIT_SPLIT]
    grader = services.grader("embedded")
    samples = []
    for start in range(0, len(items), 256):
        chunk = items[start:start + 256]
        samples += samples_for(grader, [(f"{i.dataset}:{i.meta.get('answer_id', start + n)}", _rubric(i), i.answer,
                                         10.0 * i.score) for n, i in enumerate(chunk)])
    return samples


def calibrate(services, items: list[GradingItem] | None = None, *, path: Path = CALIBRATION_PATH,
              real: bool = False) -> Calibration:
    """Fit, save to `path`, and make the running grader use the new numbers."""
    dev = select(load_items() if items is None else items, "dev")
    samples = fit_samples(services, dev)
    label = f"{DATASET_LABEL} ({len(dev)} items)"
    if real:
        real_samples = asag_fit_samples(services)
        samples += real_samples
        label += f" + {len(real_samples)} real answers ({ASAG_FIT_SPLIT} of SciEntsBank, Beetle, SAF)"
    calibration = fit([(sample.references, sample.cap, sample.expected) for sample in samples], label=label)
    # load_calibration silently falls back to the defaults on an invalid file: refuse to write one.
    Calibration.model_validate(calibration.model_dump())
    save_calibration(calibration, path)
    services.grader("embedded").calibration = calibration
    return calibration
