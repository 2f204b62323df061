"""Grading eval: how close are the grader's scores to a fair human's, on answers it has never seen?

`dataset.jsonl` holds hand-labelled answers (see README.md): for each record, answers from complete to
empty, each with the score a fair interviewer would give. The grader is compared with those labels and
with a baseline that has no rubric at all: the cosine similarity between the whole answer and the whole
reference, mapped to 0-10 by a straight line fitted on the dev split (the same data our grader's
calibration is fitted on). Calibration is fitted on "dev" only; "test" is reported, never tuned on.
"""
from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

DATASET_PATH = Path(__file__).parent / "dataset.jsonl"
SPLITS: tuple[str, ...] = ("dev", "test", "all")
QUICK_ITEMS = 80  # the quick run grades whole records until it has at least this many items
# Levels whose answers say nothing gradable: a fair interviewer gives them at most DEGENERATE_MAX.
DEGENERATE_LEVELS: tuple[str, ...] = ("dont_know", "empty", "gibberish", "injection", "wrong_question", "vague")
DEGENERATE_MAX = 2.0
# Labels come in half points; two answers of one record closer than this are not reliably ordered by people.
MIN_PAIR_GAP = 1.0


class GradingItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    record_id: str
    question: str
    answer: str
    expected: float = Field(ge=0.0, le=10.0, description="What a fair human interviewer would give")
    level: str
    method: str = Field(description="hand_written, source_text, other_record_text or blank")
    split: Literal["dev", "test"]
    topic: str
    style: str | None = None


def load_items(path: Path = DATASET_PATH) -> list[GradingItem]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [GradingItem.model_validate_json(line) for line in lines if line.strip()]


def select(items: list[GradingItem], split: str, *, quick: bool = False) -> list[GradingItem]:
    """The items of a split ("all" for both); `quick` keeps whole records, chosen by a hash of their id."""
    if split not in SPLITS:
        raise ValueError(f"Unknown split {split!r}; choose one of {', '.join(SPLITS)}.")
    chosen = [item for item in items if split == "all" or item.split == split]
    if not quick:
        return chosen
    by_record: dict[str, list[GradingItem]] = defaultdict(list)
    for item in chosen:
        by_record[item.record_id].append(item)
    order = sorted(by_record, key=lambda rid: hashlib.sha256(f"quick:{rid}".encode()).hexdigest())
    subset: list[GradingItem] = []
    for record_id in order:
        if len(subset) >= QUICK_ITEMS:
            break
        subset.extend(by_record[record_id])
    return subset


# -- metrics (pure functions of scores and labels) -------------------------------------------------------
def _finite(value: float) -> float | None:
    return round(float(value), 4) if np.isfinite(value) else None


def pearson(scores: list[float], expected: list[float]) -> float | None:
    from scipy.stats import pearsonr

    if len(scores) < 2 or np.ptp(scores) == 0 or np.ptp(expected) == 0:
        return None  # undefined for constant inputs
    return _finite(pearsonr(scores, expected)[0])


def spearman(scores: list[float], expected: list[float]) -> float | None:
    from scipy.stats import spearmanr

    if len(scores) < 2 or np.ptp(scores) == 0 or np.ptp(expected) == 0:
        return None
    return _finite(spearmanr(scores, expected)[0])


def mean_absolute_error(scores: list[float], expected: list[float]) -> float | None:
    if not scores:
        return None
    return round(float(np.mean(np.abs(np.asarray(scores) - np.asarray(expected)))), 4)


def pairwise_ordering(record_ids: list[str], expected: list[float], scores: list[float],
                      min_gap: float = MIN_PAIR_GAP) -> tuple[float | None, int]:
    """Share of same-record pairs whose labels differ by >= min_gap that the scores order the same way.

    A tie in the scores counts as half right (as in a rank-based AUC): it does not order the pair.
    """
    by_record: dict[str, list[int]] = defaultdict(list)
    for position, record_id in enumerate(record_ids):
        by_record[record_id].append(position)
    credit, pairs = 0.0, 0
    for positions in by_record.values():
        for i, j in combinations(positions, 2):
            gap = expected[i] - expected[j]
            if abs(gap) < min_gap:
                continue
            pairs += 1
            difference = scores[i] - scores[j]
            credit += 0.5 if difference == 0 else float((difference > 0) == (gap > 0))
    return (round(credit / pairs, 4) if pairs else None), pairs


def degenerate_accuracy(levels: list[str], scores: list[float], *, limit: float = DEGENERATE_MAX) -> tuple[float | None, int]:
    """Share of answers of the degenerate levels scored at most `limit`."""
    chosen = [score for level, score in zip(levels, scores) if level in DEGENERATE_LEVELS]
    if not chosen:
        return None, 0
    return round(sum(score <= limit for score in chosen) / len(chosen), 4), len(chosen)


def level_means(levels: list[str], scores: list[float]) -> dict[str, float]:
    grouped: dict[str, list[float]] = defaultdict(list)
    for level, score in zip(levels, scores):
        grouped[level].append(score)
    return {level: round(float(np.mean(values)), 2) for level, values in sorted(grouped.items())}


