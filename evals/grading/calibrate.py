"""Fit the embedded grader's calibration, and save it.

The features' spreads (their units in the score) come from 1,500 real training answers per licensed set.
The stretch to 0-10 then sees two kinds of answers, neither of which any reported figure is computed on:
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

from mockinterview.agent.grading.calibration import (
    CALIBRATION_PATH,
    Calibration,
    ReferenceFeatures,
    fit,
    fit_spreads,
    save_calibration,
)

from .asag import TRAINED_SETS, load_dataset
from .run import GradingItem, _Rubrics, load_items, select

DATASET_LABEL = "dev split of evals/grading/dataset.jsonl"
ASAG_FIT_SPLIT = "test-unseen-answers"
SPREAD_SAMPLE = 1500


@dataclass
class FitSample:
    item_id: str
    references: list[ReferenceFeatures]
    cap: float | None
    expected: float


def samples_for(grader, triples: list[tuple[str, object, str, float]]) -> list[FitSample]:
    """(id, rubric, answer, expected 0-10) -> the features `fit` needs, for answers that reach scoring."""
    from mockinterview.agent.grading.judges import BatchJudge

    prepared = grader.prepare([(rubric, answer) for _, rubric, answer, _ in triples])
    # The grader's own rule for answers it settles before scoring (the same call _grade_one makes).
    scored = [(triple, ready) for triple, ready in zip(triples, prepared)
              if grader._early_verdict(triple[1], ready.screened) is None]
    judge = BatchJudge(grader.judge)
    judge.prefetch([pair for (_, rubric, _, _), ready in scored
                    for pair in grader._plan(rubric, ready.screened, ready.vectors)[1]])
    samples = []
    for (item_id, rubric, _, expected), ready in scored:
        per_reference, answer_words = grader.analyse(rubric, ready, judge)
        cap, _ = grader.cap_for(rubric, ready.screened, answer_words, per_reference)
        samples.append(FitSample(item_id, [features for features, _ in per_reference], cap, expected))
    return samples


def spread_samples(grader, data_dir: Path | None = None, per_dataset: int = SPREAD_SAMPLE) -> dict[str, list[dict]]:
    """The score's features on real training answers, per licensed dataset (no judge needed)."""
    from .real import _rubric, _subsample

    result = {}
    for name in TRAINED_SETS:
        items = _subsample([i for i in load_dataset(name, data_dir) if i.split == "train" and i.references], per_dataset)
        rows = []
        for start in range(0, len(items), 256):
            chunk = [(_rubric(item), item.answer) for item in items[start:start + 256]]
            for (rubric, _), ready in zip(chunk, grader.prepare(chunk)):
                if ready.screened.sentences and grader._early_verdict(rubric, ready.screened) is None:
                    rows.append(grader.score_features(rubric, ready)[0])  # against the first (best) reference
        result[name] = rows
    return result


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
    grader = services.grader("embedded")
    if real:  # the features' units first (from real training answers), then the stretch on dev answers
        grader.calibration = Calibration(feature_spreads=fit_spreads(spread_samples(grader)))
    samples = fit_samples(services, dev)
    label = f"{DATASET_LABEL} ({len(dev)} items)"
    if real:
        real_samples = asag_fit_samples(services)
        samples += real_samples
        label += f" + {len(real_samples)} real answers ({ASAG_FIT_SPLIT} of SciEntsBank, Beetle, SAF)"
    calibration = fit([(sample.references, sample.cap, sample.expected) for sample in samples], label=label,
                      base=grader.calibration)
    # load_calibration silently falls back to the defaults on an invalid file: refuse to write one.
    Calibration.model_validate(calibration.model_dump())
    save_calibration(calibration, path)
    grader.calibration = calibration
    return calibration
