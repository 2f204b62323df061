"""Wrong claims: a sentence that says the opposite of a key point, found by asking the pair model twice.

Counting negation words flags correct sentences ("you can't use the hardware as efficiently") and
misses reversed ones ("L2 makes weights sparse"). Instead, for a sentence that is about a key point
but does not state it, we build its counterfactual: the paired terms exchanged (L1 <-> L2, precision <->
recall, ...) or its negation removed. If the pair model then finds that the counterfactual states the
point, the candidate said the opposite: the sentence is quoted and the point is what the reference says.
"""
from __future__ import annotations

import re
from collections.abc import Callable

# Terms that name two sides of one distinction: exchanging them reverses a claim.
PAIRED_TERMS: tuple[tuple[str, str], ...] = (
    ("L1", "L2"), ("lasso", "ridge"), ("precision", "recall"), ("bias", "variance"),
    ("overfitting", "underfitting"), ("overfit", "underfit"), ("increase", "decrease"),
    ("increases", "decreases"), ("increased", "decreased"), ("increasing", "decreasing"),
    ("higher", "lower"), ("larger", "smaller"), ("more", "fewer"), ("training", "test"),
    ("train", "test"), ("supervised", "unsupervised"), ("false positives", "false negatives"),
    ("false positive", "false negative"), ("type I", "type II"), ("sparse", "dense"),
    ("bagging", "boosting"), ("maximize", "minimize"), ("maximizes", "minimizes"),
    ("classification", "regression"), ("generative", "discriminative"), ("parametric", "non-parametric"),
    ("mutable", "immutable"), ("before", "after"), ("faster", "slower"), ("row", "column"),
    ("rows", "columns"), ("encoder", "decoder"), ("underflow", "overflow"),
)
_NEGATION = re.compile(r"\s*\b(?:not|never|no longer)\b|n't\b", re.IGNORECASE)
# Below this the sentence does not state the point; above COUNTERFACTUAL its reversal does.
STATES = 0.5
COUNTERFACTUAL = 0.6
MARGIN = 0.3


def _pattern(term: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)


_PATTERNS = [(a, b, _pattern(a), _pattern(b)) for a, b in PAIRED_TERMS]


def _keep_case(found: str, replacement: str) -> str:
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    return replacement[0].upper() + replacement[1:] if found[0].isupper() else replacement


def exchange(text: str, first: str, second: str) -> str:
    """Every `first` becomes `second` and every `second` becomes `first` (whole words, case kept)."""
    joint = re.compile(rf"(?<![\w-])({re.escape(first)}|{re.escape(second)})(?![\w-])", re.IGNORECASE)
    return joint.sub(lambda m: _keep_case(m.group(0), second if m.group(0).lower() == first.lower() else first),
                     text)


def reversals(sentence: str) -> list[tuple[str, str]]:
    """Counterfactual versions of a sentence, each with what was changed ("L1/L2", "negation")."""
    versions = []
    for first, second, first_re, second_re in _PATTERNS:
        if first_re.search(sentence) or second_re.search(sentence):
            versions.append((exchange(sentence, first, second), f"{first}/{second}"))
    if _NEGATION.search(sentence):
        versions.append((" ".join(_NEGATION.sub("", sentence).split()), "negation"))
    return versions[:4]  # each is a model call: a few are enough for one sentence


def role_swap(point: str, sentence: str) -> tuple[str, str] | None:
    """The pair (A, B) when the point speaks of A only and the sentence of B only (no negation in it):
    the sentence may be giving B what the point says of A. The caller confirms with the embeddings."""
    if _NEGATION.search(sentence):
        return None  # "L2 does not give sparse weights" can be right: the judge decides negations
    for first, second, first_re, second_re in _PATTERNS:
        for a, b, a_re, b_re in ((first, second, first_re, second_re), (second, first, second_re, first_re)):
            if a_re.search(point) and not b_re.search(point) and b_re.search(sentence) and not a_re.search(sentence):
                return a, b
    return None


def swapped_pairs(points: list[str]) -> list[tuple[str, str]]:
    """(point, the point with one paired term exchanged): reversed claims for training, from the corpus."""
    pairs = []
    for point in points:
        for first, second, first_re, second_re in _PATTERNS:
            if first_re.search(point) or second_re.search(point):
                reversed_point = exchange(point, first, second)
                if reversed_point != point:
                    pairs.append((point, reversed_point))
                break
    return pairs


def reversed_claims(items: list[tuple[str, str]],
                    probabilities: Callable[[list[tuple[str, str]]], list[float]]) -> list[str | None]:
    """For each (point, sentence): what was reversed when the sentence says the opposite, else None.

    Two batched calls to the judge: does the sentence state the point; does any of its reversals.
    """
    found: list[str | None] = [None] * len(items)
    versions = [reversals(sentence) for _, sentence in items]
    candidates = [i for i, options in enumerate(versions) if options]
    if not candidates:
        return found
    stated = dict(zip(candidates, probabilities([items[i] for i in candidates])))
    open_ = [i for i in candidates if stated[i] < STATES]
    pairs = [(items[i][0], text) for i in open_ for text, _ in versions[i]]
    scores = iter(probabilities(pairs) if pairs else [])
    for i in open_:
        options = [(float(next(scores)), change) for _, change in versions[i]]
        best, change = max(options)
        if best >= COUNTERFACTUAL and best - stated[i] >= MARGIN:
            found[i] = change
    return found