def summarise(items: list[GradingItem], scores: list[float]) -> dict:
    """Every metric of one scorer on one set of items."""
    expected = [item.expected for item in items]
    levels = [item.level for item in items]
    ordering, pairs = pairwise_ordering([item.record_id for item in items], expected, scores)
    degenerate, degenerate_n = degenerate_accuracy(levels, scores)
    return {
        "n": len(items),
        "pearson": pearson(scores, expected),
        "spearman": spearman(scores, expected),
        "mae": mean_absolute_error(scores, expected),
        "pairwise_ordering": ordering,
        "pairs": pairs,
        "degenerate_accuracy": degenerate,
        "degenerate_n": degenerate_n,
        "per_level": level_means(levels, scores),
    }


def fit_line(x: list[float], y: list[float]) -> tuple[float, float]:
    """Least-squares slope and intercept of y on x (flat at the mean when x does not vary)."""
    if len(x) < 2 or np.ptp(x) == 0:
        return 0.0, float(np.mean(y)) if y else 0.0
    slope, intercept = np.polyfit(np.asarray(x, dtype=float), np.asarray(y, dtype=float), 1)
    return float(slope), float(intercept)


# -- scorers --------------------------------------------------------------------------------------------
class _Rubrics:
    """One rubric per record, built once (the grader and the baseline grade against the same references)."""

    def __init__(self, services) -> None:
        self._services = services
        self._cache: dict[str, object] = {}

    def __call__(self, record_id: str):
        if record_id not in self._cache:
            from mockinterview.agent.grading.rubric import rubric_for_record

            record = self._services.corpus.get(record_id)
            if record is None:
                raise KeyError(f"Grading item refers to record {record_id!r}, which is not in the corpus.")
            self._cache[record_id] = rubric_for_record(record, self._services.index)
        return self._cache[record_id]


def baseline_similarities(services, items: list[GradingItem], rubrics: _Rubrics) -> list[float]:
    """Cosine of the whole answer with the whole reference text (the best of the record's references)."""
    if not items:
        return []
    answers = services.index.encode([item.answer for item in items])
    references: dict[str, np.ndarray] = {}
    similarities = []
    for item, vector in zip(items, answers):
        if item.record_id not in references:
            texts = [ref.text for ref in rubrics(item.record_id).references] or [""]
            references[item.record_id] = services.index.encode(texts)
        matrix = references[item.record_id]
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(vector) or 1.0)
        similarities.append(float(np.max(matrix @ vector / np.where(norms == 0, 1.0, norms))))
    return similarities


def points_found(grade) -> float:
    """Share of the checkable key points the grade counts as covered (the evidence shown to the candidate)."""
    covered, missed = grade.claims_found
    return covered / max(1, covered + missed)


def grade_items(grader, items: list[GradingItem], rubrics: _Rubrics) -> tuple[list[float], list[float], list[float]]:
    """Scores, per-answer latencies (ms) and points found, one grader.grade call per answer as in an interview turn."""
    if items:  # the first call pays for loading the model: keep it out of the timings
        grader.grade(rubrics(items[0].record_id), items[0].answer)
    scores, latencies, found = [], [], []
    for item in items:
        rubric = rubrics(item.record_id)
        start = time.perf_counter()
        grade = grader.grade(rubric, item.answer)
        latencies.append((time.perf_counter() - start) * 1000.0)
        scores.append(float(grade.score))
        found.append(points_found(grade))
    return scores, latencies, found


def run_grading_eval(services, items: list[GradingItem] | None = None, *, backend: str = "embedded",
                     split: str = "test", quick: bool = False, calibration=None) -> dict:
    """Grader vs baseline on `split`, reported per split; `calibration` overrides the grader's for this run."""
    items = load_items() if items is None else items
    chosen = select(items, split, quick=quick)
    dev = select(items, "dev", quick=quick)
    rubrics = _Rubrics(services)
    grader = services.grader(backend)
    embedded = services.grader("embedded")
    saved = embedded.calibration
    if calibration is not None:
        embedded.calibration = calibration
    try:
        scores, latencies, found = grade_items(grader, chosen, rubrics)
        used_calibration = embedded.calibration.fitted_on
    finally:
        embedded.calibration = saved

    slope, intercept = fit_line(baseline_similarities(services, dev, rubrics), [item.expected for item in dev])
    similarities = baseline_similarities(services, chosen, rubrics)
    baseline = [float(np.clip(slope * s + intercept, 0.0, 10.0)) for s in similarities]

    groups = {"all": list(range(len(chosen)))} if split == "all" else {}
    for name in ("dev", "test"):
        positions = [i for i, item in enumerate(chosen) if item.split == name]
        if positions:
            groups[name] = positions
    report = {}
    for name, positions in groups.items():
        subset = [chosen[i] for i in positions]
        report[name] = {
            "grader": summarise(subset, [scores[i] for i in positions]),
            "baseline": summarise(subset, [baseline[i] for i in positions]),
            "expected_per_level": level_means([item.level for item in subset], [item.expected for item in subset]),
            # The evidence: a paraphrase should have its points found, an answer to another question none.
            "points_found_per_level": level_means([item.level for item in subset], [found[i] for i in positions]),
        }
    return {
        "backend": backend,
        "split": split,
        "quick": quick,
        "items": len(chosen),
        "records": len({item.record_id for item in chosen}),
        "calibration": used_calibration,
        "baseline_fit": {"slope": round(slope, 4), "intercept": round(intercept, 4), "fitted_on": f"dev ({len(dev)} items)"},
        "latency_ms": {
            "p50": round(float(np.percentile(latencies, 50)), 1) if latencies else None,
            "p95": round(float(np.percentile(latencies, 95)), 1) if latencies else None,
        },
        "splits": report,
        "scores": {item.id: score for item, score in zip(chosen, scores)},
    }
