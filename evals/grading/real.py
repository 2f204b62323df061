"""The headline grading eval: the grader against real human grades on answers it never trained on.

Per dataset (asag.py says which rows are held out): Pearson, Spearman and mean absolute error of the
grader and of plain cosine(answer, reference) with the same MiniLM, each with a 95% bootstrap interval.
The bootstrap resamples whole questions, since a new question, not a new answer, is what the grader
meets in use; with 5-15 questions per held-out split the intervals are wide, and they say so.
Also counted: answers left ungraded, wrong-claim flags on answers people marked correct, gibberish
flags on answers people gave credit, and the mean score of fully correct answers.
"""
from __future__ import annotations

import random
from collections import defaultdict

import numpy as np

from .asag import OUTSIDE_SETS, SHORT_NAMES, TRAINED_SETS, AsagItem, held_out_items, training_items

BOOTSTRAP_SAMPLES = 1000
SEED = 7
QUICK_PER_DATASET = 150
GRADE_BATCH = 64


def _pearson(x, y) -> float | None:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def _spearman(x, y) -> float | None:
    from scipy.stats import rankdata

    if len(x) < 3:
        return None
    return _pearson(rankdata(x), rankdata(y))


def _mae(x, y) -> float | None:
    return float(np.mean(np.abs(np.asarray(x) - np.asarray(y)))) if len(x) else None


METRICS = {"pearson": _pearson, "spearman": _spearman, "mae": _mae}


def bootstrap(groups: list[str], predicted: list[float], human: list[float], metric, *, seed: int = SEED,
              samples: int = BOOTSTRAP_SAMPLES) -> tuple[float | None, float | None]:
    """95% interval of `metric` when whole groups (questions) are resampled with replacement."""
    by_group: dict[str, list[int]] = defaultdict(list)
    for position, group in enumerate(groups):
        by_group[group].append(position)
    keys = sorted(by_group)
    rng = random.Random(seed)
    values = []
    for _ in range(samples):
        chosen = [i for key in rng.choices(keys, k=len(keys)) for i in by_group[key]]
        value = metric([predicted[i] for i in chosen], [human[i] for i in chosen])
        if value is not None:
            values.append(value)
    if len(values) < samples // 2:
        return None, None
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


def summary(groups: list[str], predicted: list[float], human: list[float]) -> dict:
    result = {}
    for name, metric in METRICS.items():
        low, high = bootstrap(groups, predicted, human, metric)
        value = metric(predicted, human)
        result[name] = None if value is None else round(value, 3)
        result[f"{name}_ci"] = None if low is None else [round(low, 3), round(high, 3)]
    return result


def _rubric(item: AsagItem):
    from mockinterview.agent.grading.rubric import Rubric, rubric_for_text

    rubrics = [rubric_for_text(item.question or "(question not given)", reference) for reference in item.references]
    return Rubric(rubrics[0].question, [r for rubric in rubrics for r in rubric.references])


def cosine_similarities(encode, items: list[AsagItem]) -> list[float]:
    """cos(answer, reference) with the same MiniLM, the best over an item's references."""
    texts = list(dict.fromkeys([item.answer for item in items] + [r for item in items for r in item.references]))
    vectors = dict(zip(texts, encode(texts)))
    return [max(float(vectors[item.answer] @ vectors[r]) for r in item.references) for item in items]


def cosine_line(encode, items: list[AsagItem]) -> tuple[float, float]:
    """The baseline's map to 0-1: least squares of the human score on cosine over training answers."""
    similarities = cosine_similarities(encode, items)
    slope, intercept = np.polyfit(similarities, [item.score for item in items], 1)
    return float(slope), float(intercept)


def _subsample(items: list[AsagItem], count: int) -> list[AsagItem]:
    rng = random.Random(SEED)
    return sorted(rng.sample(items, count), key=lambda i: (i.question_key, i.answer)) if len(items) > count else items


def evaluate_dataset(grader, encode, items: list[AsagItem], line: tuple[float, float]) -> dict:
    rubrics: dict[tuple, object] = {}  # one per question: its key points are embedded once, not per answer
    grades = []
    for start in range(0, len(items), GRADE_BATCH):
        chunk = items[start:start + GRADE_BATCH]
        grades += grader.grade_many([(rubrics.setdefault((item.question, item.references), _rubric(item)), item.answer)
                                     for item in chunk])
    graded = [i for i, grade in enumerate(grades) if grade.score is not None]
    human = [items[i].score for i in graded]
    groups = [items[i].question_key for i in graded]
    predicted = [grades[i].score / 10.0 for i in graded]
    similarities = cosine_similarities(encode, [items[i] for i in graded])
    baseline = [float(np.clip(line[0] * s + line[1], 0.0, 1.0)) for s in similarities]
    correct = [i for i in graded if items[i].score >= 1.0]
    credited = [i for i, item in enumerate(items) if item.score > 0]
    semeval_correct = [i for i in range(len(items)) if items[i].label == "correct"]
    return {
        "answers": len(items), "questions": len({item.question_key for item in items}),
        "ungraded": len(items) - len(graded),
        "grader": summary(groups, predicted, human),
        "cosine": summary(groups, baseline, human),
        "cosine_raw_pearson": None if _pearson(similarities, human) is None else round(_pearson(similarities, human), 3),
        "correct_mean_score": round(float(np.mean([grades[i].score for i in correct])), 2) if correct else None,
        "wrong_claim_flags_on_correct": (
            round(sum("wrong_claim" in grades[i].flags for i in semeval_correct) / len(semeval_correct), 4)
            if semeval_correct else None),
        "gibberish_flags_on_credited": (
            round(sum("gibberish" in grades[i].flags for i in credited) / len(credited), 4) if credited else None),
    }


def run_real_eval(grader, encode, *, datasets: tuple[str, ...] = TRAINED_SETS + OUTSIDE_SETS, quick: bool = False,
                  data_dir=None) -> dict:
    line_items = _subsample(training_items(data_dir), 1500)
    line = cosine_line(encode, line_items)
    report = {"quick": quick, "cosine_line": {"slope": round(line[0], 4), "intercept": round(line[1], 4),
                                              "fitted_on": f"{len(line_items)} training answers"}, "datasets": {}}
    for name in datasets:
        items = held_out_items(name, data_dir)
        if quick:
            items = _subsample(items, QUICK_PER_DATASET)
        result = evaluate_dataset(grader, encode, items, line)
        result["role"] = "held-out questions" if name in TRAINED_SETS else "outside set, never trained on"
        report["datasets"][SHORT_NAMES.get(name, name)] = result
    return report
